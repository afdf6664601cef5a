// Package l10nstatus tells where each page stands in each language: translated, marked
// untranslated, missing, or outdated (its last commit is older than its Spanish source's). It
// reports the problems for `protege check` and prints the table of `protege status`.
package l10nstatus

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"protege/tools/content"
	"protege/tools/diag"
)

// State of one page in one language.
type State string

const (
	OK           State = "ok"           // translated and not older than the Spanish page
	Source       State = "source"       // the Spanish page itself
	Missing      State = "missing"      // no file in this language
	Untranslated State = "untranslated" // the file says untranslated: true
	Outdated     State = "outdated"     // last changed before the Spanish page
	Orphan       State = "orphan"       // a translation whose key has no Spanish page
)

// Cell is one page in one language.
type Cell struct {
	State State
	Page  *content.Page // nil when missing
	// Last is the page's newest commit (zero when unknown: not committed, or no git).
	Last Commit
	// Since is, for an outdated page, the oldest Spanish commit newer than Last: the change
	// the translation has not caught up with. Newest is the Spanish page's newest commit.
	Since, Newest Commit
}

// Entry is one translationKey.
type Entry struct {
	Key   string
	Cells map[string]*Cell // by language
}

// Report is the translation status of a site.
type Report struct {
	Langs   []string
	Entries []*Entry // sorted by key
	// Duplicates are pages whose language already has a page with their key.
	Duplicates []*content.Page
	// NoKey are pages without a translationKey (reported by the front matter check).
	NoKey []*content.Page
	// HasGit tells whether a history was given (outdated pages can be found).
	HasGit bool
}

// Build computes the status of every page. h may be nil (no git history: nothing is outdated).
func Build(site *content.Site, h History) *Report {
	langs := content.Langs
	r := &Report{Langs: langs, HasGit: h != nil}
	byKey := map[string]*Entry{}
	for _, p := range site.Pages {
		k := p.TranslationKey()
		if k == "" {
			r.NoKey = append(r.NoKey, p)
			continue
		}
		e := byKey[k]
		if e == nil {
			e = &Entry{Key: k, Cells: map[string]*Cell{}}
			byKey[k] = e
			r.Entries = append(r.Entries, e)
		}
		if e.Cells[p.Lang] != nil {
			r.Duplicates = append(r.Duplicates, p)
			continue
		}
		c := &Cell{Page: p, State: OK}
		if last, ok := h.Last(p.Lang + "/" + p.Rel); ok {
			c.Last = last
		}
		if b, _ := p.Params["untranslated"].(bool); b {
			c.State = Untranslated
		}
		e.Cells[p.Lang] = c
	}
	slices.SortFunc(r.Entries, func(a, b *Entry) int { return strings.Compare(a.Key, b.Key) })
	src := langs[0]
	for _, e := range r.Entries {
		es := e.Cells[src]
		if es != nil {
			es.State = Source
		}
		for _, l := range langs[1:] {
			c := e.Cells[l]
			switch {
			case c == nil:
				e.Cells[l] = &Cell{State: Missing}
			case es == nil:
				c.State = Orphan
			case c.State == OK && h != nil && !c.Last.Time.IsZero() && !es.Last.Time.IsZero() && es.Last.Time.After(c.Last.Time):
				c.State = Outdated
				c.Newest = es.Last
				for _, sc := range h[src+"/"+es.Page.Rel] {
					if sc.Time.After(c.Last.Time) {
						c.Since = sc // newest first: the last assignment is the oldest newer commit
					}
				}
			}
		}
		if es == nil {
			e.Cells[src] = &Cell{State: Missing}
		}
	}
	return r
}

// Check returns the problems: a key without its translation in some language, a translation
// without Spanish page, a key used twice in one language, an untranslated page whose text is
// no longer the Spanish text (warning), and outdated translations (warning).
func (r *Report) Check() []diag.Diagnostic {
	var ds []diag.Diagnostic
	src := r.Langs[0]
	for _, p := range r.Duplicates {
		other := ""
		for _, e := range r.Entries {
			if e.Key == p.TranslationKey() {
				other = e.Cells[p.Lang].Page.File
			}
		}
		ds = append(ds, diag.Errorf(p.File, p.KeyLine("translationKey"), 1, "translationKey %q is also used by %s: each page of a language needs its own key", p.TranslationKey(), other))
	}
	for _, e := range r.Entries {
		es := e.Cells[src]
		for _, l := range r.Langs[1:] {
			c := e.Cells[l]
			switch c.State {
			case Missing:
				if es.Page == nil {
					continue
				}
				ds = append(ds, diag.Errorf(es.Page.File, es.Page.KeyLine("translationKey"), 1, "no %s translation of this page (translationKey %q): create it in content/%s/ with the same translationKey, or copy this file there and add untranslated: true until it is translated", l, e.Key, l))
			case Orphan:
				ds = append(ds, diag.Errorf(c.Page.File, c.Page.KeyLine("translationKey"), 1, "translationKey %q has no Spanish page: every page starts in content/%s/; fix the key or add the Spanish page", e.Key, src))
			case Untranslated:
				if es.Page != nil && normalise(c.Page.Body) != normalise(es.Page.Body) {
					ds = append(ds, diag.Warnf(c.Page.File, c.Page.KeyLine("untranslated"), 1, "marked untranslated but its text is not the text of %s: if the page is translated, remove untranslated; if not, copy the Spanish text again (keeping the links in this language)", es.Page.File))
				}
			case Outdated:
				ds = append(ds, diag.Warnf(c.Page.File, 1, 1, "translation may be outdated: %s changed on %s (%s), after this page's last change on %s (%s); bring the translation up to date and commit it (if that change needs no translation, record it with \"sourceChecked: %s\" in this page's front matter and commit)", es.Page.File, c.Since.Date(), c.Since.Hash, c.Last.Date(), c.Last.Hash, es.Last.Hash))
			}
		}
	}
	return ds
}

var (
	linkDest = regexp.MustCompile(`\]\([^)]*\)`)
	spaces   = regexp.MustCompile(`\s+`)
)

// normalise is a body without its link destinations (an untranslated page links to the pages
// of its own language) and with its spaces collapsed, for comparing texts.
func normalise(b []byte) string {
	s := linkDest.ReplaceAllString(string(b), "]()")
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// Label is the text of a cell in the status table.
func (c *Cell) Label() string {
	switch c.State {
	case Source, OK:
		return "ok"
	case Outdated:
		return fmt.Sprintf("outdated since %s (%s)", c.Since.Hash, c.Since.Date())
	}
	return string(c.State)
}
