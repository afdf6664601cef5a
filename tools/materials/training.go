package materials

// The training kit's generated sheets: scenario cards (from content/data/scenarios/<lang>.yaml)
// and the attendance sheet. The facilitator's guide and the participants' summary are Markdown
// pages of content/, laid out as documents like the rest of the kit.

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"time"

	"protege/tools/diag"
	"protege/tools/pdfmd"
	"protege/tools/scenarios"
)

// Scenario cards are strips across the sheet, printed on one side only: the situation on the
// left half, the answer on the right. Cut along the solid lines, fold along the dashed line,
// and each card has the situation on its front and the answer on its back. A small business's
// printer needs no duplex and no front/back alignment (which shifts from printer to printer).
const (
	stripMargin   = 10 // mm, left, right and top of the sheet
	stripsPerPage = 3
	stripPad      = 4.5 // mm inside each half
	stripHintH    = 9   // mm above the first strip: what the sheet is and how to cut it
)

// trainingJob prepares the scenario cards or the attendance sheet of one language and paper.
func trainingJob(e *env, m material, paper Paper, f File, date time.Time) (*job, []diag.Diagnostic) {
	slug := e.tx.T(m.SlugID, nil)
	if !slugRE.MatchString(slug) {
		return nil, []diag.Diagnostic{diag.Errorf(e.tx.file, 0, 0, "%s = %q: a file name is lowercase letters, digits and \"-\"", m.SlugID, slug)}
	}
	f.Title = e.tx.T(m.NameID, nil)
	f.Path = path.Join(materialDir, e.lang, slug+"-"+paper.Slug+".pdf")
	if m.Kind == attendance {
		f.Description = e.tx.T(m.DescriptionID, nil)
		return &job{file: f, run: func() ([]byte, int, []diag.Diagnostic, error) {
			return renderAttendance(e, m, paper, date)
		}}, nil
	}
	sets, ds := scenarios.Load(filepath.Join(e.root, filepath.FromSlash(scenarios.Dir)), []string{e.lang})
	set := sets[e.lang]
	if diag.HasErrors(ds) || set == nil || len(set.Scenarios) == 0 {
		if len(ds) == 0 {
			ds = append(ds, diag.Errorf(filepath.Join(e.root, filepath.FromSlash(scenarios.Dir), e.lang+".yaml"), 0, 0, "no scenarios: the scenario cards need at least one"))
		}
		return nil, ds
	}
	f.Description = e.tx.T(m.DescriptionID, map[string]any{"Count": len(set.Scenarios)})
	return &job{file: f, run: func() ([]byte, int, []diag.Diagnostic, error) {
		return renderScenarioCards(e, m, paper, set, date)
	}}, ds
}

// cardTheme is the typography of a card: the documents' theme, smaller and tighter.
func cardTheme(t pdfmd.Theme) pdfmd.Theme {
	t.Body, t.H2, t.H3, t.Small = 8, 10, 8.4, 7
	t.Lead = 1.26
	t.ParaGap, t.ItemGap = 1.4, 0.5
	t.H2Before, t.H2After, t.H3Before, t.H3After = 2, 1, 1.6, 0.6
	t.Indent = 4
	return t
}

// frontTheme is the card theme for the situation side, which has room for larger type.
func frontTheme(t pdfmd.Theme) pdfmd.Theme {
	t.Body, t.H2 = 9.6, 12
	t.Lead = 1.32
	t.ParaGap = 2.2
	return t
}

// renderScenarioCards lays out the cards, three strips a page.
func renderScenarioCards(e *env, m material, paper Paper, set *scenarios.Set, date time.Time) ([]byte, int, []diag.Diagnostic, error) {
	title := e.tx.T(m.NameID, nil)
	pdf := newPDF(paper, e.lang, title, e.tx.T(m.DescriptionID, map[string]any{"Count": len(set.Scenarios)}), date)
	t := e.theme
	ct := cardTheme(t)
	l := &pdfmd.Layout{PDF: pdf, French: e.lang == "fr"}
	width := paper.W - 2*stripMargin
	top := float64(stripMargin + stripHintH)
	stripH := (paper.H - docFooterOff - 7 - top) / stripsPerPage
	half := width / 2
	pages := (len(set.Scenarios) + stripsPerPage - 1) / stripsPerPage

	var ds []diag.Diagnostic
	page := 0
	for i, sc := range set.Scenarios {
		slot := i % stripsPerPage
		if slot == 0 {
			pdf.AddPage()
			page++
			hint := l.Lines(pdfmd.Plain(title+" — "+e.tx.T("pdfScenarioCardsHint", nil), pdfmd.Style{Size: 8, Bold: true, Color: t.Muted}), width)
			l.Draw(hint, stripMargin, stripMargin, width, pdfmd.Left)
			footer(pdf, e, docMargin, paper.W-docMargin, paper.H-docFooterOff, 7.5, page, pages)
			previewMark(pdf, e, paper.W)
		}
		y := top + float64(slot)*stripH
		x := float64(stripMargin)

		// Front: role, number, title, situation, the question.
		fill(pdf, tint)
		pdf.Rect(x, y, half, stripH, "F")
		label := strings.ToUpper(e.tx.T(scenarios.RoleID(sc.Role), nil)) + "  ·  " + e.tx.T("scenarioNumber", map[string]any{"Number": i + 1})
		yy := l.Draw(l.Lines(pdfmd.Plain(label, pdfmd.Style{Size: 7, Bold: true, Color: t.Accent}), half-2*stripPad), x+stripPad, y+stripPad, half-2*stripPad, pdfmd.Left)
		front := "## " + escapeMarkdown(sc.Title) + "\n\n" + escapeMarkdown(sc.Situation) + "\n\n**" + escapeMarkdown(e.tx.T("scenarioQuestion", nil)) + "**\n"
		back := "### " + escapeMarkdown(e.tx.T("scenarioDo", nil)) + "\n\n" + mdList(sc.Do) +
			"### " + escapeMarkdown(e.tx.T("scenarioDont", nil)) + "\n\n" + mdList(sc.Dont) +
			"### " + escapeMarkdown(e.tx.T("scenarioCall", nil)) + "\n\n"
		for _, c := range sc.Call {
			ln, ok := e.data.ByID(c.Line)
			if !ok {
				ds = append(ds, diag.Errorf(set.File, sc.Line, 0, "scenario %q: unknown hotline id %q", sc.Key, c.Line))
				continue
			}
			back += "- " + pdfmd.StrongOpen + escapeMarkdown(ln.Display) + pdfmd.StrongClose + " " + escapeMarkdown(ln.Name[e.lang]) + " — " + escapeMarkdown(c.When) + "\n"
		}
		for _, side := range []struct {
			body  string
			theme pdfmd.Theme
			x, y  float64
		}{{front, frontTheme(ct), x + stripPad, yy + 1}, {back, ct, x + half + stripPad, y + stripPad - 1.6}} {
			overflow := false
			r := &pdfmd.Renderer{
				PDF: pdf, Theme: side.theme, French: e.lang == "fr", File: set.File, Line: sc.Line, Markdown: e.md.New(),
				Frame:   pdfmd.Frame{Left: side.x, Top: y + stripPad, Width: half - 2*stripPad, Bottom: y + stripH - stripPad},
				Y:       side.y,
				NewPage: func() { overflow = true },
			}
			ds = append(ds, r.Render([]byte(side.body))...)
			if overflow {
				ds = append(ds, diag.Errorf(set.File, sc.Line, 0, "scenario %q is too long for its card on %s paper: shorten it", sc.Key, paper.Name))
			}
		}
		// Cut lines around the strip, fold line down the middle.
		draw(pdf, pdfmd.RGB{R: 90, G: 90, B: 90})
		pdf.SetLineWidth(0.2)
		pdf.SetDashPattern(nil, 0)
		pdf.Rect(x, y, width, stripH, "D")
		pdf.SetDashPattern([]float64{1.6, 1.2}, 0)
		pdf.Line(x+half, y+1, x+half, y+stripH-1)
		pdf.SetDashPattern(nil, 0)
	}
	if len(l.Missing) > 0 {
		ds = append(ds, diag.Errorf(e.tx.file, 0, 0, "scenario cards: the PDF fonts cannot print %s", missing(l.Missing)))
	}
	if diag.HasErrors(ds) {
		return nil, 0, ds, nil
	}
	if err := pdf.Error(); err != nil {
		return nil, 0, nil, fmt.Errorf("scenario cards (%s, %s): %w", e.lang, paper.Name, err)
	}
	b, err := output(pdf)
	return b, page, ds, err
}

func mdList(items []string) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString("- " + escapeMarkdown(it) + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

// Attendance sheet: one page, room for the largest session (20 participants).
const attendanceRows = 20

// renderAttendance lays out the attendance sheet: the session's details, a numbered table of
// names, jobs and signatures, and the facilitator's signature.
func renderAttendance(e *env, m material, paper Paper, date time.Time) ([]byte, int, []diag.Diagnostic, error) {
	title := e.tx.T("pdfAttendanceTitle", nil)
	pdf := newPDF(paper, e.lang, title, e.tx.T(m.DescriptionID, nil), date)
	pdf.AddPage()
	t := e.theme
	l := &pdfmd.Layout{PDF: pdf, French: e.lang == "fr"}
	x0, width := float64(docMargin), paper.W-2*docMargin
	footer(pdf, e, x0, x0+width, paper.H-docFooterOff, 7.5, 0, 0)
	previewMark(pdf, e, paper.W)

	y := float64(docMargin) - 4
	y = l.Draw(l.Lines(pdfmd.Plain(e.kitLabel, pdfmd.Style{Size: 8, Bold: true, Color: t.Accent}), width), x0, y, width, pdfmd.Left) + 1
	l.Lead = 1.18
	y = l.Draw(l.Lines(pdfmd.Plain(title, pdfmd.Style{Size: 17, Bold: true, Color: t.Text}), width), x0, y, width, pdfmd.Left) + 1.5
	l.Lead = 1.35
	y = l.Draw(l.Lines(pdfmd.Plain(e.tx.T("pdfAttendanceTopic", nil), pdfmd.Style{Size: 9.5, Color: t.Muted}), width), x0, y, width, pdfmd.Left) + 2
	fill(pdf, t.Accent)
	pdf.Rect(x0, y, width, 0.7, "F")
	y += 4

	// Fields to fill in: two per line.
	labelSt := pdfmd.Style{Size: 9, Bold: true, Color: t.Text}
	field := func(id string, x, w, y float64) {
		lines := l.Lines(pdfmd.Plain(e.tx.T(id, nil), labelSt), w)
		if len(lines) == 0 {
			return
		}
		l.DrawLine(lines[0], x, y, w, pdfmd.Left)
		lw := lines[0].Width + 2
		draw(pdf, t.Muted)
		pdf.SetLineWidth(0.25)
		pdf.Line(x+lw, y+lines[0].Baseline()+0.8, x+w, y+lines[0].Baseline()+0.8)
	}
	colW := (width - 8) / 2
	for _, pair := range [][2]string{{"pdfAttendanceBusiness", "pdfAttendancePlace"}, {"pdfAttendanceDate", "pdfAttendanceTime"}, {"pdfAttendanceFacilitator", "pdfAttendanceFacilitatorSignature"}} {
		field(pair[0], x0, colW, y)
		field(pair[1], x0+colW+8, colW, y)
		y += 9
	}
	y += 1

	// The table.
	numW, jobW := 9.0, 40.0
	sigW := 50.0
	nameW := width - numW - jobW - sigW
	cols := []struct {
		id string
		w  float64
	}{{"", numW}, {"pdfAttendanceColName", nameW}, {"pdfAttendanceColJob", jobW}, {"pdfAttendanceColSignature", sigW}}
	headH := 7.0
	note := l.Lines(pdfmd.Plain(e.tx.T("pdfAttendanceKeep", nil), pdfmd.Style{Size: 8, Italic: true, Color: t.Muted}), width)
	bottom := paper.H - docBottom - pdfmd.Height(note) - 2
	rowH := min(9.5, (bottom-y-headH)/attendanceRows)
	fill(pdf, t.Accent)
	pdf.Rect(x0, y, width, headH, "F")
	cx := x0
	for _, c := range cols {
		if c.id != "" {
			lines := l.Lines(pdfmd.Plain(e.tx.T(c.id, nil), pdfmd.Style{Size: 8.5, Bold: true, Color: white}), c.w-3)
			if len(lines) > 0 {
				l.DrawLine(lines[0], cx+1.5, y+(headH-lines[0].Height)/2, c.w-3, pdfmd.Left)
			}
		}
		cx += c.w
	}
	y += headH
	draw(pdf, rule)
	pdf.SetLineWidth(0.25)
	for r := range attendanceRows {
		ry := y + float64(r)*rowH
		if r%2 == 1 {
			fill(pdf, tint)
			pdf.Rect(x0, ry, width, rowH, "F")
		}
		num := l.Lines(pdfmd.Plain(fmt.Sprint(r+1), pdfmd.Style{Size: 8, Color: t.Muted}), numW)
		if len(num) > 0 {
			l.DrawLine(num[0], x0+1.5, ry+(rowH-num[0].Height)/2, numW-2, pdfmd.Left)
		}
		pdf.Line(x0, ry+rowH, x0+width, ry+rowH)
	}
	cx = x0
	for _, c := range cols[:len(cols)-1] {
		cx += c.w
		pdf.Line(cx, y, cx, y+attendanceRows*rowH)
	}
	pdf.Rect(x0, y-headH, width, headH+attendanceRows*rowH, "D")
	l.Draw(note, x0, y+attendanceRows*rowH+2.5, width, pdfmd.Left)

	var ds []diag.Diagnostic
	if len(l.Missing) > 0 {
		ds = append(ds, diag.Errorf(e.tx.file, 0, 0, "attendance sheet: the PDF fonts cannot print %s", missing(l.Missing)))
		return nil, 0, ds, nil
	}
	if err := pdf.Error(); err != nil {
		return nil, 0, nil, fmt.Errorf("attendance sheet (%s, %s): %w", e.lang, paper.Name, err)
	}
	b, err := output(pdf)
	return b, 1, ds, err
}
