package pdfmd

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"protege/tools/markdown"
	"protege/tools/pdftest"
)

func newDoc() *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	RegisterFonts(pdf)
	pdf.AddPage()
	return pdf
}

var body = Style{Size: 10, Color: RGB{}}

func lineTexts(lines []Line) []string {
	var s []string
	for _, l := range lines {
		s = append(s, l.Text())
	}
	return s
}

func TestLines(t *testing.T) {
	bold := body
	bold.Bold = true
	tests := []struct {
		name   string
		spans  []Span
		width  float64
		french bool
		want   []string
	}{
		{"fits", Plain("one two three", body), 100, false, []string{"one two three"}},
		{"wraps between words", Plain("aaaa bbbb cccc dddd", body), 20, false, []string{"aaaa bbbb", "cccc dddd"}},
		{"styles without a space stay together",
			[]Span{{Text: "xx ", Style: body}, {Text: "bold", Style: bold}, {Text: "tail yy", Style: body}}, 14, false,
			[]string{"xx", "boldtail", "yy"}},
		{"hard break", []Span{{Text: "a", Style: body}, {Break: true, Style: body}, {Text: "b", Style: body}}, 100, false, []string{"a", "b"}},
		{"blank", Plain("Name: ____________________ Date:", body), 200, false, []string{"Name: ___ Date:"}},
		{"a blank stays with its label", Plain("Person: _______________ Extension: ________", body), 60, false,
			[]string{"Person: ___", "Extension: ___"}},
		{"check box", Plain("☐ Question?", body), 100, false, []string{"☐ Question?"}},
		{"no break before a French question mark", Plain("aaaa bbbb ?", body), 19, true, []string{"aaaa", "bbbb\u202f?"}},
		{"French quotes hold their words", Plain("« oui »", body), 100, true, []string{"«\u202foui\u202f»"}},
		{"narrow no-break space kept as a narrow gap", Plain("a\u202f:", body), 100, false, []string{"a\u202f:"}},
		{"French spacing added where none was typed", Plain("Que faire?", body), 100, true, []string{"Que faire\u202f?"}},
		{"a word longer than the line is cut", Plain("https://example.org/a/very/long/address", body), 30, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Layout{PDF: newDoc(), French: tt.french}
			lines := l.Lines(tt.spans, tt.width)
			for _, ln := range lines {
				if ln.Width > tt.width+1e-6 {
					t.Errorf("line %q is %.1f mm wide, more than %.1f", ln.Text(), ln.Width, tt.width)
				}
			}
			if tt.want == nil {
				if len(lines) < 2 || strings.Join(lineTexts(lines), "") != "https://example.org/a/very/long/address" {
					t.Errorf("got %q", lineTexts(lines))
				}
				return
			}
			if got := lineTexts(lines); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClosingBlankReachesTheEdge(t *testing.T) {
	l := &Layout{PDF: newDoc()}
	lines := l.Lines(Plain("Name: ________", body), 150)
	if len(lines) != 1 || lines[0].Width != 150 {
		t.Fatalf("width %.1f, want 150 (lines %q)", lines[0].Width, lineTexts(lines))
	}
	// A blank inside the text keeps its own length.
	lines = l.Lines(Plain("a ______ b", body), 150)
	if lines[0].Width > 50 {
		t.Errorf("inner blank stretched: %.1f mm", lines[0].Width)
	}
	// Lines with a blank are taller: room to write.
	plain := l.Lines(Plain("Name", body), 150)
	if lines[0].Height <= plain[0].Height {
		t.Errorf("blank line height %.2f, plain %.2f", lines[0].Height, plain[0].Height)
	}
}

func TestMissingGlyphs(t *testing.T) {
	l := &Layout{PDF: newDoc()}
	l.Lines(Plain("ok ☐ ✓ 🙂 ñ", body), 100)
	if !l.Missing['✓'] || !l.Missing['🙂'] || l.Missing['☐'] || l.Missing['ñ'] || len(l.Missing) != 2 {
		t.Errorf("missing = %v", l.Missing)
	}
}

// siteMarkdown is the site's Markdown set-up (site/hugo.toml), as the materials use it.
func siteMarkdown(t *testing.T) markdown.Config {
	t.Helper()
	c, err := markdown.Load(filepath.Join("..", "..", "site", "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// render draws a body on A4 pages and returns the PDF and the diagnostics.
func render(t *testing.T, src string, french bool) ([]byte, *Renderer) {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	RegisterFonts(pdf)
	pages := 0
	r := &Renderer{
		PDF: pdf, Theme: DefaultTheme(),
		Frame:   Frame{Left: 20, Top: 20, Width: 170, Bottom: 270},
		NewPage: func() { pdf.AddPage(); pages++ },
		French:  french, File: "content/es/x.md", Line: 8,
		Markdown: siteMarkdown(t).New(),
	}
	r.NewPage()
	r.Y = 20
	r.diags = nil
	ds := r.Render([]byte(src))
	r.diags = ds
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), r
}

func TestRenderText(t *testing.T) {
	src := "## Título con ancla {#ancla}\n\n" +
		"Empresa: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ y **negrita**, *cursiva*, [interna](/materiales/guia) y [externa](https://www.ecpatusa.org/code/).\n\n" +
		"- uno\n- dos\n  - anidado\n\n" +
		"3. tres\n4. cuatro\n\n" +
		"- [ ] tarea\n- ☐ casilla\n\n" +
		"Llame al " + StrongOpen + "911" + StrongClose + " &amp; listo.\n"
	pdf, r := render(t, src, false)
	if len(r.diags) > 0 {
		t.Fatalf("diagnostics: %v", r.diags)
	}
	text := pdftest.Text(t, pdf)
	for _, want := range []string{"Título con ancla", "Empresa:", "negrita", "cursiva", "interna", "externa (www.ecpatusa.org/code)",
		"uno", "anidado", "3.", "4.", "cuatro", "tarea", "casilla", "Llame al 911 & listo."} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"{#ancla}", "ancla}", "_", "\\", "/materiales/guia", "[ ]", "☐", "•\n•"} {
		if strings.Contains(text, not) {
			t.Errorf("text has %q:\n%s", not, text)
		}
	}
}

func TestRenderProblems(t *testing.T) {
	tests := []struct {
		name, src, want string
		line            int
	}{
		{"table", "Texto.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "tables are not supported", 10},
		{"raw HTML block", "Texto.\n\n<div>x</div>\n", "raw HTML", 10},
		{"inline HTML", "Texto <b>x</b>.\n", "raw HTML", 8},
		{"image", "Texto.\n\n![alt](/img.png)\n", "images are not supported", 10},
		{"footnote", "Texto[^1].\n\n[^1]: Nota.\n", "footnotes are not supported", 8},
		{"character the fonts lack", "Texto.\n\nListo ✓.\n", "cannot print '✓'", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r := render(t, tt.src, false)
			if len(r.diags) == 0 {
				t.Fatalf("no diagnostic, want %q", tt.want)
			}
			d := r.diags[0]
			if !strings.Contains(d.Message, tt.want) || d.Line != tt.line || d.Path != "content/es/x.md" {
				t.Errorf("got %v, want line %d %q", d, tt.line, tt.want)
			}
		})
	}
}

func TestPageBreaks(t *testing.T) {
	// Enough paragraphs for three pages, then a signature form that must stay whole.
	var b strings.Builder
	for range 40 {
		b.WriteString("Un párrafo de relleno bastante largo para ocupar dos líneas de texto en la página de prueba, y un poco más aún.\n\n")
	}
	b.WriteString("## Firma\n\nNombre: \\_\\_\\_\\_\\_\\_\n\nFirma: \\_\\_\\_\\_\\_\\_\n\nFecha: \\_\\_\\_\\_\\_\\_\n")
	pdf, r := render(t, b.String(), false)
	if len(r.diags) > 0 {
		t.Fatal(r.diags)
	}
	n := pdftest.Pages(t, pdf)
	if n < 2 {
		t.Fatalf("%d pages", n)
	}
	// The form's heading and its last field are on the same page.
	for p := 1; p <= n; p++ {
		pg := pageText(t, pdf, p)
		if strings.Contains(pg, "Firma\n") != strings.Contains(pg, "Fecha:") {
			t.Errorf("page %d splits the signature form:\n%s", p, pg)
		}
	}
}

func pageText(t *testing.T, pdf []byte, page int) string {
	t.Helper()
	// pdftotext separates pages with form feeds.
	pages := strings.Split(pdftest.Text(t, pdf), "\f")
	return pages[page-1]
}

// TestHyphenIsAHyphen: the Go fonts draw "-" as a minus sign, wider than the en dash, so that a
// number such as 800-8000-645 printed as 800–8000–645. The printed fonts draw it as a hyphen:
// narrower than a figure and than the en dash, and it still reads back as "-".
func TestHyphenIsAHyphen(t *testing.T) {
	for _, st := range []Style{{Size: 10}, {Size: 10, Bold: true}, {Size: 10, Italic: true}, {Size: 10, Bold: true, Italic: true}} {
		hy, dash, zero := Width("-", st), Width("–", st), Width("0", st)
		if hy >= dash*0.8 || hy >= zero*0.8 {
			t.Errorf("%+v: \"-\" is %.2f mm wide, the en dash %.2f mm, \"0\" %.2f mm: want a hyphen clearly narrower", st, hy, dash, zero)
		}
	}
	pdf := fpdf.New("P", "mm", "A6", "")
	RegisterFonts(pdf)
	pdf.AddPage()
	pdf.SetFont(Family, "B", 20)
	pdf.Text(10, 20, "800-8000-645")
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(pdftest.Text(t, b.Bytes())); got != "800-8000-645" {
		t.Errorf("the text reads back as %q", got)
	}
}
