package links

import (
	"path/filepath"
	"slices"
	"testing"

	"protege/tools/content"
	"protege/tools/markdown"
	"protege/tools/mdtext"
)

func parse(t *testing.T, body string) *Doc {
	t.Helper()
	p := &content.Page{Lang: "es", Rel: "x.md", File: "content/es/x.md", Body: []byte(body), BodyLine: 5, Params: map[string]any{}}
	c, err := markdown.Load(filepath.Join("..", "..", "site", "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(c.New(), p, mdtext.New(p.Body, p.BodyLine))
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
	if l, c := d.Links[0].Line, d.Links[0].Col; l != 5 || c != 5 {
		t.Errorf("first link at %d:%d, want 5:5", l, c)
	}
}
