package pdftest

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"rsc.io/qr"
)

// Starting poppler or zbar costs more than reading one small PDF or one QR code: the
// functions here look at many files with one run of each tool.

// Texts returns the text of each PDF, as Text does, reading them all with one pdfunite and
// one pdftotext run (the texts already known are not read again). A one-page separator PDF
// goes between the files: the pages poppler reads are split at the separators, and Pages
// counts them afterwards without running pdfinfo.
func Texts(t testing.TB, pdfs ...[]byte) []string {
	t.Helper()
	out := make([]string, len(pdfs))
	var todo []int
	queued := map[string]bool{}
	for i, pdf := range pdfs {
		if s, ok := known[string]("pdftotext", pdf); ok {
			out[i] = s
		} else if k := key("", pdf); !queued[k] {
			queued[k] = true
			todo = append(todo, i)
		}
	}
	switch len(todo) {
	case 0:
	case 1:
		Text(t, pdfs[todo[0]])
	default:
		Need(t, "pdfunite", "pdftotext")
		dir := t.TempDir()
		sep := filepath.Join(dir, "separator.pdf")
		if err := os.WriteFile(sep, separator(t), 0o644); err != nil {
			t.Fatal(err)
		}
		var args []string
		for n, i := range todo {
			p := filepath.Join(dir, fmt.Sprintf("%d.pdf", n))
			if err := os.WriteFile(p, pdfs[i], 0o644); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				args = append(args, sep)
			}
			args = append(args, p)
		}
		all := filepath.Join(dir, "all.pdf")
		run(t, "pdfunite", append(args, all)...)
		// pdftotext ends every page with a form feed.
		pages := strings.Split(string(run(t, "pdftotext", "-enc", "UTF-8", all, "-")), "\f")
		pages = pages[:len(pages)-1]
		var texts []string
		var b strings.Builder
		for _, p := range pages {
			if strings.TrimSpace(p) == separatorText {
				texts = append(texts, b.String())
				b.Reset()
				continue
			}
			b.WriteString(p)
			b.WriteByte('\f')
		}
		texts = append(texts, b.String())
		if len(texts) != len(todo) {
			t.Fatalf("pdftotext: %d texts between the separators of %d PDFs", len(texts), len(todo))
		}
		for n, i := range todo {
			store("pdftotext", pdfs[i], texts[n])
		}
	}
	for i, pdf := range pdfs {
		if out[i] == "" {
			out[i], _ = known[string]("pdftotext", pdf)
		}
	}
	return out
}

const separatorText = "pdftest: end of a PDF 5f0c9e"

var separatorOnce = sync.OnceValues(func() ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetFont("Helvetica", "", 12)
	pdf.AddPage()
	pdf.Text(20, 20, separatorText)
	var b bytes.Buffer
	err := pdf.Output(&b)
	return b.Bytes(), err
})

func separator(t testing.TB) []byte {
	t.Helper()
	b, err := separatorOnce()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Link is a link annotation of a PDF: its page (1-based), its rectangle in points from the
// page's top-left corner, and the address it opens.
type Link struct {
	Page       int
	X, Y, W, H float64
	URI        string
}

var (
	pageRE     = regexp.MustCompile(`(?s)<<\s*/Type\s*/Page\b.*?endobj`)
	mediaBoxRE = regexp.MustCompile(`/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]`)
	linkRE     = regexp.MustCompile(`/Subtype\s*/Link\s*/Rect\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\][^>]*?/A\s*<<\s*/S\s*/URI\s*/URI\s*\(((?:[^()\\]|\\.)*)\)`)
)

// Links lists the link annotations of a PDF written as fpdf writes them (uncompressed page
// objects, in page order), with the page size of each.
func Links(t testing.TB, pdf []byte) []Link {
	t.Helper()
	var links []Link
	box := mediaBoxRE.FindSubmatch(pdf)
	for n, page := range pageRE.FindAll(pdf, -1) {
		if b := mediaBoxRE.FindSubmatch(page); b != nil {
			box = b
		}
		if box == nil {
			t.Fatal("pdftest: no /MediaBox")
		}
		top := num(box[4])
		for _, m := range linkRE.FindAllSubmatch(page, -1) {
			x1, y1, x2, y2 := num(m[1]), num(m[2]), num(m[3]), num(m[4])
			links = append(links, Link{Page: n + 1, X: min(x1, x2), Y: top - max(y1, y2),
				W: math.Abs(x2 - x1), H: math.Abs(y2 - y1), URI: unescape(m[5])})
		}
	}
	return links
}

func num(b []byte) float64 {
	f, _ := strconv.ParseFloat(string(b), 64)
	return f
}

func unescape(b []byte) string {
	var s strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) {
			i++
		}
		s.WriteByte(b[i])
	}
	return s.String()
}

// Area is what QRCodes looks at: a page (1-based) of a PDF, or, when W > 0, a rectangle of
// it in points from the page's top-left corner (a Link's rectangle, say).
type Area struct {
	PDF        []byte
	Page       int
	X, Y, W, H float64
}

// QR renders a page at 150 dpi and returns what every QR code on it says.
func QR(t testing.TB, pdf []byte, page int) []string {
	t.Helper()
	return QRCodes(t, 150, Area{PDF: pdf, Page: page})[0]
}

// QRCodes renders each area at dpi in shades of grey (a rectangle alone, without the rest
// of its page) and returns what every QR code in each says, reading them all with one
// zbarimg run.
func QRCodes(t testing.TB, dpi int, areas ...Area) [][]string {
	t.Helper()
	Need(t, "pdftoppm", "zbarimg")
	dir := t.TempDir()
	var imgs []string
	pdfPath := map[string]string{}
	for i, a := range areas {
		k := key("", a.PDF)
		if pdfPath[k] == "" {
			pdfPath[k] = filepath.Join(dir, fmt.Sprintf("doc%d.pdf", len(pdfPath)))
			if err := os.WriteFile(pdfPath[k], a.PDF, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		p := strconv.Itoa(a.Page)
		args := []string{"-gray", "-r", strconv.Itoa(dpi), "-f", p, "-l", p, "-singlefile"}
		if a.W > 0 {
			// A pixel more on each side: the code's own quiet zone is inside the rectangle.
			px := func(pt float64) float64 { return pt * float64(dpi) / 72 }
			x, y := int(math.Floor(px(a.X)))-1, int(math.Floor(px(a.Y)))-1
			w, h := int(math.Ceil(px(a.X+a.W)))+1-x, int(math.Ceil(px(a.Y+a.H)))+1-y
			args = append(args, "-x", strconv.Itoa(max(x, 0)), "-y", strconv.Itoa(max(y, 0)), "-W", strconv.Itoa(w), "-H", strconv.Itoa(h))
		}
		img := filepath.Join(dir, fmt.Sprintf("area%d", i))
		run(t, "pdftoppm", append(args, pdfPath[k], img)...)
		imgs = append(imgs, img+".pgm")
	}
	var out, errb bytes.Buffer
	cmd := exec.Command("zbarimg", append([]string{"--xml", "-q", "-Sdisable", "-Sqrcode.enable"}, imgs...)...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		// zbarimg exits 4 when an image holds no code.
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 4 {
			t.Fatalf("zbarimg: %v\n%s", err, errb.String())
		}
	}
	var res struct {
		Sources []struct {
			Href    string `xml:"href,attr"`
			Symbols []struct {
				Format string `xml:"format,attr"`
				Data   string `xml:"data"`
			} `xml:"index>symbol"`
		} `xml:"source"`
	}
	if err := xml.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("zbarimg --xml: %v\n%s", err, out.String())
	}
	codes := make([][]string, len(areas))
	found := map[string][]string{}
	for _, s := range res.Sources {
		for _, sym := range s.Symbols {
			d := sym.Data
			if sym.Format == "base64" {
				b, err := base64.StdEncoding.DecodeString(d)
				if err != nil {
					t.Fatalf("zbarimg: %v", err)
				}
				d = string(b)
			}
			found[s.Href] = append(found[s.Href], d)
		}
	}
	if len(res.Sources) != len(imgs) {
		t.Fatalf("zbarimg read %d images of %d", len(res.Sources), len(imgs))
	}
	for i, img := range imgs {
		codes[i] = found[img]
	}
	return codes
}

var (
	contentsRE = regexp.MustCompile(`/Contents\s+(\d+)\s+0\s+R`)
	fillRE     = regexp.MustCompile(`^([\d.]+) g$`)
	rectFillRE = regexp.MustCompile(`^([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re f$`)
)

// QRDrawn checks, without rendering, that link l's square holds the QR code of l's address as
// tools/qrcode draws it: a white square, then black rectangles on the grid of rsc.io/qr's code
// (level M) with a quiet zone of quiet modules, each module exactly as the code says. The PDF's
// page content is read as fpdf writes it (one operation a line, FlateDecode).
func QRDrawn(t testing.TB, pdf []byte, l Link, quiet int) error {
	t.Helper()
	code, err := qr.Encode(l.URI, qr.M)
	if err != nil {
		return err
	}
	n := code.Size + 2*quiet
	ops, height := pageContent(t, pdf, l.Page)
	m := l.W / float64(n)
	const tol = 0.02 // points: fpdf writes two decimals
	near := func(a, b float64) bool { return math.Abs(a-b) <= tol }
	dark := make([]bool, n*n)
	gray, started, rects := -1.0, false, 0
	for _, op := range strings.Split(ops, "\n") {
		if g := fillRE.FindStringSubmatch(op); g != nil {
			gray = num([]byte(g[1]))
			continue
		}
		r := rectFillRE.FindStringSubmatch(op)
		if r == nil {
			continue
		}
		x, y := num([]byte(r[1])), height-num([]byte(r[2]))
		w, h := num([]byte(r[3])), -num([]byte(r[4]))
		if !started {
			started = gray == 1 && near(x, l.X) && near(y, l.Y) && near(w, l.W) && near(h, l.H)
			continue
		}
		if gray != 0 || x < l.X-tol || y < l.Y-tol || x+w > l.X+l.W+tol || y+h > l.Y+l.H+tol {
			continue
		}
		c0, r0 := (x-l.X)/m, (y-l.Y)/m
		cw, rh := w/m, h/m
		if !near(c0*m, math.Round(c0)*m) || !near(r0*m, math.Round(r0)*m) || !near(cw*m, math.Round(cw)*m) || !near(rh*m, math.Round(rh)*m) {
			return fmt.Errorf("%s: rectangle %q is off the module grid", l.URI, op)
		}
		for row := int(math.Round(r0)); row < int(math.Round(r0+rh)); row++ {
			for col := int(math.Round(c0)); col < int(math.Round(c0+cw)); col++ {
				dark[row*n+col] = true
			}
		}
		rects++
	}
	if !started || rects == 0 {
		return fmt.Errorf("%s: no QR code drawn in the link's square (%.2f, %.2f) %.2f pt", l.URI, l.X, l.Y, l.W)
	}
	bad := 0
	for row := range n {
		for col := range n {
			c, r := col-quiet, row-quiet
			want := c >= 0 && r >= 0 && c < code.Size && r < code.Size && code.Black(c, r)
			if dark[row*n+col] != want {
				bad++
			}
		}
	}
	if bad > 0 {
		return fmt.Errorf("%s: %d of %d modules differ from the code", l.URI, bad, n*n)
	}
	return nil
}

// pageContent is the decompressed content stream of a page (1-based), and the page's height.
func pageContent(t testing.TB, pdf []byte, page int) (string, float64) {
	t.Helper()
	pages := pageRE.FindAll(pdf, -1)
	if page < 1 || page > len(pages) {
		t.Fatalf("pdftest: no page %d", page)
	}
	box := mediaBoxRE.FindSubmatch(pages[page-1])
	if box == nil {
		box = mediaBoxRE.FindSubmatch(pdf)
	}
	c := contentsRE.FindSubmatch(pages[page-1])
	if box == nil || c == nil {
		t.Fatalf("pdftest: page %d has no /MediaBox or /Contents", page)
	}
	obj := regexp.MustCompile(`(?s)(?:^|\n)` + string(c[1]) + ` 0 obj\s*<<(.*?)>>\s*stream\r?\n`).FindSubmatchIndex(pdf)
	if obj == nil {
		t.Fatalf("pdftest: no content stream object %s", c[1])
	}
	dict := string(pdf[obj[2]:obj[3]])
	data := pdf[obj[1]:]
	if n := regexp.MustCompile(`/Length\s+(\d+)\b[^R]*$`).FindStringSubmatch(dict); n != nil {
		if l, _ := strconv.Atoi(n[1]); l <= len(data) {
			data = data[:l]
		}
	} else if end := bytes.Index(data, []byte("endstream")); end >= 0 {
		data = data[:end]
	}
	if strings.Contains(dict, "/FlateDecode") {
		r, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("pdftest: content stream %s: %v", c[1], err)
		}
		b, err := io.ReadAll(r)
		if err != nil && len(b) == 0 {
			t.Fatalf("pdftest: content stream %s: %v", c[1], err)
		}
		data = b
	}
	return string(data), num(box[4])
}
