package typography

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// rawText are the elements whose text is code or data, never prose.
var rawText = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Pre: true, atom.Code: true,
	atom.Textarea: true, atom.Kbd: true, atom.Samp: true, atom.Var: true}

// void elements have no end tag, so they never open a scope.
var void = map[atom.Atom]bool{atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true}

// escaper escapes what a text node must not contain raw.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// HTML returns page with French spacing applied to the text of every element whose language
// (its own lang attribute or its nearest ancestor's) is French. Everything else, markup and
// attributes included, is copied byte for byte, so a page with no French text is unchanged.
//
// Only the French parts of a page are tokenized: from each start tag with a French lang
// attribute to the end of that element (the whole page when it is <html lang="fr">; the
// language switcher's "Français" on the other pages). When such a tag cannot be told apart
// from its surroundings without reading the page from the top (a lang attribute that is not
// in the tag before it), the whole page is read as a whole.
func HTML(page []byte) []byte { return Apply(page, Edits(page)) }

// Edit is one change HTML makes: page[Off:End] (a text node) becomes With.
type Edit struct {
	Off  int    `json:"o"`
	End  int    `json:"e"`
	With string `json:"w"`
}

// Edits returns the changes HTML makes to page, in order, without overlaps: a caller may keep
// them for a page it will see again (the same bytes get the same edits).
func Edits(page []byte) []Edit {
	var es []Edit
	pos := 0
	for pos < len(page) {
		at := nextFrenchLang(page, pos)
		if at < 0 {
			break
		}
		tag := bytes.LastIndexByte(page[pos:at], '<')
		if tag < 0 {
			return whole(page)
		}
		tag += pos
		res, n, ok := region(page[tag:], at-tag)
		if !ok {
			return whole(page)
		}
		for _, e := range res {
			e.Off, e.End = e.Off+tag, e.End+tag
			es = append(es, e)
		}
		pos = tag + n
	}
	return es
}

// Apply returns page with the edits es made (page itself when there are none). It returns
// nil when es are not edits of page (out of range, overlapping or out of order): edits kept
// for other bytes.
func Apply(page []byte, es []Edit) []byte {
	if len(es) == 0 {
		return page
	}
	out := make([]byte, 0, len(page)+256)
	pos := 0
	for _, e := range es {
		if e.Off < pos || e.End < e.Off || e.End > len(page) {
			return nil
		}
		out = append(out, page[pos:e.Off]...)
		out = append(out, e.With...)
		pos = e.End
	}
	return append(out, page[pos:]...)
}

// nextFrenchLang is the offset of the next ` lang=fr…` or ` lang="fr…` (any case, after a
// space: not hreflang, not a CSS selector) at or after from, or -1.
func nextFrenchLang(page []byte, from int) int {
	for i := from; ; {
		j := bytes.Index(page[i:], []byte("lang="))
		if j < 0 {
			return -1
		}
		j += i
		v := page[j+len("lang="):]
		if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
			v = v[1:]
		}
		if j > 0 && isSpace(page[j-1]) && len(v) >= 2 && (v[0]|0x20) == 'f' && (v[1]|0x20) == 'r' {
			return j
		}
		i = j + len("lang=")
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// region typesets the element that starts at the beginning of frag, whose start tag holds a
// French lang attribute at offset attr. It returns the typeset element and how many bytes of
// frag it spans; ok is false when frag does not start with such a tag.
func region(frag []byte, attr int) (es []Edit, n int, ok bool) {
	t := newTypesetter(frag)
	tt := t.next()
	if tt != html.StartTagToken || len(t.z.Raw()) <= attr {
		return nil, 0, false
	}
	n = len(t.z.Raw())
	if !t.start() {
		return nil, 0, false // the lang attribute is not French after all (lang="free"?)
	}
	for len(t.stack) > 1 {
		tt := t.next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.EndTagToken {
			name, _ := t.z.TagName() // readable once per token
			i := t.opened(name)
			if i < 0 {
				break // the end of an element around this one: the French element ended before
			}
			n += len(t.z.Raw())
			t.stack = t.stack[:i]
			continue
		}
		n += len(t.z.Raw())
		t.token(tt)
	}
	return t.edits, n, true
}

// whole typesets the page read from its first byte.
func whole(page []byte) []Edit {
	t := newTypesetter(page)
	for {
		tt := t.next()
		if tt == html.ErrorToken {
			break
		}
		t.token(tt)
	}
	return t.edits
}

type scope struct {
	tag    atom.Atom
	name   string // for the elements atom does not know
	french bool
	raw    bool
}

// typesetter reads the tokens of a page or of a part of one, and lists the edits that give
// the text of French elements French spacing.
type typesetter struct {
	z       *html.Tokenizer
	stack   []scope
	last    rune // the last character of French text read, for a mark that starts a node
	at, end int  // the current token's offsets in what the tokenizer reads
	edits   []Edit
}

func newTypesetter(b []byte) *typesetter {
	return &typesetter{z: html.NewTokenizer(bytes.NewReader(b)), stack: []scope{{}}}
}

// next reads the next token, and where it is.
func (t *typesetter) next() html.TokenType {
	tt := t.z.Next()
	t.at = t.end
	t.end += len(t.z.Raw())
	return tt
}

// start handles the start tag just read; it returns whether the tag's scope is French.
func (t *typesetter) start() bool {
	raw := t.z.Raw()
	name, hasAttr := t.z.TagName()
	top := t.stack[len(t.stack)-1]
	s := scope{tag: atom.Lookup(name), french: top.french, raw: top.raw}
	if s.tag == 0 {
		s.name = string(name)
	}
	s.raw = s.raw || rawText[s.tag]
	// Attributes are read only when the tag may have a lang one.
	if hasAttr && bytes.Contains(raw, []byte("lang")) {
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = t.z.TagAttr()
			if string(k) == "lang" {
				s.french = len(v) >= 2 && (v[0]|0x20) == 'f' && (v[1]|0x20) == 'r'
			}
		}
	}
	if !void[s.tag] {
		t.stack = append(t.stack, s)
	}
	return s.french
}

// opened is the place in the stack of the element that the end tag name closes (the
// innermost of that name), or -1 when no element of this part has that name. End tags the
// minifier left out are implied: closing an element closes those opened inside it.
func (t *typesetter) opened(name []byte) int {
	a := atom.Lookup(name)
	for i := len(t.stack) - 1; i > 0; i-- {
		if t.stack[i].tag == a && (a != 0 || t.stack[i].name == string(name)) {
			return i
		}
	}
	return -1
}

func (t *typesetter) token(tt html.TokenType) {
	switch tt {
	case html.StartTagToken:
		t.start()
	case html.EndTagToken:
		name, _ := t.z.TagName()
		if i := t.opened(name); i > 0 {
			t.stack = t.stack[:i]
		}
	case html.TextToken:
		top := t.stack[len(t.stack)-1]
		if !top.french || top.raw {
			return
		}
		text := string(t.z.Text())
		fixed := frenchAfter(t.last, text)
		if r := []rune(text); len(r) > 0 {
			t.last = r[len(r)-1]
		}
		if fixed != text {
			t.edits = append(t.edits, Edit{Off: t.at, End: t.end, With: escapeText(fixed)})
		}
	}
}

// frenchAfter is French for a text node that follows other text ending in prev ("OIJ" in
// `<a>OIJ</a>; …`), so that a mark opening the node is spaced from the word before it.
func frenchAfter(prev rune, s string) string {
	if prev == 0 || spaceLike(prev) || prev == '\n' {
		return French(s)
	}
	return strings.TrimPrefix(French(string(prev)+s), string(prev))
}

// escapeText escapes what a text node must not contain raw.
func escapeText(s string) string { return escaper.Replace(s) }

// Dir applies HTML to every .html file under dir, in place, and returns how many it changed.
func Dir(dir string) (int, error) {
	changed := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fixed := HTML(b)
		if bytes.Equal(fixed, b) {
			return nil
		}
		changed++
		return os.WriteFile(path, fixed, 0o644)
	})
	return changed, err
}
