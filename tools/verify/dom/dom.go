// Package dom parses a built HTML page into a small element tree that remembers the line of
// every tag, so that the checks of the verify package can say where a problem is. It is not a
// full HTML5 tree builder: it follows the explicit tags (Hugo's minifier keeps end tags) and
// closes the few elements whose end tag HTML lets a page leave out (p, li, dt, dd, option, tr,
// td, th).
package dom

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Node is an element (Tag set) or a run of text (Tag empty, Data holds the text).
type Node struct {
	Tag      string // lower-case element name; "" for text and for the document root
	Attrs    []html.Attribute
	Data     string // text of a text node
	Line     int    // 1-based line of the start tag (or of the text)
	Parent   *Node
	Children []*Node

	// Doctype is the text of the <!DOCTYPE …> that opens the page ("html" for HTML5), set on
	// the root only; DoctypeLine is 0 when the page has none before its first element or text
	// (a browser ignores a doctype that comes later).
	Doctype     string
	DoctypeLine int
}

// void elements have no end tag and no content.
var void = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
	"param": true, "keygen": true,
}

// closesP are the start tags that end an open <p> (HTML's "close a p element" rule).
var closesP = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "details": true,
	"div": true, "dl": true, "fieldset": true, "figcaption": true, "figure": true, "footer": true,
	"form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "main": true, "menu": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "table": true, "ul": true,
}

// Parse reads a page. It never fails on malformed markup: the tree is what the tags say.
func Parse(b []byte) *Node {
	root := &Node{Line: 1}
	cur := root
	line := 1
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return root // io.EOF, or markup the tokenizer cannot read further
		}
		raw := z.Raw()
		tokLine := line
		line += bytes.Count(raw, []byte{'\n'})
		tok := z.Token()
		switch tt {
		case html.DoctypeToken:
			if len(root.Children) == 0 || (len(root.Children) == 1 && root.Children[0].Tag == "" && strings.TrimSpace(root.Children[0].Data) == "") {
				root.Doctype, root.DoctypeLine = tok.Data, tokLine
			}
		case html.TextToken:
			cur.Children = append(cur.Children, &Node{Data: tok.Data, Line: tokLine, Parent: cur})
		case html.StartTagToken, html.SelfClosingTagToken:
			name := tok.Data
			cur = implicitEnd(cur, name)
			n := &Node{Tag: name, Attrs: tok.Attr, Line: tokLine, Parent: cur}
			cur.Children = append(cur.Children, n)
			if tt == html.StartTagToken && !void[name] {
				cur = n
			}
		case html.EndTagToken:
			for n := cur; n != nil && n != root; n = n.Parent {
				if n.Tag == tok.Data {
					cur = n.Parent
					break
				}
			}
		}
	}
}

// implicitEnd closes the open elements that the start of name ends.
func implicitEnd(cur *Node, name string) *Node {
	closeTo := func(tags []string, stop []string) *Node {
		for n := cur; n != nil && n.Tag != ""; n = n.Parent {
			if slices.Contains(stop, n.Tag) {
				return cur
			}
			if slices.Contains(tags, n.Tag) {
				return n.Parent
			}
		}
		return cur
	}
	switch {
	case name == "li":
		return closeTo([]string{"li"}, []string{"ul", "ol", "menu"})
	case name == "dt" || name == "dd":
		return closeTo([]string{"dt", "dd"}, []string{"dl"})
	case name == "option":
		return closeTo([]string{"option"}, []string{"select", "datalist", "optgroup"})
	case name == "tr":
		return closeTo([]string{"tr"}, []string{"table", "thead", "tbody", "tfoot"})
	case name == "td" || name == "th":
		return closeTo([]string{"td", "th"}, []string{"tr", "table"})
	case closesP[name]:
		if cur.Tag == "p" {
			return cur.Parent
		}
	}
	return cur
}

// Attr returns the value of an attribute and whether the element has it.
func (n *Node) Attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Namespace == "" && a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// AttrOr returns the value of an attribute, or "" when it is missing.
func (n *Node) AttrOr(name string) string {
	v, _ := n.Attr(name)
	return v
}

// HasClass reports whether the element's class list has c.
func (n *Node) HasClass(c string) bool {
	return slices.Contains(strings.Fields(n.AttrOr("class")), c)
}

// HasToken reports whether the space-separated attribute (rel, class…) holds tok, ignoring case.
func (n *Node) HasToken(attr, tok string) bool {
	for _, f := range strings.Fields(n.AttrOr(attr)) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// Walk calls f for n and every element below it, in document order; text nodes are skipped.
func (n *Node) Walk(f func(*Node)) {
	if n.Tag != "" {
		f(n)
	}
	for _, c := range n.Children {
		if c.Tag != "" || len(c.Children) > 0 {
			c.Walk(f)
		}
	}
}

// All returns the elements below n (n included) for which match is true.
func (n *Node) All(match func(*Node) bool) []*Node {
	var out []*Node
	n.Walk(func(e *Node) {
		if match(e) {
			out = append(out, e)
		}
	})
	return out
}

// First returns the first element for which match is true, or nil.
func (n *Node) First(match func(*Node) bool) *Node {
	if all := n.All(match); len(all) > 0 {
		return all[0]
	}
	return nil
}

// Tag matches elements by name.
func Tag(name string) func(*Node) bool {
	return func(n *Node) bool { return n.Tag == name }
}

// Text is the text below n, with runs of white space collapsed.
func (n *Node) Text() string {
	var b strings.Builder
	var rec func(*Node)
	rec = func(m *Node) {
		if m.Tag == "" {
			b.WriteString(m.Data)
			b.WriteByte(' ')
		}
		for _, c := range m.Children {
			rec(c)
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// RawText is the unprocessed text content (of a script or style element).
func (n *Node) RawText() string {
	var b strings.Builder
	for _, c := range n.Children {
		if c.Tag == "" {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// Inside reports whether an ancestor of n matches.
func (n *Node) Inside(match func(*Node) bool) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Tag != "" && match(p) {
			return true
		}
	}
	return false
}
