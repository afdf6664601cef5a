// Package mdtext gives the checks a view of a page body that keeps every byte offset: the
// Hugo shortcodes it holds, the text a reader sees (with shortcodes, link addresses and heading
// attributes blanked out), and the file line and column of any offset.
package mdtext

import (
	"bytes"
	"unicode/utf8"

	"protege/tools/markdown"
)

// Text is a page body prepared once for every check that reads it.
type Text struct {
	Body       []byte
	Visible    []byte      // see Visible
	Shortcodes []Shortcode // see Shortcodes
	Index      *Index
}

// New prepares a body whose first line is line bodyLine of its file.
func New(body []byte, bodyLine int) *Text {
	t := &Text{Body: body, Shortcodes: markdown.Shortcodes(body), Index: NewIndex(body, bodyLine)}
	t.Visible = visible(body, t.Shortcodes)
	return t
}

// Masked returns the body with its shortcodes replaced by "x" bytes (see Mask).
func (t *Text) Masked() []byte { return mask(t.Body, t.Shortcodes) }

// Shortcode is one {{< name args >}} (or {{% name args %}}) in a body: see markdown.Shortcodes.
type Shortcode = markdown.Shortcode

// Visible returns a copy of body in which everything a reader does not see as text is
// replaced by spaces: shortcodes, link and image destinations and titles, reference
// definitions, bare URLs and heading attributes ({#id}). Newlines are kept, so offsets and
// lines are unchanged.
func Visible(body []byte) []byte { return visible(body, markdown.Shortcodes(body)) }

func visible(body []byte, scs []Shortcode) []byte {
	out := bytes.Clone(body)
	for _, sc := range scs {
		blank(out, sc.Start, sc.End)
	}
	blankLinkDests(out)
	blankRefDefs(out)
	blankURLs(out)
	blankAttrs(out)
	return out
}

// blankLinkDests blanks the "(destination "title")" after the "]" of inline links and images.
func blankLinkDests(b []byte) {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("]("))
		if j < 0 {
			return
		}
		open := i + j + 1
		end := linkDestEnd(b, open)
		if end < 0 {
			i = open + 1
			continue
		}
		blank(b, open, end)
		i = end
	}
}

// linkDestEnd returns the offset just after the ")" that closes the destination starting at
// b[open] == '(', or -1 when it is not a link destination.
func linkDestEnd(b []byte, open int) int {
	k := skipSpace(b, open+1)
	if k < len(b) && b[k] == '<' {
		for k++; k < len(b) && b[k] != '>' && b[k] != '\n'; k++ {
		}
		if k >= len(b) || b[k] != '>' {
			return -1
		}
		k++
	} else {
		depth := 0
		for ; k < len(b); k++ {
			c := b[k]
			if c == '\\' && k+1 < len(b) {
				k++
				continue
			}
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				break
			}
			if c == '(' {
				depth++
			} else if c == ')' {
				if depth == 0 {
					break
				}
				depth--
			}
		}
	}
	k = skipSpace(b, k)
	if k < len(b) && (b[k] == '"' || b[k] == '\'') {
		q := b[k]
		for k++; k < len(b) && b[k] != q; k++ {
		}
		if k >= len(b) {
			return -1
		}
		k = skipSpace(b, k+1)
	}
	if k < len(b) && b[k] == ')' {
		return k + 1
	}
	return -1
}

func skipSpace(b []byte, k int) int {
	for k < len(b) && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r') {
		k++
	}
	return k
}

// blankRefDefs blanks reference definitions: lines "[label]: destination".
func blankRefDefs(b []byte) {
	for start := 0; start < len(b); {
		end := bytes.IndexByte(b[start:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += start
		}
		line := b[start:end]
		t := bytes.TrimLeft(line, " ")
		if len(line)-len(t) <= 3 && len(t) > 0 && t[0] == '[' {
			if k := bytes.Index(t, []byte("]:")); k > 1 && bytes.IndexByte(t[:k], '\n') < 0 {
				blank(b, start, end)
			}
		}
		start = end + 1
	}
}

// blankURLs blanks bare addresses (http://, https://, www.), which Hugo's linkify turns into
// links, and <https://…> autolinks.
func blankURLs(b []byte) {
	for _, prefix := range [][]byte{[]byte("http://"), []byte("https://"), []byte("www.")} {
		for i := 0; ; {
			j := bytes.Index(b[i:], prefix)
			if j < 0 {
				break
			}
			s := i + j
			e := s
			for e < len(b) && b[e] != ' ' && b[e] != '\t' && b[e] != '\n' && b[e] != '\r' && b[e] != '<' && b[e] != '>' {
				e++
			}
			for e > s && bytes.IndexByte([]byte(".,;:!?)]'\""), b[e-1]) >= 0 {
				e--
			}
			blank(b, s, e)
			i = max(e, s+1)
		}
	}
}

// blankAttrs blanks heading attributes: "{#id}", "{.class}" on one line.
func blankAttrs(b []byte) {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '{')
		if j < 0 {
			return
		}
		s := i + j
		i = s + 1
		if s+1 >= len(b) || (b[s+1] != '#' && b[s+1] != '.') {
			continue
		}
		e := bytes.IndexAny(b[s:], "}\n")
		if e < 0 || b[s+e] != '}' {
			continue
		}
		blank(b, s, s+e+1)
		i = s + e + 1
	}
}

// Mask returns a copy of body with its shortcodes replaced by the same number of "x" bytes
// (newlines kept), so that a Markdown parser sees plain words where Hugo will insert output.
func Mask(body []byte) []byte { return mask(body, markdown.Shortcodes(body)) }

func mask(body []byte, scs []Shortcode) []byte {
	out := bytes.Clone(body)
	for _, sc := range scs {
		for i := sc.Start; i < sc.End; i++ {
			if out[i] != '\n' {
				out[i] = 'x'
			}
		}
	}
	return out
}

func blank(b []byte, start, end int) {
	for i := start; i < end && i < len(b); i++ {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
}

// Index maps byte offsets of a body to positions in its file.
type Index struct {
	body     []byte
	bodyLine int
	starts   []int // byte offset of the start of each line of body
}

// NewIndex indexes body, whose first line is line bodyLine of its file.
func NewIndex(body []byte, bodyLine int) *Index {
	ix := &Index{body: body, bodyLine: bodyLine, starts: []int{0}}
	for i, c := range body {
		if c == '\n' {
			ix.starts = append(ix.starts, i+1)
		}
	}
	return ix
}

// Pos returns the 1-based file line and column (in characters) of a byte offset.
func (ix *Index) Pos(off int) (line, col int) {
	if off < 0 {
		return ix.bodyLine, 0
	}
	if off > len(ix.body) {
		off = len(ix.body)
	}
	lo, hi := 0, len(ix.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ix.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return ix.bodyLine + lo, utf8.RuneCount(ix.body[ix.starts[lo]:off]) + 1
}
