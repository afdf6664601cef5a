// Package pdfmd lays out text on fpdf pages: an inline layout engine (styled spans, line
// breaking, blanks to fill in by hand, check boxes) and a renderer that walks a goldmark AST of
// a Markdown body (headings, paragraphs, lists, emphasis, links) onto pages with page breaks.
// Fonts are the Go fonts (golang.org/x/image/font/gofont), embedded as UTF-8 subsets so that
// every Latin accent survives.
package pdfmd

import (
	"encoding/binary"
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
	f := printFonts()
	pdf.AddUTF8FontFromBytes(Family, "", f[0])
	pdf.AddUTF8FontFromBytes(Family, "B", f[1])
	pdf.AddUTF8FontFromBytes(Family, "I", f[2])
	pdf.AddUTF8FontFromBytes(Family, "BI", f[3])
}

var (
	fontsOnce sync.Once
	fonts     [4][]byte
)

// printFonts are the Go fonts with one change: the hyphen-minus ("-", U+002D) draws the
// hyphen, not the wide minus sign. The Go fonts are made for code, where "-" is a minus: as
// wide as a figure and longer than the en dash, so "800-8000-645" printed as "800–8000–645".
// The glyph of the soft hyphen (U+00AD), a true hyphen, is copied over the glyph "-" maps to,
// with its advance width; the character stays U+002D, so the text copies and searches as "-".
func printFonts() [4][]byte {
	fontsOnce.Do(func() {
		for i, b := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF} {
			p, err := hyphenFont(b)
			if err != nil {
				panic("pdfmd: Go font: " + err.Error())
			}
			fonts[i] = p
		}
	})
	return fonts
}

// hyphenFont returns a copy of a TrueType font in which the glyph of "-" is the glyph of the
// soft hyphen (outline, bounding box and advance width).
func hyphenFont(ttf []byte) ([]byte, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	from, err := f.GlyphIndex(&buf, '\u00ad')
	if err != nil || from == 0 {
		return nil, errorString("no soft hyphen glyph")
	}
	to, err := f.GlyphIndex(&buf, '-')
	if err != nil || to == 0 {
		return nil, errorString("no hyphen-minus glyph")
	}
	b := append([]byte(nil), ttf...)
	be := binary.BigEndian
	tables := map[string][]byte{}
	for i := range int(be.Uint16(b[4:])) {
		r := b[12+16*i:]
		off, n := be.Uint32(r[8:]), be.Uint32(r[12:])
		if int(off+n) > len(b) {
			return nil, errorString("bad table directory")
		}
		tables[string(r[:4])] = b[off : off+n]
	}
	head, loca, glyf, hhea, hmtx := tables["head"], tables["loca"], tables["glyf"], tables["hhea"], tables["hmtx"]
	if head == nil || loca == nil || glyf == nil || hhea == nil || hmtx == nil {
		return nil, errorString("missing table")
	}
	offset := func(g int) int {
		if be.Uint16(head[50:]) == 0 {
			return 2 * int(be.Uint16(loca[2*g:]))
		}
		return int(be.Uint32(loca[4*g:]))
	}
	src := glyf[offset(int(from)):offset(int(from)+1)]
	dst := glyf[offset(int(to)):offset(int(to)+1)]
	if len(src) > len(dst) {
		return nil, errorString("the soft hyphen's outline is larger than the hyphen's")
	}
	copy(dst, src)
	clear(dst[len(src):])
	nm := int(be.Uint16(hhea[34:]))
	if int(from) >= nm || int(to) >= nm {
		return nil, errorString("glyph without its own metrics")
	}
	copy(hmtx[4*int(to):4*int(to)+4], hmtx[4*int(from):4*int(from)+4])
	return b, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

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
		for _, b := range printFonts() {
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
