// Package terms finds the terms the site must not use (Luxembourg Guidelines) in a page's
// title, description and text, and names the term to use instead. The list is terms.yaml in
// this folder, built into the tool.
package terms

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/mdtext"
)

//go:embed terms.yaml
var defaultList []byte

// Term is a group of forms to avoid and the term to use instead.
type Term struct {
	Avoid []string `yaml:"avoid"`
	Use   string   `yaml:"use"`
}

// List is the terms to avoid per language code.
type List map[string][]Term

// Default returns the list built into the tool (terms.yaml).
func Default() List {
	l, err := Parse(defaultList)
	if err != nil {
		panic("terms.yaml: " + err.Error())
	}
	return l
}

// Parse reads a terms list.
func Parse(b []byte) (List, error) {
	var l List
	if err := yaml.Unmarshal(b, &l); err != nil {
		return nil, err
	}
	for lang, ts := range l {
		for _, t := range ts {
			if len(t.Avoid) == 0 || t.Use == "" {
				return nil, fmt.Errorf("%s: every entry needs avoid and use", lang)
			}
		}
	}
	return l, nil
}

// Match is one use of a term to avoid: byte offsets in the text searched.
type Match struct {
	Start, End int
	Found      string // the text as written
	Avoid      string // the form of the list it matched
	Use        string
}

// Matcher finds the terms of a List.
type Matcher struct {
	byLang map[string]map[string][]variant // language → first word → variants
}

type variant struct {
	words []string
	avoid string
	use   string
}

// Matcher prepares the list for searching.
func (l List) Matcher() *Matcher {
	m := &Matcher{byLang: map[string]map[string][]variant{}}
	for lang, ts := range l {
		idx := map[string][]variant{}
		for _, t := range ts {
			for _, a := range t.Avoid {
				var ws []string
				for _, w := range words([]byte(a)) {
					ws = append(ws, w.s)
				}
				if len(ws) == 0 {
					continue
				}
				idx[ws[0]] = append(idx[ws[0]], variant{ws, a, t.Use})
			}
		}
		m.byLang[lang] = idx
	}
	return m
}

// Find returns the terms to avoid in text, for the given language, whole words only, ignoring
// case and accents. Words may be separated by any spaces, line breaks or punctuation that is
// not a letter or digit (so Markdown emphasis does not hide a term).
func (m *Matcher) Find(lang string, text []byte) []Match {
	idx := m.byLang[lang]
	if len(idx) == 0 {
		return nil
	}
	ws := words(text)
	var out []Match
	for i := 0; i < len(ws); i++ {
		best := -1
		var bv variant
		for _, v := range idx[ws[i].s] {
			if i+len(v.words) > len(ws) || len(v.words) <= best {
				continue
			}
			ok := true
			for j, w := range v.words {
				if ws[i+j].s != w || (j > 0 && !joins(text[ws[i+j-1].end:ws[i+j].start])) {
					ok = false
					break
				}
			}
			if ok {
				best, bv = len(v.words), v
			}
		}
		if best < 0 {
			continue
		}
		s, e := ws[i].start, ws[i+best-1].end
		out = append(out, Match{Start: s, End: e, Found: strings.Join(strings.Fields(string(text[s:e])), " "), Avoid: bv.avoid, Use: bv.use})
		i += best - 1
	}
	return out
}

// joins reports whether the text between two words keeps them in one phrase: spaces, line
// breaks, hyphens, apostrophes and Markdown emphasis do; any other punctuation (". , ; :") ends
// the phrase.
func joins(gap []byte) bool {
	for _, r := range string(gap) {
		switch {
		case unicode.IsSpace(r):
		case strings.ContainsRune("*_~`-'’\u2011", r):
		default:
			return false
		}
	}
	return true
}

type word struct {
	s          string // folded: lower case, no accents
	start, end int
}

// words splits text into words of letters and digits, folded for comparison.
func words(text []byte) []word {
	var out []word
	var b strings.Builder
	start := -1
	for i := 0; i <= len(text); {
		r, size := utf8.RuneError, 1
		if i < len(text) {
			r, size = utf8.DecodeRune(text[i:])
		}
		if i < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
			if start < 0 {
				start = i
				b.Reset()
			}
			fold(&b, r)
		} else if start >= 0 {
			out = append(out, word{b.String(), start, i})
			start = -1
		}
		i += size
	}
	return out
}

// fold writes r in lower case without its accents ("É" → "e").
func fold(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		b.WriteRune(unicode.ToLower(r))
		return
	}
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		b.WriteRune(unicode.ToLower(d))
	}
}

// valuePos is the file position of byte off of a front matter value (exact for a value on
// one line; the value's start otherwise).
func valuePos(p *content.Page, key, v string, off int) (int, int) {
	fm := p.FrontMatter
	if fm == nil {
		return p.KeyLine(key), 0
	}
	for i := 0; i+1 < len(fm.Content); i += 2 {
		if fm.Content[i].Value != key {
			continue
		}
		n := fm.Content[i+1]
		line, col := n.Line+1, n.Column // +1: the opening "---"
		if strings.ContainsAny(v, "\n") {
			return line, col
		}
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			col++
		}
		return line, col + utf8.RuneCountInString(v[:off])
	}
	return p.KeyLine(key), 0
}

// Check reports the terms to avoid in a page's title, description and body (t: the page's
// body, prepared by mdtext.New).
func Check(p *content.Page, t *mdtext.Text, m *Matcher) []diag.Diagnostic {
	var ds []diag.Diagnostic
	report := func(line, col int, where string, mt Match) {
		ds = append(ds, diag.Errorf(p.File, line, col, "avoid %q%s: write %q instead (Luxembourg Guidelines, tools/terms/terms.yaml)", mt.Found, where, mt.Use))
	}
	for _, key := range []string{"title", "description"} {
		v := p.String(key)
		if v == "" {
			continue
		}
		for _, mt := range m.Find(p.Lang, []byte(v)) {
			l, c := valuePos(p, key, v, mt.Start)
			report(l, c, " in the "+key, mt)
		}
	}
	for _, mt := range m.Find(p.Lang, t.Visible) {
		l, c := t.Index.Pos(mt.Start)
		report(l, c, "", mt)
	}
	return ds
}
