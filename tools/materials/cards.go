package materials

import (
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"protege/tools/diag"
	"protege/tools/pdfmd"
)

// Wallet cards: the ISO/IEC 7810 ID-1 size of a bank card, in a grid with cut marks.
const (
	cardW, cardH = 85.6, 54.0
	cardCols     = 2
	cardRows     = 4
	cutGap       = 2.5 // from the grid to the start of a cut mark
	cutLen       = 6   // length of a cut mark
)

// CardsPerSheet is the number of wallet cards on a sheet.
const CardsPerSheet = cardCols * cardRows

// cardGrid returns the top-left corner of the grid of cards, centred on the page.
func cardGrid(paper Paper) (x0, y0 float64) {
	return (paper.W - cardCols*cardW) / 2, (paper.H - cardRows*cardH) / 2
}

// CutMarks returns the cut marks of a sheet as line segments {x1, y1, x2, y2}: at both ends
// of every line between cards and of the grid's edges, outside the grid.
func CutMarks(paper Paper) [][4]float64 {
	x0, y0 := cardGrid(paper)
	x1, y1 := x0+cardCols*cardW, y0+cardRows*cardH
	var marks [][4]float64
	for c := 0; c <= cardCols; c++ {
		x := x0 + float64(c)*cardW
		marks = append(marks, [4]float64{x, y0 - cutGap - cutLen, x, y0 - cutGap}, [4]float64{x, y1 + cutGap, x, y1 + cutGap + cutLen})
	}
	for r := 0; r <= cardRows; r++ {
		y := y0 + float64(r)*cardH
		marks = append(marks, [4]float64{x0 - cutGap - cutLen, y, x0 - cutGap, y}, [4]float64{x1 + cutGap, y, x1 + cutGap + cutLen, y})
	}
	return marks
}

// renderCards lays out a sheet of wallet cards: on each, the panel hotlines and three signs.
func renderCards(e *env, m material, paper Paper, date time.Time) ([]byte, []diag.Diagnostic, error) {
	title := e.tx.T(m.NameID, nil)
	pdf := newPDF(paper, e.lang, title, e.tx.T(m.DescriptionID, map[string]any{"Count": CardsPerSheet}), date)
	pdf.AddPage()
	l := &pdfmd.Layout{PDF: pdf, French: e.lang == "fr"}
	t := e.theme

	// Find the largest type that fits on a card; the same for every card.
	fitted := -1.0
	for f := 1.0; f >= 0.7-1e-9; f -= 0.05 {
		if card(pdf, l, e, 0, 0, f, false) <= cardH {
			fitted = f
			break
		}
	}
	if fitted < 0 {
		return nil, []diag.Diagnostic{diag.Errorf(e.tx.file, 0, 0,
			"wallet card: the hotline names and the texts pdfCard* are too long to fit on a card; shorten them")}, nil
	}

	x0, y0 := cardGrid(paper)
	for r := 0; r < cardRows; r++ {
		for c := 0; c < cardCols; c++ {
			card(pdf, l, e, x0+float64(c)*cardW, y0+float64(r)*cardH, fitted, true)
		}
	}
	// Light outlines for scissors, then the cut marks for a guillotine.
	draw(pdf, rule)
	pdf.SetLineWidth(0.1)
	for r := 0; r < cardRows; r++ {
		for c := 0; c < cardCols; c++ {
			pdf.Rect(x0+float64(c)*cardW, y0+float64(r)*cardH, cardW, cardH, "D")
		}
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.25)
	for _, mk := range CutMarks(paper) {
		pdf.Line(mk[0], mk[1], mk[2], mk[3])
	}
	// What the sheet is, and how to cut it.
	hint := l.Lines(pdfmd.Plain(title+" — "+e.tx.T("pdfCutHint", nil), pdfmd.Style{Size: 8, Bold: true, Color: t.Muted}), paper.W-2*docMargin)
	if len(hint) > 0 {
		l.DrawLine(hint[0], docMargin, y0-cutGap-cutLen-4-hint[0].Height, paper.W-2*docMargin, pdfmd.Left)
	}
	footer(pdf, e, docMargin, paper.W-docMargin, paper.H-docFooterOff, 7.5, 0, 0)
	previewMark(pdf, e, paper.W)

	if len(l.Missing) > 0 {
		return nil, []diag.Diagnostic{diag.Errorf(e.tx.file, 0, 0, "wallet card: the PDF fonts cannot print %s", missing(l.Missing))}, nil
	}
	if err := pdf.Error(); err != nil {
		return nil, nil, fmt.Errorf("wallet cards (%s): %w", paper.Name, err)
	}
	b, err := output(pdf)
	return b, nil, err
}

// card lays out (and, when drawIt is set, draws) one card with its top-left corner at (x, y)
// and type scaled by f; it returns the height the content needs.
func card(pdf *fpdf.Fpdf, l *pdfmd.Layout, e *env, x, y, f float64, drawIt bool) float64 {
	t := e.theme
	const pad = 3.4
	bandH := 8.5
	if drawIt {
		fill(pdf, t.Accent)
		pdf.Rect(x, y, cardW, bandH, "F")
	}
	l.Lead = 1.15
	head := l.Lines(pdfmd.Plain(e.tx.T("pdfCardTitle", nil), pdfmd.Style{Size: 9.5, Bold: true, Color: white}), cardW-2*pad)
	if drawIt && len(head) > 0 {
		l.DrawLine(head[0], x+pad, y+(bandH-head[0].Height)/2, cardW-2*pad, pdfmd.Left)
	}
	if len(head) > 1 {
		bandH = 99 // does not fit: the title must stay on one line
	}

	top := y + bandH + 2.2
	leftW := 38.0
	rightX := x + pad + leftW + 2.5
	rightW := cardW - pad - (rightX - x)

	// Left: numbers to call.
	labelSt := pdfmd.Style{Size: 6.5 * f, Bold: true, Color: t.Accent}
	yy := top
	l.Lead = 1.2
	callLabel := l.Lines(pdfmd.Plain(strings.ToUpper(e.tx.T("pdfCardCall", nil)), labelSt), leftW)
	if drawIt {
		l.Draw(callLabel, x+pad, yy, leftW, pdfmd.Left)
	}
	yy += pdfmd.Height(callLabel) + 0.3
	for _, ln := range e.data.Panel() {
		l.Lead = 1.05
		num := l.Lines(pdfmd.Plain(ln.Display, pdfmd.Style{Size: 11.5 * f, Bold: true, Color: t.Text}), leftW)
		// Each number with what it is: the line's name, then its purpose.
		l.Lead = 1.15
		purpose := l.Lines([]pdfmd.Span{
			{Text: ln.Name[e.lang], Style: pdfmd.Style{Size: 6 * f, Bold: true, Color: t.Text}},
			{Text: "\u00a0– " + ln.Purpose[e.lang], Style: pdfmd.Style{Size: 6 * f, Color: t.Muted}},
		}, leftW)
		if drawIt {
			yy2 := l.Draw(num, x+pad, yy, leftW, pdfmd.Left)
			l.Draw(purpose, x+pad, yy2, leftW, pdfmd.Left)
		}
		yy += pdfmd.Height(num) + pdfmd.Height(purpose) + 1.1
	}
	leftH := yy - top

	// Right: signs, then the reminder.
	yy = top
	l.Lead = 1.2
	signsLabel := l.Lines(pdfmd.Plain(strings.ToUpper(e.tx.T("pdfCardSigns", nil)), labelSt), rightW)
	if drawIt {
		l.Draw(signsLabel, rightX, yy, rightW, pdfmd.Left)
	}
	yy += pdfmd.Height(signsLabel) + 0.3
	signSt := pdfmd.Style{Size: 6.2 * f, Color: t.Text}
	l.Lead = 1.18
	for _, id := range []string{"pdfCardSign1", "pdfCardSign2", "pdfCardSign3"} {
		lines := l.Lines(pdfmd.Plain(e.tx.T(id, nil), signSt), rightW-2.4)
		if drawIt && len(lines) > 0 {
			pdf.SetFont(pdfmd.Family, "B", signSt.Size)
			pdf.SetTextColor(t.Accent.R, t.Accent.G, t.Accent.B)
			pdf.Text(rightX, yy+lines[0].Baseline(), "•")
			l.Draw(lines, rightX+2.4, yy, rightW-2.4, pdfmd.Left)
		}
		yy += pdfmd.Height(lines) + 0.8
	}
	note := l.Lines(pdfmd.Plain(e.tx.T("pdfCardNote", nil), pdfmd.Style{Size: 6 * f, Italic: true, Bold: true, Color: t.Text}), rightW)
	if drawIt {
		l.Draw(note, rightX, yy+0.4, rightW, pdfmd.Left)
	}
	yy += 0.4 + pdfmd.Height(note)
	rightH := yy - top

	// Bottom: the "where to report" page.
	url := strings.TrimPrefix(strings.TrimPrefix(e.reportURL, "https://"), "http://")
	l.Lead = 1.2
	foot := l.Lines(pdfmd.Plain(url, pdfmd.Style{Size: 5.8, Bold: true, Color: t.Accent}), cardW-2*pad)
	footH := pdfmd.Height(foot)
	if drawIt {
		l.Draw(foot, x+pad, y+cardH-2.2-footH, cardW-2*pad, pdfmd.Left)
		pdf.LinkString(x+pad, y+cardH-2.2-footH, cardW-2*pad, footH, e.reportURL)
	}
	return bandH + 2.2 + max(leftH, rightH) + 0.8 + footH + 2.2
}
