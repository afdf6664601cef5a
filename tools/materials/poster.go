package materials

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"protege/tools/diag"
	"protege/tools/pdfmd"
	"protege/tools/qrcode"
)

// posterSizes are the type sizes (points) and QR code side (mm) of a poster on A4; other
// papers scale them with the page width.
type posterSizes struct {
	label, title, text, heading, number, name, purpose, scan, url, footer float64
	qr, gap, pad                                                          float64
}

func (s posterSizes) scaled(f float64) posterSizes {
	return posterSizes{
		label: s.label * f, title: s.title * f, text: s.text * f, heading: s.heading * f,
		number: s.number * f, name: s.name * f, purpose: s.purpose * f, scan: s.scan * f,
		url: s.url * f, footer: s.footer * f, qr: s.qr * f, gap: s.gap * f, pad: s.pad * f,
	}
}

var posterA4 = posterSizes{
	label: 10, title: 31, text: 16, heading: 18, number: 36, name: 15, purpose: 13, scan: 15, url: 13, footer: 8,
	// A code seen from a metre away wants about a tenth of that: 80 mm with its quiet zone.
	qr: 80, gap: 9, pad: 8,
}

// posterGaps is the number of flexible gaps between the poster's blocks (sz.gap each).
const posterGaps = 3

// renderPoster lays out a poster: the key message, the panel hotlines in large type with
// their name and purpose, and a QR code to the "where to report" page with its address. A
// poster with several languages (m.Langs) says each text in each language, one under the
// other, and has one QR code per language, side by side.
func renderPoster(e *env, m material, paper Paper, date time.Time) ([]byte, []diag.Diagnostic, error) {
	title := e.tx.T(m.NameID, nil)
	pdf := newPDF(paper, e.lang, title, e.tx.T(m.DescriptionID, nil), date)
	pdf.AddPage()
	p := &posterLayout{e: e, m: m, pdf: pdf, paper: paper, envs: []*env{e},
		l: &pdfmd.Layout{PDF: pdf, French: e.lang == "fr"}}
	if len(m.Langs) > 0 {
		p.envs = nil
		for _, l := range m.Langs {
			p.envs = append(p.envs, e.others[l])
		}
	}
	sz, err := p.fit()
	if err != nil {
		return nil, []diag.Diagnostic{diag.Errorf(e.tx.file, 0, 0, "%v", err)}, nil
	}
	if used, avail := p.layout(sz, true), paper.H-2*p.margin; used > avail+0.01 {
		return nil, nil, fmt.Errorf("poster %s (%s): layout overflows by %.1f mm", m.Key, paper.Name, used-avail)
	}
	previewMark(pdf, e, paper.W)
	if len(p.l.Missing) > 0 {
		return nil, []diag.Diagnostic{diag.Errorf(e.tx.file, 0, 0, "poster %q: the PDF fonts cannot print %s", m.Key, missing(p.l.Missing))}, nil
	}
	if err := pdf.Error(); err != nil {
		return nil, nil, fmt.Errorf("poster %s (%s): %w", m.Key, paper.Name, err)
	}
	b, err := output(pdf)
	return b, nil, err
}

// fit chooses the sizes: the A4 sizes scaled to the paper's width, the type made smaller
// (down to 60 %, or 55 % for a poster in several languages) until everything fits — never the
// QR code, which must scan from a metre away — then the room left given to the QR code (up to
// 42 % of the width) and to the gaps.
func (p *posterLayout) fit() (posterSizes, error) {
	k := p.paper.W / 210
	p.margin = 18 * k
	avail := p.paper.H - 2*p.margin
	width := p.paper.W - 2*p.margin
	lowest := 0.6
	qr0 := posterA4.qr * k
	if len(p.envs) > 1 {
		lowest = 0.55
		qr0 = min(qr0, (width-3*posterA4.pad*k)/2) * 0.75
	}
	for f := 1.0; f >= lowest-1e-9; f -= 0.05 {
		sz := posterA4.scaled(k * f)
		sz.qr = qr0
		h := p.layout(sz, false)
		if h > avail {
			continue
		}
		extra := avail - h
		maxQR := 0.42 * width
		if len(p.envs) > 1 {
			maxQR = (width-3*sz.pad)/2 - 1
		}
		if grow := min(extra*0.5, maxQR-sz.qr); grow > 0 {
			sz.qr += grow
			extra -= grow
		}
		sz.gap += extra / posterGaps
		return sz, nil
	}
	return posterSizes{}, fmt.Errorf("poster %q on %s paper: the texts (%s, %s, hotline names) are too long to fit; shorten them",
		p.m.Key, p.paper.Name, p.m.TitleID, p.m.TextID)
}

type posterLayout struct {
	e      *env
	envs   []*env // the languages on the sheet, the first one largest
	m      material
	pdf    *fpdf.Fpdf
	paper  Paper
	l      *pdfmd.Layout
	margin float64
}

// layout computes (and, when draw is set, draws) the poster; it returns the height used
// between the top and bottom margins.
func (p *posterLayout) layout(sz posterSizes, drawIt bool) float64 {
	e, t, l, pdf := p.e, p.e.theme, p.l, p.pdf
	if len(p.envs) == 0 {
		p.envs = []*env{e}
	}
	multi := len(p.envs) > 1
	x0 := p.margin
	width := p.paper.W - 2*p.margin
	y := p.margin
	pad := sz.pad
	second := pdfmd.RGB{R: 191, G: 226, B: 234}

	// The key message on a band of the site's accent colour.
	l.Lead = 1.3
	label := l.Lines(pdfmd.Plain("PROTEGE", pdfmd.Style{Size: sz.label, Bold: true, Color: second}), width-2*pad)
	bandH := pad + pdfmd.Height(label) + 1
	var heads [][]pdfmd.Line
	for i, le := range p.envs {
		l.Lead = 1.12
		st := pdfmd.Style{Size: sz.title, Bold: true, Color: white}
		if i > 0 {
			st = pdfmd.Style{Size: sz.title * 0.72, Bold: true, Color: second}
		}
		h := l.Lines(pdfmd.Plain(le.tx.T(p.m.TitleID, nil), st), width-2*pad)
		heads = append(heads, h)
		bandH += pdfmd.Height(h)
	}
	bandH += pad * 0.8
	if drawIt {
		fill(pdf, t.Accent)
		pdf.Rect(x0, y, width, bandH, "F")
		yy := l.Draw(label, x0+pad, y+pad, width, pdfmd.Left) + 1
		for _, h := range heads {
			yy = l.Draw(h, x0+pad, yy, width, pdfmd.Left)
		}
	}
	y += bandH + sz.gap

	// What to do, and (staff poster) who the designated person is, with blanks to fill in.
	for i, le := range p.envs {
		l.Lead = 1.38
		st := pdfmd.Style{Size: sz.text, Color: t.Text}
		if i > 0 {
			st.Italic = true
			y += sz.pad * 0.5
		}
		lead := l.Lines(pdfmd.Plain(le.tx.T(p.m.TextID, nil), st), width)
		if drawIt {
			l.Draw(lead, x0, y, width, pdfmd.Left)
		}
		y += pdfmd.Height(lead)
	}
	if p.m.ContactID != "" {
		for _, le := range p.envs {
			l.Lead = 1.3
			c := l.Lines(pdfmd.Plain(le.tx.T(p.m.ContactID, nil), pdfmd.Style{Size: sz.text, Bold: true, Color: t.Text}), width)
			y += pad * 0.4
			if drawIt {
				l.Draw(c, x0, y, width, pdfmd.Left)
			}
			y += pdfmd.Height(c)
		}
	}
	y += sz.gap

	// Who to call: number | name and purpose.
	l.Lead = 1.25
	var call []string
	for _, le := range p.envs {
		call = append(call, le.tx.T("pdfPosterCallTitle", nil))
	}
	heading := l.Lines(pdfmd.Plain(strings.Join(call, "  ·  "), pdfmd.Style{Size: sz.heading, Bold: true, Color: t.Accent}), width)
	if drawIt {
		l.Draw(heading, x0, y, width, pdfmd.Left)
	}
	y += pdfmd.Height(heading) + pad*0.3
	numW := width * 0.5
	if multi {
		numW = width * 0.42
	}
	numSize := sz.number
	panel := e.data.Panel()
	for _, ln := range panel {
		for numSize > 8 && l.Width(ln.Display, pdfmd.Style{Size: numSize, Bold: true}) > numW-pad {
			numSize -= 0.5
		}
	}
	rowPad := pad * 0.45
	for i, ln := range panel {
		l.Lead = 1.0
		num := l.Lines(pdfmd.Plain(ln.Display, pdfmd.Style{Size: numSize, Bold: true, Color: t.Text}), numW)
		l.Lead = 1.22
		var spans []pdfmd.Span
		for k, le := range p.envs {
			if k > 0 {
				spans = append(spans, pdfmd.Span{Break: true, Style: pdfmd.Style{Size: sz.name}})
			}
			nameSt := pdfmd.Style{Size: sz.name, Bold: true, Color: t.Text}
			purpSt := pdfmd.Style{Size: sz.purpose, Color: t.Muted}
			if k > 0 {
				nameSt.Italic, purpSt.Italic = true, true
			}
			spans = append(spans,
				pdfmd.Span{Text: ln.Name[le.lang], Style: nameSt},
				pdfmd.Span{Break: true, Style: pdfmd.Style{Size: sz.name}},
				pdfmd.Span{Text: ln.Purpose[le.lang], Style: purpSt})
		}
		info := l.Lines(spans, width-numW)
		rowH := max(pdfmd.Height(num), pdfmd.Height(info)) + 2*rowPad
		if drawIt {
			draw(pdf, rule)
			pdf.SetLineWidth(0.35)
			if i == 0 {
				pdf.Line(x0, y, x0+width, y)
			}
			pdf.Line(x0, y+rowH, x0+width, y+rowH)
			l.Draw(num, x0, y+(rowH-pdfmd.Height(num))/2, numW, pdfmd.Left)
			l.Draw(info, x0+numW, y+(rowH-pdfmd.Height(info))/2, width-numW, pdfmd.Left)
		}
		y += rowH
	}
	y += sz.gap

	// Where to report: the QR code, its address under it, and what it leads to; with several
	// languages, one QR code per language side by side, each with its text and address.
	l.Lead = 1.3
	inner := width - 2*pad
	var panelH float64
	if !multi {
		textW := inner - sz.qr - pad
		scan := l.Lines(pdfmd.Plain(e.tx.T("pdfPosterScan", nil), pdfmd.Style{Size: sz.scan, Color: t.Text}), textW)
		url := l.Lines(pdfmd.Plain(e.reportURL, pdfmd.Style{Size: sz.url, Bold: true, Color: t.Text}), inner)
		panelH = pad + max(sz.qr, pdfmd.Height(scan)) + 1.5 + pdfmd.Height(url) + pad*0.8
		if drawIt {
			fill(pdf, tint)
			pdf.Rect(x0, y, width, panelH, "F")
			p.qr(e.reportURL, x0+pad, y+pad, sz.qr)
			l.Draw(scan, x0+pad+sz.qr+pad, y+pad+(sz.qr-pdfmd.Height(scan))/2, textW, pdfmd.Left)
			l.Draw(url, x0+pad, y+pad+sz.qr+1.5, inner, pdfmd.Left)
			pdf.LinkString(x0+pad, y+pad+sz.qr+1.5, inner, pdfmd.Height(url), e.reportURL)
		}
	} else {
		colW := (inner - pad) / float64(len(p.envs))
		type col struct{ scan, url []pdfmd.Line }
		var cols []col
		textH := 0.0
		for _, le := range p.envs {
			c := col{
				scan: l.Lines(pdfmd.Plain(le.tx.T("pdfPosterScan", nil), pdfmd.Style{Size: sz.scan * 0.85, Color: t.Text}), colW),
				url:  l.Lines(pdfmd.Plain(le.reportURL, pdfmd.Style{Size: sz.url * 0.85, Bold: true, Color: t.Text}), colW),
			}
			cols = append(cols, c)
			textH = max(textH, pdfmd.Height(c.scan)+1.5+pdfmd.Height(c.url))
		}
		panelH = pad + sz.qr + 1.5 + textH + pad*0.8
		if drawIt {
			fill(pdf, tint)
			pdf.Rect(x0, y, width, panelH, "F")
			for i, le := range p.envs {
				cx := x0 + pad + float64(i)*(colW+pad)
				p.qr(le.reportURL, cx, y+pad, sz.qr)
				yy := l.Draw(cols[i].scan, cx, y+pad+sz.qr+1.5, colW, pdfmd.Left) + 1.5
				l.Draw(cols[i].url, cx, yy, colW, pdfmd.Left)
				pdf.LinkString(cx, yy, colW, pdfmd.Height(cols[i].url), le.reportURL)
			}
		}
	}
	y += panelH

	// Footer: site, publisher and date of the numbers.
	if drawIt {
		footer(pdf, e, x0, x0+width, p.paper.H-p.margin, sz.footer, 0, 0)
	}
	y += footerHeight(pdf, e, width, sz.footer) + pdfmd.MM(sz.footer)
	return y - p.margin
}

// qr draws a QR code to target, with a link to the same address over it.
func (p *posterLayout) qr(target string, x, y, side float64) {
	if err := qrcode.Draw(p.pdf, target, x, y, side); err != nil {
		p.pdf.SetError(err)
	}
	p.pdf.LinkString(x, y, side, side, target)
}

func missing(m map[rune]bool) string {
	var s []string
	for r := range m {
		s = append(s, fmt.Sprintf("%q (U+%04X)", r, r))
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}
