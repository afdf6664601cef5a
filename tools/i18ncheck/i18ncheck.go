// Package i18ncheck checks the interface strings in i18n/{es,en,fr}.toml, read with go-i18n
// (the library the PDF tool uses, and the format Hugo reads): the same keys in every language,
// the CLDR plural forms each language needs, and keys that nothing uses.
package i18ncheck

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"golang.org/x/text/language"

	"protege/tools/diag"
)

// Forms are the CLDR plural forms, in CLDR order.
var Forms = []string{"zero", "one", "two", "few", "many", "other"}

// File is one language's strings.
type File struct {
	Lang     string
	Path     string
	Messages map[string]*i18n.Message
	// Lines holds the line of each message id, and of each plural form as "id.form".
	Lines map[string]int
}

// Set is the strings of every language, default language first.
type Set struct {
	Files []*File
}

// Load reads dir/<lang>.toml for each language. Files that cannot be read are reported.
func Load(dir string, langs []string) (*Set, []diag.Diagnostic) {
	s := &Set{}
	var ds []diag.Diagnostic
	for _, lang := range langs {
		path := filepath.Join(dir, lang+".toml")
		b, err := os.ReadFile(path)
		if err != nil {
			ds = append(ds, diag.Errorf(path, 0, 0, "cannot read the %s strings: %v", lang, err))
			continue
		}
		f, err := Parse(path, lang, b)
		if err != nil {
			line, col := 0, 0
			var de *toml.DecodeError
			if errors.As(err, &de) {
				line, col = de.Position()
			}
			ds = append(ds, diag.Errorf(path, line, col, "malformed TOML: %v", err))
			continue
		}
		s.Files = append(s.Files, f)
	}
	return s, ds
}

// Parse reads one language's file with go-i18n (and the positions of its keys).
func Parse(path, lang string, b []byte) (*File, error) {
	bundle := i18n.NewBundle(language.Make(lang))
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	// go-i18n takes the language from the file name: give it "<lang>.toml" whatever the path.
	mf, err := bundle.ParseMessageFileBytes(b, lang+".toml")
	if err != nil {
		return nil, err
	}
	f := &File{Lang: lang, Path: path, Messages: map[string]*i18n.Message{}, Lines: keyLines(b)}
	for _, m := range mf.Messages {
		f.Messages[m.ID] = m
	}
	return f, nil
}

// keyLines maps each dotted key (and table) of a TOML file to its line.
func keyLines(b []byte) map[string]int {
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset(b)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table, _ = keyOf(&p, e)
			if k := strings.Join(table, "."); k != "" {
				if _, ok := lines[k]; !ok {
					lines[k] = lineOf(&p, e)
				}
			}
		case unstable.KeyValue:
			key, line := keyOf(&p, e)
			k := strings.Join(append(slices.Clone(table), key...), ".")
			lines[k] = line
		}
	}
	return lines
}

func keyOf(p *unstable.Parser, e *unstable.Node) ([]string, int) {
	var parts []string
	line := 0
	it := e.Key()
	for it.Next() {
		n := it.Node()
		parts = append(parts, string(n.Data))
		if line == 0 && n.Raw.Length > 0 {
			line = p.Shape(n.Raw).Start.Line
		}
	}
	return parts, line
}

func lineOf(p *unstable.Parser, e *unstable.Node) int {
	_, l := keyOf(p, e)
	return l
}

// forms returns the plural forms a message defines.
func forms(m *i18n.Message) []string {
	var out []string
	for i, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		if s != "" {
			out = append(out, Forms[i])
		}
	}
	return out
}

func isPlural(m *i18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// line returns the line of a key in a file, or 0.
func (f *File) line(key string) int { return f.Lines[key] }

// keys returns the union of message ids, sorted.
func (s *Set) keys() []string {
	var all []string
	for _, f := range s.Files {
		for id := range f.Messages {
			if !slices.Contains(all, id) {
				all = append(all, id)
			}
		}
	}
	slices.Sort(all)
	return all
}

// Missing returns, per language, the keys that another language has and it lacks.
func (s *Set) Missing() map[string][]string {
	out := map[string][]string{}
	for _, id := range s.keys() {
		for _, f := range s.Files {
			if f.Messages[id] == nil {
				out[f.Lang] = append(out[f.Lang], id)
			}
		}
	}
	return out
}

// Check reports keys missing from a language, empty strings, and plural messages without
// every form their language needs (or with forms it never uses).
func (s *Set) Check() []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, id := range s.keys() {
		var have []string
		plural := false
		for _, f := range s.Files {
			if m := f.Messages[id]; m != nil {
				have = append(have, fmt.Sprintf("%s:%d", f.Path, f.line(id)))
				plural = plural || isPlural(m)
			}
		}
		for _, f := range s.Files {
			m := f.Messages[id]
			if m == nil {
				ds = append(ds, diag.Errorf(f.Path, 0, 0, "missing key %q (defined at %s): add it, translated", id, strings.Join(have, ", ")))
				continue
			}
			line := f.line(id)
			if !plural {
				if strings.TrimSpace(m.Other) == "" {
					ds = append(ds, diag.Errorf(f.Path, line, 1, "%q is empty: write the text", id))
				}
				continue
			}
			need := RequiredForms(f.Lang)
			got := forms(m)
			for _, form := range need {
				if !slices.Contains(got, form) {
					ds = append(ds, diag.Errorf(f.Path, line, 1, "plural message %q has no %q form: %s needs %s (CLDR plural rules); add %s = \"…\" under [%s]", id, form, f.Lang, strings.Join(need, ", "), form, id))
				}
			}
			for _, form := range got {
				if !slices.Contains(need, form) {
					fl := f.Lines[id+"."+form]
					if fl == 0 {
						fl = line
					}
					ds = append(ds, diag.Warnf(f.Path, fl, 1, "plural message %q has a %q form that %s never uses (it needs %s): remove it", id, form, f.Lang, strings.Join(need, ", ")))
				}
			}
		}
	}
	return ds
}

// Unused reports the keys that no template and no Go tool uses, once, at the default
// language's file (a warning: remove the key from every language, or use it).
func (s *Set) Unused(u *Uses) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, id := range s.keys() {
		if u.Used(id) {
			continue
		}
		for _, f := range s.Files {
			if f.Messages[id] != nil {
				ds = append(ds, diag.Warnf(f.Path, f.line(id), 1, "key %q is not used by any template (site/layouts) nor Go tool: remove it from every language, or use it with {{ T %q }}", id, id))
				break
			}
		}
	}
	return ds
}

// RequiredForms returns the CLDR plural forms a language uses, as go-i18n's plural rules
// give them: it localizes a probe message that has every form for a range of counts
// (integers, millions and decimals, which together reach every form of every CLDR rule for
// the site's languages) and collects the forms chosen.
func RequiredForms(lang string) []string {
	tag := language.Make(lang)
	b := i18n.NewBundle(tag)
	probe := &i18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	if err := b.AddMessages(tag, probe); err != nil {
		return []string{"other"}
	}
	loc := i18n.NewLocalizer(b, lang)
	seen := map[string]bool{}
	try := func(n any) {
		if s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "probe", PluralCount: n}); err == nil {
			seen[s] = true
		}
	}
	for n := 0; n <= 200; n++ {
		try(n)
	}
	for _, n := range []int{1000, 10000, 100000, 1000000, 2000000, 10000000, 1000000000} {
		try(n)
	}
	for _, s := range []string{"0.0", "0.1", "0.5", "1.0", "1.5", "2.0", "2.5", "3.5", "5.5", "10.0", "100.5", "1000000.0"} {
		try(s)
	}
	var out []string
	for _, f := range Forms {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
}
