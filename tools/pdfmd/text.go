package pdfmd

import (
	"math"
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"protege/tools/typography"
)

// RGB is a colour, 0–255 per channel.
type RGB struct{ R, G, B int }

// Style is how a span of text looks.
type Style struct {
	Size   float64 // points
	Bold   bool
	Italic bool
	Color  RGB
}

func (s Style) fontStyle() string {
	switch {
	case s.Bold && s.Italic:
		return "BI"
	case s.Bold:
		return "B"
	case s.Italic:
		return "I"
	}
	return ""
}

// With returns a copy of s with another size.
func (s Style) With(size float64) Style { s.Size = size; return s }

// Span is a piece of inline content. In Text, a run of three or more "_" becomes a blank to
// fill in by hand (a line), and "☐" an empty check box.
type Span struct {
	Text  string
	Style Style
	Link  string // URL of a link annotation over the text, "" for none
	Break bool   // a hard line break (Text is ignored)
}

// Align is a line's horizontal alignment.
type Align int

const (
	Left Align = iota
	Center
)

// MM converts points to millimetres.
func MM(pt float64) float64 { return pt * 25.4 / 72 }

type itemKind int

const (
	kindText itemKind = iota
	kindBlank
	kindBox
	kindGap // a narrow no-break space: room, no glyph (the Go fonts have no U+202F)
)

type item struct {
	kind  itemKind
	text  string
	style Style
	link  string
	x, w  float64
	space bool // a breakable space precedes the item
}

// Line is one laid-out line of text.
type Line struct {
	Height float64 // mm, including leading
	Width  float64 // mm actually used
	base   float64 // baseline, from the line's top
	items  []item
}

// Baseline is the distance from the line's top to its baseline.
func (ln Line) Baseline() float64 { return ln.base }

// Text returns the line's text (blanks as "___", boxes as "☐"), for tests and messages.
func (ln Line) Text() string {
	var b strings.Builder
	for i, it := range ln.items {
		if i > 0 && it.space {
			b.WriteByte(' ')
		}
		switch it.kind {
		case kindBlank:
			b.WriteString("___")
		case kindBox:
			b.WriteString("☐")
		case kindGap:
			b.WriteRune(typography.NNBSP)
		default:
			b.WriteString(it.text)
		}
	}
	return b.String()
}

// Height is the total height of lines.
func Height(lines []Line) float64 {
	h := 0.0
	for _, l := range lines {
		h += l.Height
	}
	return h
}

// Layout breaks spans into lines and draws them.
type Layout struct {
	PDF    *fpdf.Fpdf
	Lead   float64 // line height as a multiple of the largest font size on the line
	French bool    // French spacing: no line break before : ; ? ! » nor after «
	// Missing collects the characters met that the fonts cannot draw.
	Missing map[rune]bool
}

// Width is the width in mm of s in style st. It is fpdf's own measure (the sum of the
// glyphs' advances, no kerning), taken once per character and font from a page-less document,
// so that measuring writes nothing into the page being drawn.
func (l *Layout) Width(s string, st Style) float64 { return Width(s, st) }

var (
	metricsOnce sync.Once
	metricsMu   sync.RWMutex
	measurer    *fpdf.Fpdf
	advances    = map[string]map[rune]float64{} // font style → character → width in mm at 1 pt
)

// Width is the width in mm of s in style st.
func Width(s string, st Style) float64 {
	fs := st.fontStyle()
	w := 0.0
	metricsMu.RLock()
	adv := advances[fs]
	miss := false
	for _, r := range s {
		a, ok := adv[r]
		if !ok {
			miss = true
			break
		}
		w += a
	}
	metricsMu.RUnlock()
	if !miss {
		return w * st.Size
	}
	metricsOnce.Do(func() {
		measurer = fpdf.New("P", "mm", "A4", "")
		RegisterFonts(measurer)
	})
	metricsMu.Lock()
	defer metricsMu.Unlock()
	if advances[fs] == nil {
		advances[fs] = map[rune]float64{}
	}
	adv = advances[fs]
	measurer.SetFont(Family, fs, 1000)
	w = 0
	for _, r := range s {
		a, ok := adv[r]
		if !ok {
			a = measurer.GetStringWidth(string(r)) / 1000
			adv[r] = a
		}
		w += a
	}
	return w * st.Size
}

// substitutions replace characters the Go fonts lack by ones they have. The narrow no-break
// space is kept: pieces draws it as a narrow gap.
var substitutions = strings.NewReplacer(
	"\u2011", "-", // non-breaking hyphen
	"\u2009", " ", // thin space
)

type token struct {
	item
	spaceW float64
	brk    bool
}

func (l *Layout) tokens(spans []Span) []token {
	var toks []token
	pending := false
	for _, sp := range spans {
		if sp.Break {
			toks = append(toks, token{brk: true, item: item{style: sp.Style}})
			pending = false
			continue
		}
		text := sp.Text
		if l.French {
			text = typography.French(text)
		}
		text = substitutions.Replace(text)
		var word []rune
		flush := func() {
			if len(word) == 0 {
				return
			}
			for _, it := range l.pieces(word, sp) {
				it.space = pending
				pending = false
				toks = append(toks, token{item: it, spaceW: l.Width(" ", sp.Style)})
			}
			word = word[:0]
		}
		for _, r := range text {
			switch r {
			case ' ', '\n', '\t', '\r':
				flush()
				pending = true
			default:
				if !HasGlyph(r) && r != '☐' && r != typography.NNBSP {
					if l.Missing == nil {
						l.Missing = map[rune]bool{}
					}
					l.Missing[r] = true
				}
				word = append(word, r)
			}
		}
		flush()
	}
	return toks
}

// pieces splits a word into text, blanks (3+ underscores) and check boxes.
func (l *Layout) pieces(word []rune, sp Span) []item {
	var out []item
	start := 0
	emitText := func(end int) {
		if end > start {
			s := string(word[start:end])
			out = append(out, item{kind: kindText, text: s, style: sp.Style, link: sp.Link, w: l.Width(s, sp.Style)})
		}
	}
	size := MM(sp.Style.Size)
	for i := 0; i < len(word); {
		switch {
		case word[i] == typography.NNBSP:
			emitText(i)
			out = append(out, item{kind: kindGap, style: sp.Style, link: sp.Link, w: size * 0.2})
			i++
			start = i
		case word[i] == '☐':
			emitText(i)
			out = append(out, item{kind: kindBox, style: sp.Style, w: size * 0.8})
			i++
			start = i
		case word[i] == '_':
			j := i
			for j < len(word) && word[j] == '_' {
				j++
			}
			if j-i >= 3 {
				emitText(i)
				out = append(out, item{kind: kindBlank, style: sp.Style, w: float64(j-i) * size * 0.45})
				start = j
			}
			i = j
		default:
			i++
		}
	}
	emitText(len(word))
	return out
}

// Lines breaks spans into lines no wider than width (mm). A blank that ends the text
// stretches to the right edge, so that there is room to write.
func (l *Layout) Lines(spans []Span, width float64) []Line {
	toks := l.tokens(spans)
	var lines []Line
	var cur Line
	x := 0.0
	lastStyle := Style{}
	finish := func() {
		l.finishLine(&cur, lastStyle)
		cur.Width = x
		lines = append(lines, cur)
		cur = Line{}
		x = 0
	}
	for i := 0; i < len(toks); {
		t := toks[i]
		if t.brk {
			lastStyle = t.style
			finish()
			i++
			continue
		}
		// A chain: the tokens with no breakable space between them. A blank to fill in stays
		// on the line of the word before it ("Name: ____" never leaves its label behind).
		j := i + 1
		for j < len(toks) && (!toks[j].space || toks[j].kind == kindBlank) && !toks[j].brk {
			j++
		}
		chainW := 0.0
		for k, c := range toks[i:j] {
			if k > 0 && c.space {
				chainW += c.spaceW
			}
			chainW += c.w
		}
		gap := 0.0
		if len(cur.items) > 0 && t.space {
			gap = t.spaceW
		}
		if len(cur.items) > 0 && x+gap+chainW > width+1e-6 {
			finish()
			gap = 0
		}
		if len(cur.items) == 0 && chainW > width && j == i+1 && t.kind == kindText {
			// A word wider than the line (a long address): break it between characters.
			for _, part := range l.splitWord(t.item, width) {
				if len(cur.items) > 0 {
					finish()
				}
				part.x = 0
				cur.items = append(cur.items, part)
				x = part.w
				lastStyle = part.style
			}
			i = j
			continue
		}
		for k := i; k < j; k++ {
			it := toks[k].item
			if k == i {
				x += gap
				it.space = len(cur.items) > 0 && it.space
			} else if it.space {
				x += toks[k].spaceW
			}
			it.x = x
			x += it.w
			cur.items = append(cur.items, it)
			lastStyle = it.style
		}
		i = j
	}
	if len(cur.items) > 0 {
		// A closing blank reaches the right edge.
		if last := &cur.items[len(cur.items)-1]; last.kind == kindBlank && last.x+last.w < width {
			last.w = width - last.x
			x = width
		}
		finish()
	}
	return lines
}

func (l *Layout) splitWord(it item, width float64) []item {
	var out []item
	rs := []rune(it.text)
	for len(rs) > 0 {
		n := len(rs)
		for n > 1 && l.Width(string(rs[:n]), it.style) > width {
			n--
		}
		p := it
		p.text = string(rs[:n])
		p.w = l.Width(p.text, it.style)
		out = append(out, p)
		rs = rs[n:]
	}
	return out
}

func (l *Layout) finishLine(ln *Line, fallback Style) {
	size := 0.0
	blank := false
	for _, it := range ln.items {
		size = math.Max(size, it.style.Size)
		blank = blank || it.kind == kindBlank
	}
	if size == 0 {
		size = fallback.Size
	}
	s := MM(size)
	lead := l.Lead
	if lead == 0 {
		lead = 1.35
	}
	h := s * lead
	half := (h - s) / 2
	if blank {
		h += s * 0.7 // room to write above the line
	}
	ln.Height = h
	ln.base = h - half - 0.21*s
}

// Draw draws lines with their top-left corner at (x, y), inside a box of the given width,
// and returns the y below the last line.
func (l *Layout) Draw(lines []Line, x, y, width float64, align Align) float64 {
	for _, ln := range lines {
		l.DrawLine(ln, x, y, width, align)
		y += ln.Height
	}
	return y
}

// DrawLine draws one line with its top-left corner at (x, y).
func (l *Layout) DrawLine(ln Line, x, y, width float64, align Align) {
	pdf := l.PDF
	if align == Center {
		x += (width - ln.Width) / 2
	}
	base := y + ln.base
	for i := 0; i < len(ln.items); i++ {
		it := ln.items[i]
		switch it.kind {
		case kindGap:
			// Room only: the next piece is drawn at its own x.
		case kindBlank:
			pdf.SetDrawColor(90, 98, 106)
			pdf.SetLineWidth(0.25)
			pdf.Line(x+it.x, base+0.8, x+it.x+it.w, base+0.8)
		case kindBox:
			s := MM(it.style.Size)
			side := s * 0.62
			pdf.SetDrawColor(it.style.Color.R, it.style.Color.G, it.style.Color.B)
			pdf.SetLineWidth(0.3)
			pdf.Rect(x+it.x, base-side, side, side, "D")
		default:
			// Join the following words of the same look into one string.
			text := it.text
			w := it.w
			for i+1 < len(ln.items) {
				nx := ln.items[i+1]
				if nx.kind != kindText || nx.style != it.style || nx.link != it.link {
					break
				}
				if nx.space {
					text += " "
				}
				text += nx.text
				w = nx.x + nx.w - it.x
				i++
			}
			st := it.style
			pdf.SetFont(Family, st.fontStyle(), st.Size)
			pdf.SetTextColor(st.Color.R, st.Color.G, st.Color.B)
			pdf.Text(x+it.x, base, text)
			if it.link != "" {
				pdf.LinkString(x+it.x, y, w, ln.Height, it.link)
			}
		}
	}
}

// Plain is a convenience: one span of text in one style.
func Plain(text string, st Style) []Span { return []Span{{Text: text, Style: st}} }
