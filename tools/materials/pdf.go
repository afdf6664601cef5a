package materials

import (
	"bytes"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"protege/tools/hotlines"
	"protege/tools/markdown"
	"protege/tools/pdfmd"
)

// env is what every material of one language needs.
type env struct {
	lang      string
	root      string // the repository root (the training scenarios)
	baseURL   string // ends with "/"
	tx        *texts
	data      *hotlines.Data
	kitLabel  string // "PROTEGE · MATERIALES PARA EMPRESAS"
	reportURL string // the QR code's target: the "where to report" page in this language
	checked   string // the hotline data's date, written out
	theme     pdfmd.Theme
	md        markdown.Config             // how the site reads Markdown (site/hugo.toml)
	preview   bool                        // not a release build: every page carries the PREVIEW mark
	publisher string                      // "Published by …", or "Publisher not set yet"
	modelText string                      // "Model text published by …" (code of conduct, supplier clause)
	pageURL   func(logical string) string // the address of a page of this language
	others    map[string]*env             // every language's env, for materials in several
}

// site is the address printed in footers: the base URL without its scheme.
func (e *env) site() string {
	s := strings.TrimPrefix(strings.TrimPrefix(e.baseURL, "https://"), "http://")
	return strings.TrimSuffix(s, "/")
}

// newPDF starts a document whose metadata and dates are fixed by its sources, so that the
// same sources always give the same bytes.
func newPDF(paper Paper, lang, title, subject string, date time.Time) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: paper.W, Ht: paper.H}})
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetTitle(title, true)
	pdf.SetSubject(subject, true)
	pdf.SetAuthor("Protege", true)
	pdf.SetCreator("Protege (protege materials)", true)
	pdf.SetLang(lang)
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdfmd.RegisterFonts(pdf)
	return pdf
}

func output(pdf *fpdf.Fpdf) ([]byte, error) {
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func fill(pdf *fpdf.Fpdf, c pdfmd.RGB) { pdf.SetFillColor(c.R, c.G, c.B) }
func draw(pdf *fpdf.Fpdf, c pdfmd.RGB) { pdf.SetDrawColor(c.R, c.G, c.B) }

var (
	white = pdfmd.RGB{R: 255, G: 255, B: 255}
	tint  = pdfmd.RGB{R: 238, G: 246, B: 248} // --panel
	rule  = pdfmd.RGB{R: 199, G: 211, B: 217} // --border
)

// footerLines lays out the footer's text: the site address, the publisher and the date of
// the hotline data, on one line or, when that is too long, two.
func footerLines(l *pdfmd.Layout, e *env, width, size float64) []pdfmd.Line {
	st := pdfmd.Style{Size: size, Color: e.theme.Muted}
	checked := e.tx.T("pdfHotlinesChecked", map[string]any{"Date": e.checked})
	l.Lead = 1.3
	one := l.Lines(pdfmd.Plain(e.site()+"  ·  "+e.publisher+"  ·  "+checked, st), width)
	if len(one) == 1 {
		return one
	}
	return l.Lines([]pdfmd.Span{{Text: e.site() + "  ·  " + e.publisher, Style: st}, {Break: true, Style: st}, {Text: checked, Style: st}}, width)
}

// footer draws the site address (a link to the site), the publisher, the date of the hotline
// data and, when total > 0, "n / N"; the last line's baseline is at y, between x0 and x1.
func footer(pdf *fpdf.Fpdf, e *env, x0, x1, y, size float64, page, total int) {
	t := e.theme
	l := &pdfmd.Layout{PDF: pdf, French: e.lang == "fr"}
	lines := footerLines(l, e, x1-x0-20, size)
	top := y
	if len(lines) > 0 {
		top = y - lines[len(lines)-1].Baseline() - pdfmd.Height(lines[:len(lines)-1])
	}
	draw(pdf, rule)
	pdf.SetLineWidth(0.2)
	pdf.Line(x0, top-0.6, x1, top-0.6)
	l.Draw(lines, x0, top, x1-x0, pdfmd.Left)
	if len(lines) > 0 {
		pdf.LinkString(x0, top, l.Width(e.site(), pdfmd.Style{Size: size}), lines[0].Height, e.baseURL)
	}
	if total > 0 {
		st := pdfmd.Style{Size: size, Color: t.Muted}
		num := e.tx.T("pdfPageNumber", map[string]any{"Page": page, "Total": total})
		bst := st
		bst.Bold = true
		w := l.Width(num, bst)
		pdf.SetFont(pdfmd.Family, "B", size)
		pdf.SetTextColor(t.Muted.R, t.Muted.G, t.Muted.B)
		pdf.Text(x1-w, y, num)
	}
}

// footerHeight is the height the footer takes above its last baseline, plus its rule.
func footerHeight(pdf *fpdf.Fpdf, e *env, width, size float64) float64 {
	l := &pdfmd.Layout{PDF: pdf, French: e.lang == "fr"}
	return pdfmd.Height(footerLines(l, e, width-20, size)) + 1.2
}

// previewMark draws, at the top of the current page, the band that says a preview build's PDF
// is not for printing: its addresses and QR codes are not final.
func previewMark(pdf *fpdf.Fpdf, e *env, pageW float64) {
	if !e.preview {
		return
	}
	const h = 8.0
	fill(pdf, markRed)
	pdf.Rect(0, 0, pageW, h, "F")
	l := &pdfmd.Layout{PDF: pdf, French: e.lang == "fr", Lead: 1.1}
	lines := l.Lines(pdfmd.Plain(e.tx.T("pdfPreviewMark", nil), pdfmd.Style{Size: 9, Bold: true, Color: white}), pageW-8)
	if len(lines) > 0 {
		l.DrawLine(lines[0], 4, (h-lines[0].Height)/2, pageW-8, pdfmd.Center)
	}
}

var markRed = pdfmd.RGB{R: 178, G: 34, B: 34}
