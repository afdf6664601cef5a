package links

import (
	"slices"
	"strings"
	"testing"

	"protege/tools/content"
	"protege/tools/mdtext"
)

func parse(t *testing.T, body string) *Doc {
	t.Helper()
	p := &content.Page{Lang: "es", Rel: "x.md", File: "content/es/x.md", Body: []byte(body), BodyLine: 5, Params: map[string]any{}}
	return Parse(NewMarkdown(), p, mdtext.New(p.Body, p.BodyLine))
}

// Heading ids as Hugo makes them with autoHeadingIDType = "github".
func TestAnchors(t *testing.T) {
	d := parse(t, "## ¿Qué hacer?\n\n## Qué hacer\n\n## Paso 1: llame al {{< hotline \"cr-911\" >}}\n\n"+
		"## Con {#explicito}\n\n## explicito\n\n## ***\n\n## Señales -- en la *recepción* y `código`\n\n## L'enfant d’abord\n")
	var got []string
	for id := range d.Anchors {
		got = append(got, id)
	}
	slices.Sort(got)
	want := []string{"explicito", "explicito-1", "heading", "lenfant-dabord", "paso-1-llame-al-" + strings.Repeat("x", len(`{{< hotline "cr-911" >}}`)), "qué-hacer", "qué-hacer-1", "señales----en-la-recepción-y-código"}
	if !slices.Equal(got, want) {
		t.Errorf("anchors\n got %q\nwant %q", got, want)
	}
}

func TestLinksAndHTML(t *testing.T) {
	d := parse(t, "Vea [a](/guias#x) y ![foto](/img/a.png \"t\") y <https://x.org> y www.pani.go.cr.\n\n<div>\nx\n</div>\n\ntexto <b>negrita</b>\n")
	var dests []string
	for _, l := range d.Links {
		dests = append(dests, l.Dest)
	}
	if want := []string{"/guias#x", "/img/a.png", "https://x.org", "http://www.pani.go.cr"}; !slices.Equal(dests, want) {
		t.Errorf("links = %q, want %q", dests, want)
	}
	if len(d.HTML) != 3 {
		t.Errorf("raw HTML at %v, want 3 places (a block and two inline tags)", d.HTML)
	}
	if l, c := d.text.Index.Pos(d.Links[0].Offset); l != 5 || c != 5 {
		t.Errorf("first link at %d:%d, want 5:5", l, c)
	}
}
