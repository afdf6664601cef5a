package qrcode

import (
	"bytes"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"protege/tools/pdftest"
)

func TestDrawDecodes(t *testing.T) {
	tests := []struct {
		text string
		size float64 // mm, quiet zone included
	}{
		{"https://example.org/es/denunciar/", 40},
		{"https://example.org/sub/fr/signaler/", 30},
		{"https://protege.example.org/a/much/longer/path/for/the/site/en/report/", 50},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			pdf := fpdf.New("P", "mm", "A4", "")
			pdf.AddPage()
			// On a tinted background, as on the posters: the quiet zone must be painted white.
			pdf.SetFillColor(0, 85, 107)
			pdf.Rect(0, 0, 210, 297, "F")
			if err := Draw(pdf, tt.text, 20, 20, tt.size); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := pdf.Output(&b); err != nil {
				t.Fatal(err)
			}
			got := pdftest.QR(t, b.Bytes(), 1)
			if len(got) != 1 || got[0] != tt.text {
				t.Errorf("decoded %q, want [%q]", got, tt.text)
			}
		})
	}
}

func TestModules(t *testing.T) {
	n, err := Modules("https://example.org/es/denunciar/")
	if err != nil {
		t.Fatal(err)
	}
	// Version 3 (29 modules) at level M, plus the quiet zone on both sides.
	if n != 29+2*Quiet {
		t.Errorf("modules = %d, want %d", n, 29+2*Quiet)
	}
}
