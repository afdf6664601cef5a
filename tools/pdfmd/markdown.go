package pdfmd

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"protege/tools/diag"
)

// Strong marks text to print in bold wherever it appears (for example a hotline number put in
// the Markdown before parsing): StrongOpen + text + StrongClose.
const (
	StrongOpen  = "\uE000"
	StrongClose = "\uE001"
)

// Theme is the typography of a rendered body.
type Theme struct {
	Body, H2, H3, Small float64 // font sizes, points
	Lead                float64 // line height as a multiple of the font size
	Text, Muted, Accent RGB
	ParaGap             float64 // mm after a paragraph or list
	ItemGap             float64 // mm between list items
	H2Before, H2After   float64 // mm around a level-2 heading
	H3Before, H3After   float64
	Indent              float64 // mm: list marker column
}

// DefaultTheme is the theme of the printed materials.
func DefaultTheme() Theme {
	return Theme{
		Body: 10.5, H2: 14.5, H3: 12, Small: 8,
		Lead:  1.42,
		Text:  RGB{27, 31, 35},
		Muted: RGB{74, 85, 96},
		// The site's accent colour (assets/css/main.css --accent).
		Accent:  RGB{0, 85, 107},
		ParaGap: 2.6, ItemGap: 1.1,
		H2Before: 6.5, H2After: 2.2,
		H3Before: 4, H3After: 1.5,
		Indent: 6,
	}
}

// Frame is the area of each page the body may fill, in mm.
type Frame struct {
	Left, Top, Width, Bottom float64
}

// Renderer draws a Markdown body onto pages.
type Renderer struct {
	PDF   *fpdf.Fpdf
	Theme Theme
	Frame Frame
	// Y is where the next block starts; set it below whatever the caller drew first.
	Y float64
	// NewPage adds a page with what every page carries; the body continues at Frame.Top.
	NewPage func()
	French  bool
	// File and Line locate the body (its first line) for messages.
	File string
	Line int
	// Markdown reads the body: the site's Markdown (markdown.Config.New, from site/hugo.toml),
	// so the PDFs read a page as Hugo does.
	Markdown goldmark.Markdown
	// Internal, when set, gives the printed short address and the full address of an internal
	// link's page ("/report" → "host/en/report", "https://host/en/report/"): a cross-reference
	// on paper prints where to find the page. Without it, an internal link prints its text only.
	Internal func(dest string) (short, full string)

	src    []byte
	layout *Layout
	dry    bool // measuring only: nothing is drawn, no page is added
	quote  int
	top    bool // at the top of a page or of the body: no space before the block
	diags  []diag.Diagnostic
}

// Render parses body and draws it. Problems (Markdown the print layout cannot show) are
// returned as diagnostics; the rest of the body is still drawn.
func (r *Renderer) Render(body []byte) []diag.Diagnostic {
	r.src = body
	r.layout = &Layout{PDF: r.PDF, Lead: r.Theme.Lead, French: r.French}
	r.top = true
	doc := r.Markdown.Parser().Parse(text.NewReader(body))
	r.blocks(doc, 0)
	return r.diags
}

func (r *Renderer) errorf(n ast.Node, format string, args ...any) {
	if r.dry {
		return
	}
	r.diags = append(r.diags, diag.Errorf(r.File, r.lineOf(n), 0, format, args...))
}

func (r *Renderer) lineOf(n ast.Node) int {
	off := -1
	for m := n; m != nil && off < 0; m = m.FirstChild() {
		if m.Type() == ast.TypeBlock && m.Lines().Len() > 0 {
			off = m.Lines().At(0).Start
		} else if t, ok := m.(*ast.Text); ok {
			off = t.Segment.Start
		}
	}
	if off < 0 {
		if p := n.Parent(); p != nil && p.Kind() != ast.KindDocument {
			return r.lineOf(p)
		}
		return r.Line
	}
	return r.Line + bytes.Count(r.src[:off], []byte("\n"))
}

func (r *Renderer) style(size float64) Style { return Style{Size: size, Color: r.Theme.Text} }

// lineH is the height of one line of body text.
func (r *Renderer) lineH() float64 { return MM(r.Theme.Body) * r.Theme.Lead }

func (r *Renderer) blocks(parent ast.Node, indent float64) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && !r.dry {
			r.keepSection(h, indent)
		}
		r.block(n, indent)
	}
}

// keepSection starts a new page before a heading when its section (the heading and what
// follows up to the next heading of the same or a higher level) does not fit but is short —
// a quarter of a page, or half of one for a form (every paragraph has a blank to fill in: a
// signature block) — so that it stays whole; and otherwise whenever the heading would be
// left without at least three lines under it.
func (r *Renderer) keepSection(h *ast.Heading, indent float64) {
	avail := r.Frame.Bottom - r.Y
	full := r.Frame.Bottom - r.Frame.Top
	sectionOf := func(h *ast.Heading) (blocks []ast.Node, next ast.Node) {
		for n := h.NextSibling(); n != nil; n = n.NextSibling() {
			if h2, ok := n.(*ast.Heading); ok && h2.Level <= h.Level {
				return blocks, n
			}
			blocks = append(blocks, n)
		}
		return blocks, nil
	}
	blocks, next := sectionOf(h)
	limit := full / 4
	if r.isForm(blocks) {
		limit = full / 2
	}
	// A form (a signature block) stays with the section before it: the text it signs.
	if h2, ok := next.(*ast.Heading); ok && h2.Level == h.Level {
		if form, _ := sectionOf(h2); r.isForm(form) {
			blocks = append(append(blocks, h2), form...)
			limit = full / 2
		}
	}
	section := r.measure(func() {
		r.block(h, indent)
		for _, n := range blocks {
			r.block(n, indent)
		}
	})
	if section <= avail {
		return
	}
	if section <= limit && r.Y > r.Frame.Top+1 {
		r.pageBreak()
		return
	}
	head := r.measure(func() { r.block(h, indent) })
	if head+3*r.lineH() > avail && r.Y > r.Frame.Top+1 {
		r.pageBreak()
	}
}

// isForm reports whether every block is a paragraph with a blank to fill in ("___").
func (r *Renderer) isForm(blocks []ast.Node) bool {
	for _, b := range blocks {
		if b.Kind() != ast.KindParagraph {
			return false
		}
		found := false
		_ = ast.Walk(b, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := n.(*ast.Text); ok && entering {
				v := util.UnescapePunctuations(t.Segment.Value(r.src))
				if bytes.Contains(v, []byte("___")) {
					found = true
					return ast.WalkStop, nil
				}
			}
			return ast.WalkContinue, nil
		})
		if !found {
			return false
		}
	}
	return len(blocks) > 0
}

// measure runs draw without drawing and returns the height it would take.
func (r *Renderer) measure(draw func()) float64 {
	saveY, saveDry, saveTop := r.Y, r.dry, r.top
	r.dry, r.Y = true, 0
	draw()
	h := r.Y
	r.Y, r.dry, r.top = saveY, saveDry, saveTop
	return h
}

func (r *Renderer) pageBreak() {
	if r.dry {
		return
	}
	r.NewPage()
	r.Y = r.Frame.Top
	r.top = true
}

func (r *Renderer) space(mm float64) {
	if !r.top {
		r.Y += mm
	}
}

func (r *Renderer) block(n ast.Node, indent float64) {
	t := r.Theme
	switch n := n.(type) {
	case *ast.Heading:
		size, before, after, color := t.H2, t.H2Before, t.H2After, t.Accent
		if n.Level >= 3 {
			size, before, after, color = t.H3, t.H3Before, t.H3After, t.Text
		}
		r.space(before)
		st := Style{Size: size, Bold: true, Color: color}
		r.paragraph(n, r.inlines(n, st, ""), indent, nil)
		r.Y += after
	case *ast.Paragraph, *ast.TextBlock:
		r.space(0)
		r.paragraph(n, r.inlines(n, r.style(t.Body), ""), indent, nil)
		r.Y += t.ParaGap
	case *ast.List:
		r.list(n, indent)
		r.Y += t.ParaGap
	case *ast.Blockquote:
		r.quote++
		r.blocks(n, indent+5)
		r.quote--
	case *ast.ThematicBreak:
		r.space(t.ParaGap)
		if r.Y+2 > r.Frame.Bottom {
			r.pageBreak()
		}
		if !r.dry {
			r.PDF.SetDrawColor(199, 211, 217)
			r.PDF.SetLineWidth(0.3)
			r.PDF.Line(r.Frame.Left+indent, r.Y, r.Frame.Left+r.Frame.Width, r.Y)
		}
		r.Y += t.ParaGap + 0.3
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var spans []Span
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			if i > 0 {
				spans = append(spans, Span{Break: true, Style: r.style(t.Body)})
			}
			spans = append(spans, Span{Text: strings.TrimRight(string(seg.Value(r.src)), "\n"), Style: Style{Size: t.Body, Color: t.Muted}})
		}
		r.paragraph(n, spans, indent+3, nil)
		r.Y += t.ParaGap
	case *ast.HTMLBlock:
		r.errorf(n, "raw HTML cannot be printed in the PDF (and is not allowed in content): write it in Markdown")
	case *east.Table:
		r.errorf(n, "tables are not supported in printed materials: use a list")
	default:
		r.errorf(n, "%s blocks are not supported in printed materials", n.Kind())
	}
}

// paragraph lays out spans and places the lines; marker, when set, draws the list marker
// next to the first line (given the line's top and baseline).
func (r *Renderer) paragraph(n ast.Node, spans []Span, indent float64, marker func(y float64, ln Line)) {
	width := r.Frame.Width - indent
	lines := r.layout.Lines(spans, width)
	r.reportMissing(n)
	if len(lines) == 0 {
		return
	}
	// No single first line at the foot of a page.
	if len(lines) > 1 && r.Y+lines[0].Height+lines[1].Height > r.Frame.Bottom {
		r.pageBreak()
	}
	x := r.Frame.Left + indent
	for i, ln := range lines {
		if r.Y+ln.Height > r.Frame.Bottom+0.01 && !r.top {
			r.pageBreak()
		}
		if !r.dry {
			r.layout.DrawLine(ln, x, r.Y, width, Left)
			if i == 0 && marker != nil {
				marker(r.Y, ln)
			}
			if r.quote > 0 {
				c := r.Theme.Accent
				r.PDF.SetFillColor(c.R, c.G, c.B)
				r.PDF.Rect(x-4, r.Y, 0.8, ln.Height, "F")
			}
		}
		r.Y += ln.Height
		r.top = false
	}
}

func (r *Renderer) reportMissing(n ast.Node) {
	if len(r.layout.Missing) == 0 {
		return
	}
	var rs []string
	for c := range r.layout.Missing {
		rs = append(rs, fmt.Sprintf("%q (U+%04X)", c, c))
	}
	r.layout.Missing = nil
	slices.Sort(rs)
	r.errorf(n, "the PDF fonts cannot print %s: use another character", strings.Join(rs, ", "))
}

func (r *Renderer) list(l *ast.List, indent float64) {
	t := r.Theme
	num := l.Start
	markerW := t.Indent
	if l.IsOrdered() {
		last := strconv.Itoa(l.Start+l.ChildCount()-1) + "."
		markerW = max(markerW, r.layout.Width(last, Style{Size: t.Body, Bold: true})+2.2)
	}
	first := true
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		if !first {
			r.Y += t.ItemGap
		}
		first = false
		label := "•"
		if l.IsOrdered() {
			label = strconv.Itoa(num) + "."
			num++
		}
		drawn := false
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				spans := r.inlines(c, r.style(t.Body), "")
				var marker func(float64, Line)
				if !drawn {
					box := startsWithBox(&spans)
					lab := label
					marker = func(y float64, ln Line) { r.marker(lab, box, r.Frame.Left+indent, markerW, y, ln) }
					drawn = true
				}
				if c != item.FirstChild() {
					r.Y += t.ItemGap
				}
				r.paragraph(c, spans, indent+markerW, marker)
			case *ast.List:
				r.Y += t.ItemGap
				r.list(c, indent+markerW)
			default:
				r.block(c, indent+markerW)
			}
		}
	}
}

// startsWithBox removes a leading check box ("☐" or a task list's "[ ]") from spans.
func startsWithBox(spans *[]Span) bool {
	s := *spans
	for len(s) > 0 && strings.TrimSpace(s[0].Text) == "" && !s[0].Break {
		s = s[1:]
	}
	if len(s) == 0 || !strings.HasPrefix(strings.TrimLeft(s[0].Text, " "), "☐") {
		return false
	}
	s[0].Text = strings.TrimPrefix(strings.TrimLeft(s[0].Text, " "), "☐")
	*spans = s
	return true
}

func (r *Renderer) marker(label string, box bool, x, w, y float64, ln Line) {
	t := r.Theme
	pdf := r.PDF
	base := y + ln.base
	c := t.Accent
	if box {
		side := MM(t.Body) * 0.78
		pdf.SetDrawColor(t.Text.R, t.Text.G, t.Text.B)
		pdf.SetLineWidth(0.3)
		pdf.Rect(x+0.3, base-side+0.2, side, side, "D")
		return
	}
	st := Style{Size: t.Body, Bold: true, Color: c}
	lw := r.layout.Width(label, st)
	pdf.SetFont(Family, st.fontStyle(), st.Size)
	pdf.SetTextColor(c.R, c.G, c.B)
	if label == "•" {
		pdf.Text(x+1, base, label)
		return
	}
	pdf.Text(x+w-2.2-lw, base, label)
}

// inlines turns the inline children of n into spans.
func (r *Renderer) inlines(n ast.Node, st Style, link string) []Span {
	var out []Span
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(r.src)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			out = append(out, strongSpans(string(v), st, link)...)
			if c.HardLineBreak() {
				out = append(out, Span{Break: true, Style: st})
			} else if c.SoftLineBreak() {
				out = append(out, Span{Text: " ", Style: st})
			}
		case *ast.String:
			out = append(out, strongSpans(string(c.Value), st, link)...)
		case *ast.Emphasis:
			s := st
			if c.Level >= 2 {
				s.Bold = true
			} else {
				s.Italic = true
			}
			out = append(out, r.inlines(c, s, link)...)
		case *ast.CodeSpan, *east.Strikethrough:
			out = append(out, r.inlines(c, st, link)...)
		case *ast.Link:
			dest := string(c.Destination)
			if external(dest) {
				out = append(out, r.inlines(c, st, dest)...)
				small := Style{Size: r.Theme.Small, Color: r.Theme.Muted}
				out = append(out, Span{Text: " (" + displayURL(dest) + ")", Style: small, Link: dest})
			} else if path := internalPath(dest); r.Internal != nil && path != "" {
				// A cross-reference prints its text, then the page's short address.
				short, full := r.Internal(path)
				out = append(out, r.inlines(c, st, full)...)
				small := Style{Size: r.Theme.Small, Color: r.Theme.Muted}
				out = append(out, Span{Text: " (" + short + ")", Style: small, Link: full})
			} else {
				// An anchor on the same page prints its text only.
				out = append(out, r.inlines(c, st, "")...)
			}
		case *ast.AutoLink:
			u := string(c.URL(r.src))
			out = append(out, Span{Text: displayURL(u), Style: st, Link: u})
		case *east.TaskCheckBox:
			out = append(out, Span{Text: "☐", Style: st})
		case *ast.Image:
			r.errorf(n, "images are not supported in printed materials")
		case *ast.RawHTML:
			r.errorf(n, "raw HTML cannot be printed in the PDF (and is not allowed in content)")
		case *east.FootnoteLink:
			r.errorf(n, "footnotes are not supported in printed materials")
		default:
			out = append(out, r.inlines(c, st, link)...)
		}
	}
	return out
}

// strongSpans splits text at the StrongOpen/StrongClose marks.
func strongSpans(s string, st Style, link string) []Span {
	var out []Span
	for s != "" {
		i := strings.Index(s, StrongOpen)
		if i < 0 {
			out = append(out, Span{Text: s, Style: st, Link: link})
			break
		}
		if i > 0 {
			out = append(out, Span{Text: s[:i], Style: st, Link: link})
		}
		s = s[i+len(StrongOpen):]
		j := strings.Index(s, StrongClose)
		if j < 0 {
			j = len(s)
		}
		b := st
		b.Bold = true
		out = append(out, Span{Text: s[:j], Style: b, Link: link})
		s = strings.TrimPrefix(s[j:], StrongClose)
	}
	return out
}

// internalPath is the page path of an internal link ("/report#how" → "/report"); "" for a link
// to an anchor of the same page.
func internalPath(dest string) string {
	dest, _, _ = strings.Cut(dest, "#")
	dest, _, _ = strings.Cut(dest, "?")
	if !strings.HasPrefix(dest, "/") {
		return ""
	}
	return dest
}

func external(dest string) bool {
	u, err := url.Parse(dest)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "mailto")
}

// displayURL is an address as printed: without scheme or closing slash.
func displayURL(u string) string {
	for _, p := range []string{"https://", "http://", "mailto:"} {
		u = strings.TrimPrefix(u, p)
	}
	return strings.TrimSuffix(u, "/")
}
