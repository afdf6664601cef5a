package pdftest

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"protege/tools/qrcode"
)

func TestDecodePGM(t *testing.T) {
	img, err := decodePGM([]byte("P5\n3 2\n255\n\x00\x10\x20\x30\x40\xff"))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 3 || b.Dy() != 2 || img.GrayAt(2, 1).Y != 0xff || img.GrayAt(1, 0).Y != 0x10 {
		t.Errorf("decoded %v %v", img.Bounds(), img.Pix)
	}
	for _, bad := range []string{"P6\n1 1\n255\n\x00\x00\x00", "P5\n2 2\n255\n\x00", "P5\n1 1\n65535\n\x00\x00"} {
		if _, err := decodePGM([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// twoDocs are two PDFs written by fpdf: the first has two pages, the second a QR code to
// qrURL under a link to the same address; the second has one page.
func twoDocs(t *testing.T) (a, b []byte) {
	t.Helper()
	doc := func(pages ...func(*fpdf.Fpdf)) []byte {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.SetFont("Helvetica", "", 12)
		for _, p := range pages {
			pdf.AddPage()
			p(pdf)
		}
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	text := func(s string) func(*fpdf.Fpdf) { return func(p *fpdf.Fpdf) { p.Text(20, 20, s) } }
	a = doc(text("first page"), func(p *fpdf.Fpdf) {
		p.Text(20, 20, "second page")
		if err := qrcode.Draw(p, qrURL, 30, 40, 60); err != nil {
			t.Fatal(err)
		}
		p.LinkString(30, 40, 60, 60, qrURL)
	})
	return a, doc(text("other document"))
}

const qrURL = "https://example.org/sub/en/report/"

func TestTextsReadsEachPDF(t *testing.T) {
	Need(t, "pdfunite", "pdftotext", "pdfinfo")
	a, b := twoDocs(t)
	got := Texts(t, a, b, a)
	for i, pdf := range [][]byte{a, b, a} {
		// pdftotext alone, not remembered.
		if want := string(run(t, "pdftotext", "-enc", "UTF-8", file(t, pdf), "-")); got[i] != want {
			t.Errorf("text %d: %q, want %q", i, got[i], want)
		}
	}
	// The page counts are the pages pdftotext read, as pdfinfo counts them.
	for _, pdf := range [][]byte{a, b} {
		info := string(run(t, "pdfinfo", file(t, pdf)))
		if n := Pages(t, pdf); !strings.Contains(info, fmt.Sprintf("Pages:           %d\n", n)) {
			t.Errorf("%d pages, pdfinfo says:\n%s", n, info)
		}
	}
	if !strings.Contains(got[0], "first page") || !strings.Contains(got[0], "second page") || strings.Count(got[0], "\f") != 2 {
		t.Errorf("text of the first PDF: %q", got[0])
	}
}

func TestLinksAndQRCodes(t *testing.T) {
	a, _ := twoDocs(t)
	links := Links(t, a)
	const k = 72 / 25.4
	if len(links) != 1 || links[0].Page != 2 || links[0].URI != qrURL ||
		math.Abs(links[0].X-30*k) > 0.01 || math.Abs(links[0].Y-40*k) > 0.01 || math.Abs(links[0].W-60*k) > 0.01 || math.Abs(links[0].H-60*k) > 0.01 {
		t.Fatalf("links %+v", links)
	}
	l := links[0]
	if err := QRDrawn(t, a, l, qrcode.Quiet); err != nil {
		t.Error(err)
	}
	other := l
	other.URI = "https://example.org/sub/es/denunciar/"
	if err := QRDrawn(t, a, other, qrcode.Quiet); err == nil {
		t.Error("the code is taken for another address's")
	}
	moved := l
	moved.X += 10
	if err := QRDrawn(t, a, moved, qrcode.Quiet); err == nil {
		t.Error("a code found where none is drawn")
	}

	Need(t, "pdftoppm", "zbarimg")
	got := QRCodes(t, 150, Area{PDF: a, Page: 2, X: l.X, Y: l.Y, W: l.W, H: l.H}, Area{PDF: a, Page: 2}, Area{PDF: a, Page: 1})
	want := [][]string{{qrURL}, {qrURL}, nil}
	if len(got) != 3 || !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) || got[2] != nil {
		t.Errorf("QR codes %q, want %q", got, want)
	}
}
