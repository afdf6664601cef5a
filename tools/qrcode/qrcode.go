// Package qrcode draws QR codes (rsc.io/qr) on fpdf pages as vector rectangles: sharp at any
// print size, and free of embedded images.
package qrcode

import (
	"fmt"

	"codeberg.org/go-pdf/fpdf"
	"rsc.io/qr"
)

// Quiet is the width of the white margin around a code, in modules (the standard's minimum).
const Quiet = 4

// Modules returns the number of modules on a side of the code for text, quiet zone included.
func Modules(text string) (int, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return 0, fmt.Errorf("QR code for %q: %w", text, err)
	}
	return c.Size + 2*Quiet, nil
}

// Draw draws the code for text as a square of side size (quiet zone included) with its
// top-left corner at (x, y), in the document's units. The quiet zone is painted white so the
// code scans on a tinted background too.
func Draw(pdf *fpdf.Fpdf, text string, x, y, size float64) error {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return fmt.Errorf("QR code for %q: %w", text, err)
	}
	n := c.Size + 2*Quiet
	m := size / float64(n)
	pdf.SetFillColor(255, 255, 255)
	pdf.Rect(x, y, size, size, "F")
	pdf.SetFillColor(0, 0, 0)
	ox, oy := x+Quiet*m, y+Quiet*m
	for row := 0; row < c.Size; row++ {
		// One rectangle per horizontal run of dark modules.
		for col := 0; col < c.Size; {
			if !c.Black(col, row) {
				col++
				continue
			}
			end := col
			for end < c.Size && c.Black(end, row) {
				end++
			}
			pdf.Rect(ox+float64(col)*m, oy+float64(row)*m, float64(end-col)*m, m, "F")
			col = end
		}
	}
	return nil
}
