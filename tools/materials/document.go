package materials

import (
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/pdfmd"
)

// Page geometry of documents, mm.
const (
	docMargin    = 20 // left, right and top of the text
	docBottom    = 26 // from the bottom edge to the last line of text
	docFooterOff = 13 // from the bottom edge to the footer's baseline
	docHeaderOff = 13 // from the top edge to the running title's baseline (pages 2 and on)
)

// renderDocument lays out a material page: title block, body, footer with "n / N".
// It runs the layout twice: the first run counts the pages.
func renderDocument(e *env, p *content.Page, body []byte, paper Paper, m material, date time.Time) ([]byte, int, []diag.Diagnostic, error) {
	maxPages := m.MaxPages
	total := 0
	for pass := 1; ; pass++ {
		pdf, pages, ds := layoutDocument(e, p, body, paper, m, date, total)
		if err := pdf.Error(); err != nil {
			return nil, 0, nil, fmt.Errorf("%s (%s): %w", p.File, paper.Name, err)
		}
		if pages != total {
			if pass > 3 {
				return nil, 0, nil, fmt.Errorf("%s (%s): the page count does not settle", p.File, paper.Name)
			}
			total = pages
			continue
		}
		if maxPages > 0 && pages > maxPages {
			ds = append(ds, diag.Errorf(p.File, p.BodyLine, 0,
				"the text takes %d pages on %s paper but must fit on %d (one sheet, both sides): shorten it", pages, paper.Name, maxPages))
			return nil, pages, ds, nil
		}
		b, err := output(pdf)
		return b, pages, ds, err
	}
}

func layoutDocument(e *env, p *content.Page, body []byte, paper Paper, m material, date time.Time, total int) (*fpdf.Fpdf, int, []diag.Diagnostic) {
	title, desc := p.String("title"), p.String("description")
	pdf := newPDF(paper, e.lang, title, desc, date)
	t := e.theme
	width := paper.W - 2*docMargin
	layout := &pdfmd.Layout{PDF: pdf, French: e.lang == "fr"}

	page := 0
	newPage := func() {
		pdf.AddPage()
		page++
		footer(pdf, e, docMargin, paper.W-docMargin, paper.H-docFooterOff, 7.5, page, total)
		previewMark(pdf, e, paper.W)
		if page > 1 {
			// Running title, so a loose page still says what it belongs to.
			st := pdfmd.Style{Size: 7.5, Color: t.Muted}
			lines := layout.Lines(pdfmd.Plain(title, st), width)
			if len(lines) > 0 {
				layout.DrawLine(lines[0], docMargin, docHeaderOff-lines[0].Baseline(), width, pdfmd.Left)
			}
		}
	}
	newPage()

	// Title block.
	y := float64(docMargin) - 2
	label := layout.Lines(pdfmd.Plain(e.kitLabel, pdfmd.Style{Size: 8, Bold: true, Color: t.Accent}), width)
	y = layout.Draw(label, docMargin, y, width, pdfmd.Left) + 1.5
	layout.Lead = 1.18
	head := layout.Lines(pdfmd.Plain(title, pdfmd.Style{Size: 21, Bold: true, Color: t.Text}), width)
	y = layout.Draw(head, docMargin, y, width, pdfmd.Left) + 2
	layout.Lead = 1.4
	if desc != "" {
		lead := layout.Lines(pdfmd.Plain(desc, pdfmd.Style{Size: 11, Color: t.Muted}), width)
		y = layout.Draw(lead, docMargin, y, width, pdfmd.Left) + 2.5
	}
	if m.ModelText {
		layout.Lead = 1.3
		by := layout.Lines(pdfmd.Plain(e.modelText, pdfmd.Style{Size: 9, Italic: true, Color: t.Muted}), width)
		y = layout.Draw(by, docMargin, y, width, pdfmd.Left) + 2
	}
	fill(pdf, t.Accent)
	pdf.Rect(docMargin, y, width, 0.7, "F")
	y += 6
	if m.Numbers {
		y = numbersBox(pdf, layout, e, docMargin, y, width) + 6
	}

	r := &pdfmd.Renderer{
		PDF:      pdf,
		Theme:    t,
		Frame:    pdfmd.Frame{Left: docMargin, Top: docMargin, Width: width, Bottom: paper.H - docBottom},
		Y:        y,
		NewPage:  newPage,
		French:   e.lang == "fr",
		Markdown: e.md.New(),
		File:     p.File,
		Line:     p.BodyLine,
		Internal: func(dest string) (string, string) {
			u := e.pageURL(dest)
			return strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://"), "/"), u
		},
	}
	ds := r.Render(body)
	if len(layout.Missing) > 0 {
		ds = append(ds, diag.Errorf(p.File, p.KeyLine("title"), 0, "the PDF fonts cannot print %s (title, description or footer)", missing(layout.Missing)))
	}
	return pdf, page, ds
}

// numbersBox draws the panel's numbers in large type, side by side, each with its name and
// purpose, on a tinted band at y; it returns the y below it. The staff guide opens with it.
func numbersBox(pdf *fpdf.Fpdf, l *pdfmd.Layout, e *env, x, y, width float64) float64 {
	t := e.theme
	panel := e.data.Panel()
	const pad = 4.0
	l.Lead = 1.3
	head := l.Lines(pdfmd.Plain(e.tx.T("pdfPosterCallTitle", nil), pdfmd.Style{Size: 11, Bold: true, Color: t.Accent}), width-2*pad)
	colW := (width - 2*pad) / float64(len(panel))
	numSize := 24.0
	for _, ln := range panel {
		for numSize > 12 && l.Width(ln.Display, pdfmd.Style{Size: numSize, Bold: true}) > colW-3 {
			numSize -= 0.5
		}
	}
	type col struct{ num, info []pdfmd.Line }
	var cols []col
	rowH := 0.0
	for _, ln := range panel {
		l.Lead = 1.05
		num := l.Lines(pdfmd.Plain(ln.Display, pdfmd.Style{Size: numSize, Bold: true, Color: t.Text}), colW-3)
		l.Lead = 1.25
		info := l.Lines([]pdfmd.Span{
			{Text: ln.Name[e.lang], Style: pdfmd.Style{Size: 9, Bold: true, Color: t.Text}},
			{Break: true, Style: pdfmd.Style{Size: 9}},
			{Text: ln.Purpose[e.lang], Style: pdfmd.Style{Size: 8.5, Color: t.Muted}},
		}, colW-3)
		cols = append(cols, col{num, info})
		rowH = max(rowH, pdfmd.Height(num)+1+pdfmd.Height(info))
	}
	h := pad + pdfmd.Height(head) + 1.5 + rowH + pad
	fill(pdf, tint)
	pdf.Rect(x, y, width, h, "F")
	yy := l.Draw(head, x+pad, y+pad, width-2*pad, pdfmd.Left) + 1.5
	for i, c := range cols {
		cx := x + pad + float64(i)*colW
		y2 := l.Draw(c.num, cx, yy, colW-3, pdfmd.Left) + 1
		l.Draw(c.info, cx, y2, colW-3, pdfmd.Left)
	}
	return y + h
}
