package materials

import (
	"fmt"
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
func renderDocument(e *env, p *content.Page, body []byte, paper Paper, maxPages int, date time.Time) ([]byte, int, []diag.Diagnostic, error) {
	total := 0
	for pass := 1; ; pass++ {
		pdf, pages, ds := layoutDocument(e, p, body, paper, date, total)
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

func layoutDocument(e *env, p *content.Page, body []byte, paper Paper, date time.Time, total int) (*fpdf.Fpdf, int, []diag.Diagnostic) {
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
	fill(pdf, t.Accent)
	pdf.Rect(docMargin, y, width, 0.7, "F")
	y += 6

	r := &pdfmd.Renderer{
		PDF:     pdf,
		Theme:   t,
		Frame:   pdfmd.Frame{Left: docMargin, Top: docMargin, Width: width, Bottom: paper.H - docBottom},
		Y:       y,
		NewPage: newPage,
		French:  e.lang == "fr",
		File:    p.File,
		Line:    p.BodyLine,
	}
	ds := r.Render(body)
	if len(layout.Missing) > 0 {
		ds = append(ds, diag.Errorf(p.File, p.KeyLine("title"), 0, "the PDF fonts cannot print %s (title, description or footer)", missing(layout.Missing)))
	}
	return pdf, page, ds
}
