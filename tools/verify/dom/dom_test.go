package dom

import "testing"

func TestParse(t *testing.T) {
	doc := Parse([]byte("<!doctype html><html lang=es>\n<head><title>T</title></head>\n<body><ul><li>a<li>b</ul>\n<p>one<div id=x class='a b'>in div</div>\n<script>\nvar s = '<b>';\n</script><img src=i.png alt=''></body></html>"))
	for _, c := range []struct {
		sel  func(*Node) bool
		line int
		n    int
	}{
		{Tag("html"), 1, 1}, {Tag("title"), 2, 1}, {Tag("li"), 3, 2}, {Tag("div"), 4, 1},
		{Tag("script"), 5, 1}, {Tag("img"), 7, 1}, {Tag("b"), 0, 0},
	} {
		all := doc.All(c.sel)
		if len(all) != c.n || (c.n > 0 && all[0].Line != c.line) {
			t.Errorf("got %d elements (first line %v), want %d at line %d", len(all), all, c.n, c.line)
		}
	}
	ul := doc.First(Tag("ul"))
	if len(ul.Children) != 2 {
		t.Errorf("<li> without end tags: ul has %d children, want 2", len(ul.Children))
	}
	div := doc.First(Tag("div"))
	if div.Parent.Tag != "body" || !div.HasClass("b") || div.AttrOr("id") != "x" || div.Text() != "in div" {
		t.Errorf("div: parent %q, classes %q, text %q (a <div> closes an open <p>)", div.Parent.Tag, div.AttrOr("class"), div.Text())
	}
	if s := doc.First(Tag("script")).RawText(); s != "\nvar s = '<b>';\n" {
		t.Errorf("script text %q", s)
	}
	if !doc.First(Tag("img")).Inside(Tag("body")) {
		t.Error("img not inside body")
	}
}
