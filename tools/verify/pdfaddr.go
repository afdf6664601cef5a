package verify

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"protege/tools/publisher"
)

// checkPDFAddresses checks that every PDF of the site was made for the site's address: the
// printed kit puts a link over the address it prints (footer, posters, cards) and over each QR
// code, with the very string the code encodes; those links must start with the base URL. A PDF
// with no link to the site, or with one to a placeholder host or to another path of this
// host, was made for another address and would send a reader nowhere once printed.
func (s *site) checkPDFAddresses() {
	base := s.origin + s.prefix
	var pdfs []string
	for rel := range s.files {
		if strings.HasSuffix(rel, ".pdf") {
			pdfs = append(pdfs, rel)
		}
	}
	slices.Sort(pdfs)
	for _, rel := range pdfs {
		raw, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
		if err != nil {
			s.errorf(rel, 0, "%v", err)
			continue
		}
		for _, msg := range pdfAddressProblems(raw, s.origin, base) {
			s.errorf(rel, 0, "%s", msg)
		}
	}
}

// pdfAddressProblems lists what is wrong with the site addresses a PDF links to.
func pdfAddressProblems(raw []byte, origin, base string) []string {
	var out []string
	ours := 0
	for _, u := range PDFLinks(raw) {
		if strings.HasPrefix(u, base) {
			ours++
			continue
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") {
			continue
		}
		switch {
		case strings.EqualFold(p.Scheme+"://"+p.Host, origin):
			out = append(out, fmt.Sprintf("links to %s, outside the site's base URL %s: the PDF was made for another path; rebuild it with this base URL", u, base))
		case publisher.Placeholder(u) != "" && publisher.Placeholder(base) == "":
			out = append(out, fmt.Sprintf("prints or encodes %s (%s), not the site's address %s: rebuild the PDFs with this base URL", u, publisher.Placeholder(u), base))
		}
	}
	if ours == 0 {
		out = append(out, fmt.Sprintf("no printed address or QR code leads to the site (%s): the PDF was made for another address", base))
	}
	return out
}

var uriRE = regexp.MustCompile(`/URI\s*\(((?:\\.|[^\\)])*)\)`)

// PDFLinks returns the targets of a PDF's link annotations (/URI actions), in file order.
// fpdf writes them as literal strings in the uncompressed page objects.
func PDFLinks(raw []byte) []string {
	var out []string
	for _, m := range uriRE.FindAllSubmatch(raw, -1) {
		out = append(out, unescapePDF(string(m[1])))
	}
	return out
}

func unescapePDF(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
