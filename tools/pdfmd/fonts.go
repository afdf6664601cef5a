// Package pdfmd lays out text on fpdf pages: an inline layout engine (styled spans, line
// breaking, blanks to fill in by hand, check boxes) and a renderer that walks a goldmark AST of
// a Markdown body (headings, paragraphs, lists, emphasis, links) onto pages with page breaks.
// Fonts are the Go fonts (golang.org/x/image/font/gofont), embedded as UTF-8 subsets so that
// every Latin accent survives.
package pdfmd

import (
	"sync"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Family is the font family name registered by RegisterFonts.
const Family = "go"

// RegisterFonts adds the four Go fonts (regular, bold, italic, bold italic) to a document.
func RegisterFonts(pdf *fpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(Family, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(Family, "B", gobold.TTF)
	pdf.AddUTF8FontFromBytes(Family, "I", goitalic.TTF)
	pdf.AddUTF8FontFromBytes(Family, "BI", gobolditalic.TTF)
}

var (
	glyphOnce  sync.Once
	glyphFonts []*sfnt.Font
	glyphMu    sync.Mutex
	glyphSeen  = map[rune]bool{}
)

// HasGlyph reports whether every one of the four Go fonts draws r.
func HasGlyph(r rune) bool {
	if r < 0x7f && r >= 0x20 {
		return true
	}
	glyphMu.Lock()
	defer glyphMu.Unlock()
	if ok, seen := glyphSeen[r]; seen {
		return ok
	}
	glyphOnce.Do(func() {
		for _, b := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF} {
			f, err := sfnt.Parse(b)
			if err != nil {
				panic("pdfmd: Go font: " + err.Error())
			}
			glyphFonts = append(glyphFonts, f)
		}
	})
	var buf sfnt.Buffer
	ok := true
	for _, f := range glyphFonts {
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			ok = false
		}
	}
	glyphSeen[r] = ok
	return ok
}
