package materials

import (
	"bytes"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"protege/tools/hotlines"
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

// footer draws the site address, the date of the hotline data and, when total > 0, "n / N",
// on one line whose baseline is at y, between x0 and x1.
func footer(pdf *fpdf.Fpdf, e *env, x0, x1, y, size float64, page, total int) {
	t := e.theme
	draw(pdf, rule)
	pdf.SetLineWidth(0.2)
	pdf.Line(x0, y-pdfmd.MM(size)-1.6, x1, y-pdfmd.MM(size)-1.6)
	l := &pdfmd.Layout{PDF: pdf, French: e.lang == "fr"}
	st := pdfmd.Style{Size: size, Color: t.Muted}
	left := e.site() + "  ·  " + e.tx.T("pdfHotlinesChecked", map[string]any{"Date": e.checked})
	lines := l.Lines(pdfmd.Plain(left, st), x1-x0-20)
	if len(lines) > 0 {
		l.DrawLine(lines[0], x0, y-lines[0].Baseline(), x1-x0, pdfmd.Left)
	}
	if total > 0 {
		num := e.tx.T("pdfPageNumber", map[string]any{"Page": page, "Total": total})
		bst := st
		bst.Bold = true
		w := l.Width(num, bst)
		pdf.SetFont(pdfmd.Family, "B", size)
		pdf.SetTextColor(t.Muted.R, t.Muted.G, t.Muted.B)
		pdf.Text(x1-w, y, num)
	}
}
