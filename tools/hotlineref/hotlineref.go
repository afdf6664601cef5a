// Package hotlineref checks how pages refer to hotlines: every {{< hotline "id" >}} names a
// line of content/data/hotlines.yaml, and no hotline number is typed by hand (a number written
// in a page goes stale when the data changes; the shortcode never does).
package hotlineref

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/hotlines"
	"protege/tools/mdtext"
)

// callingCodes are the country calling codes of the countries in the data, to recognise a
// number written without them ("8989-1147" for "+50689891147").
var callingCodes = map[string]string{"CR": "506", "US": "1", "CA": "1", "GB": "44"}

// Checker holds the hotline data prepared for the checks.
type Checker struct {
	known   bool // the data could be read: without it, nothing is checked
	ids     []string
	numbers map[string]string // digits → hotline id
}

// New prepares the checker for the given data (nil: no hotlines known).
func New(d *hotlines.Data) *Checker {
	c := &Checker{numbers: map[string]string{}}
	if d == nil {
		return c
	}
	c.known = true
	for _, l := range d.Lines {
		if !slices.Contains(c.ids, l.ID) {
			c.ids = append(c.ids, l.ID)
		}
		if l.Kind == "web" {
			continue
		}
		for _, s := range []string{l.Dial, l.Display} {
			ds := hotlines.Digits(s)
			if len(ds) < 3 {
				continue
			}
			c.add(ds, l.ID)
			if cc := callingCodes[l.Country]; cc != "" && strings.HasPrefix(ds, cc) && len(ds)-len(cc) >= 3 {
				c.add(ds[len(cc):], l.ID)
			}
		}
	}
	slices.Sort(c.ids)
	return c
}

func (c *Checker) add(digits, id string) {
	if _, ok := c.numbers[digits]; !ok {
		c.numbers[digits] = id
	}
}

// Check reports the hotline shortcodes that name no known line and the hotline numbers typed
// by hand in a page's text (t: the page's body, prepared by mdtext.New).
func (c *Checker) Check(p *content.Page, t *mdtext.Text) []diag.Diagnostic {
	if !c.known {
		return nil
	}
	var ds []diag.Diagnostic
	ix := t.Index
	for _, sc := range t.Shortcodes {
		if sc.Name != "hotline" || sc.Closing {
			continue
		}
		l, col := ix.Pos(sc.Start)
		switch {
		case len(sc.Args) == 0:
			ds = append(ds, diag.Errorf(p.File, l, col, "the hotline shortcode needs the line's id, e.g. {{< hotline \"cr-911\" >}} (ids: %s)", strings.Join(c.ids, ", ")))
			continue
		case !slices.Contains(c.ids, sc.Args[0]):
			hint := "see the ids in content/data/hotlines.yaml: " + strings.Join(c.ids, ", ")
			if s := c.closest(sc.Args[0]); s != "" {
				hint = fmt.Sprintf("did you mean %q? (ids are in content/data/hotlines.yaml)", s)
			}
			ds = append(ds, diag.Errorf(p.File, l, col, "unknown hotline id %q: %s", sc.Args[0], hint))
		}
		if len(sc.Args) > 2 || (len(sc.Args) == 2 && sc.Args[1] != "name") {
			ds = append(ds, diag.Errorf(p.File, l, col, "the hotline shortcode takes the id and, optionally, \"name\": {{< hotline \"%s\" \"name\" >}}", sc.Args[0]))
		}
	}
	vis := t.Visible
	for _, m := range c.find(vis) {
		l, col := ix.Pos(m.start)
		ds = append(ds, diag.Errorf(p.File, l, col, "hotline number %q typed by hand: write {{< hotline %q >}} instead, so the number comes from content/data/hotlines.yaml", string(vis[m.start:m.end]), m.id))
	}
	return ds
}

type found struct {
	start, end int
	id         string
}

type group struct {
	digits     string
	start, end int
	touches    bool // a letter is glued to it ("art911", "911b"): not a number
}

// find returns the hotline numbers in text: runs of digit groups separated by spaces, dots,
// hyphens or brackets ("9-1-1", "8989 1147", "(506) 8989-1147") whose digits, taken over
// whole groups, equal a hotline number. A digit run that is not exactly a hotline number
// (a year, an article or law number) is never reported.
func (c *Checker) find(text []byte) []found {
	var out []found
	var run []group
	flush := func() {
		for i := 0; i < len(run); {
			best, id := -1, ""
			acc := ""
			for j := i; j < len(run); j++ {
				if run[j].touches {
					break
				}
				acc += run[j].digits
				if len(acc) > 15 {
					break
				}
				if x, ok := c.numbers[acc]; ok {
					best, id = j, x
				}
			}
			if best < 0 {
				i++
				continue
			}
			start := run[i].start
			if start > 0 && text[start-1] == '+' {
				start--
			}
			out = append(out, found{start, run[best].end, id})
			i = best + 1
		}
		run = run[:0]
	}
	i := 0
	for i < len(text) {
		if !isDigit(text[i]) {
			i++
			continue
		}
		s := i
		for i < len(text) && isDigit(text[i]) {
			i++
		}
		g := group{digits: string(text[s:i]), start: s, end: i}
		before, _ := utf8.DecodeLastRune(text[:s])
		after, _ := utf8.DecodeRune(text[i:])
		g.touches = isWordRune(before) || isWordRune(after)
		// Joined to the previous group when only separators lie between them.
		if len(run) > 0 && !joinable(text[run[len(run)-1].end:s]) {
			flush()
		}
		run = append(run, g)
	}
	flush()
	return out
}

// joinable reports whether the bytes between two digit groups are one or two separators.
func joinable(b []byte) bool {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch r {
		case ' ', '.', '-', '(', ')', '\u00a0', '\u2011', '\u202f':
		default:
			return false
		}
		n++
		b = b[size:]
	}
	return n >= 1 && n <= 2
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || r == '_')
}

// closest returns the known id nearest to s (edit distance at most 3), or "".
func (c *Checker) closest(s string) string {
	best, bd := "", 4
	for _, id := range c.ids {
		if d := distance(s, id); d < bd {
			best, bd = id, d
		}
	}
	return best
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
