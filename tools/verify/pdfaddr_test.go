package verify

import (
	"bytes"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// pdfWithLinks makes a one-page PDF with a link annotation to each target, as the kit does over
// the addresses it prints and its QR codes.
func pdfWithLinks(t *testing.T, targets ...string) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A6", "")
	pdf.AddPage()
	for i, u := range targets {
		pdf.LinkString(10, 10+float64(i)*10, 50, 8, u)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPDFAddresses(t *testing.T) {
	const origin, base = "https://protege.cr", "https://protege.cr/sub/"
	for _, tc := range []struct {
		name    string
		targets []string
		want    []string // substrings, one per problem
	}{
		{"made for this address", []string{base, base + "en/report/", "https://www.ict.go.cr/en/sustainability/code-of-conduct.html"}, nil},
		{"a parenthesis in an address", []string{base + "es/a_(b)/"}, nil},
		{"made for the placeholder", []string{"https://protege.example.org/", "https://protege.example.org/en/report/"},
			[]string{"prints or encodes https://protege.example.org/ (", "prints or encodes https://protege.example.org/en/report/", "no printed address or QR code leads to the site"}},
		{"made for another path", []string{base, "https://protege.cr/en/report/"}, []string{"outside the site's base URL"}},
		{"no link at all", nil, []string{"no printed address or QR code leads to the site"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := pdfWithLinks(t, tc.targets...)
			if got := PDFLinks(raw); len(got) != len(tc.targets) {
				t.Fatalf("links %q, want %q", got, tc.targets)
			}
			got := pdfAddressProblems(raw, origin, base)
			if len(got) != len(tc.want) {
				t.Fatalf("problems:\n%s\nwant %d", strings.Join(got, "\n"), len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
	// A preview build (placeholder base URL) is consistent with itself.
	raw := pdfWithLinks(t, "https://protege.example.org/", "https://protege.example.org/en/report/")
	if got := pdfAddressProblems(raw, "https://protege.example.org", "https://protege.example.org/"); len(got) != 0 {
		t.Errorf("preview: %q", got)
	}
}
