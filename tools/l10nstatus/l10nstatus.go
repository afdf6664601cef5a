// Package l10nstatus tells where each page stands in each language: translated, marked
// untranslated, missing, or outdated. It reports the problems for `protege check`, prints the
// table of `protege status`, and writes the data file the page notice reads: one rule, computed
// once, for the three.
//
// The outdated rule: a translation is outdated when its Spanish source has a commit that the
// Spanish commit the translation was checked against does not contain. That checkpoint is the
// translation's sourceChecked front matter key when it has one, and otherwise the translation's
// own last commit (the Spanish file as it stood when the translation was last changed). Only
// commit ancestry counts, never dates: rebases and cherry-picks rewrite dates, not order.
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
	OK           State = "ok"           // translated, and checked against the newest Spanish text
	Source       State = "source"       // the Spanish page itself
	Missing      State = "missing"      // no file in this language
	Untranslated State = "untranslated" // the file says untranslated: true
	Outdated     State = "outdated"     // the Spanish page changed after the checkpoint
	Orphan       State = "orphan"       // a translation whose key has no Spanish page
)

// Cell is one page in one language.
type Cell struct {
	State State
	Page  *content.Page // nil when missing
	// Last is the page's newest commit (zero when unknown: not committed, or no git).
	Last Commit
	// Checked is, for a translation, the commit it was checked against: its sourceChecked, or
	// else Last. BySourceChecked tells which.
	Checked         Commit
	BySourceChecked bool
	// BadSourceChecked is a sourceChecked value that names no commit of HEAD's history (the
	// rule then falls back to Last).
	BadSourceChecked string
	// Since and Newest are, for an outdated page, the oldest and the newest Spanish commits
	// that Checked does not contain; Behind is how many there are.
	Since, Newest Commit
	// Suggest is what to record in sourceChecked once the translation is up to date: the
	// Spanish page's newest commit when it contains all its others, else HEAD (Spanish changes
	// made on two branches and merged have no one Spanish commit that contains both).
	Suggest Commit
	Behind  int
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

// SourceChecked is the raw value of a page's sourceChecked key, as written (a hash made only of
// digits would otherwise be read as a number), or "".
func SourceChecked(p *content.Page) string {
	if p.FrontMatter != nil {
		for i := 0; i+1 < len(p.FrontMatter.Content); i += 2 {
			if p.FrontMatter.Content[i].Value == "sourceChecked" {
				return strings.TrimSpace(p.FrontMatter.Content[i+1].Value)
			}
		}
	}
	if v, ok := p.Params["sourceChecked"]; ok && v != nil {
		return strings.TrimSpace(fmt.Sprint(v))
	}
	return ""
}

// Build computes the status of every page. h may be nil (no git history: nothing is outdated).
func Build(site *content.Site, h *History) *Report {
	langs := site.Langs
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
			case c.State == OK && h != nil:
				outdated(c, h.Files[src+"/"+es.Page.Rel], h)
			}
		}
		if es == nil {
			e.Cells[src] = &Cell{State: Missing}
		}
	}
	return r
}

// outdated applies the rule to one translation, given its Spanish source's commits (newest first).
func outdated(c *Cell, spanish []Commit, h *History) {
	c.Checked = c.Last
	if v := SourceChecked(c.Page); v != "" {
		if sc, ok := h.Resolve(v); ok {
			c.Checked, c.BySourceChecked = sc, true
		} else {
			c.BadSourceChecked = v
		}
	}
	if c.Checked.IsZero() || len(spanish) == 0 {
		return // a translation not committed yet is as new as its Spanish page
	}
	for _, s := range spanish {
		if h.Contains(c.Checked.Full, s.Full) {
			continue
		}
		if c.Behind == 0 {
			c.Newest = s
		}
		c.Since = s // newest first: the last one is the oldest
		c.Behind++
	}
	if c.Behind > 0 {
		c.State = Outdated
		c.Suggest = spanish[0]
		for _, s := range spanish[1:] {
			if !h.Contains(spanish[0].Full, s.Full) {
				c.Suggest = h.Head()
				break
			}
		}
	}
}

// Check returns the problems: a key without its translation in some language, a translation
// without Spanish page, a key used twice in one language, an untranslated page whose text is
// no longer the Spanish text (warning), a sourceChecked that names no commit (warning), and
// outdated translations (warning).
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
			if c.BadSourceChecked != "" {
				newest := "not committed yet"
				if es.Last.Hash != "" {
					newest = es.Last.Hash
				}
				ds = append(ds, diag.Warnf(c.Page.File, c.Page.KeyLine("sourceChecked"), 1, "sourceChecked %q is not a commit of this branch's history (mistyped, or rewritten by a rebase or a squash merge): write the hash of the Spanish commit you checked the translation against (the newest commit of %s is %s); until then the translation's last commit counts", c.BadSourceChecked, es.Page.File, newest))
			}
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
				ds = append(ds, c.outdatedDiag(es.Page.File))
			}
		}
	}
	return ds
}

func (c *Cell) outdatedDiag(spanish string) diag.Diagnostic {
	changes := fmt.Sprintf("%s changed on %s (%s)", spanish, c.Since.Date(), c.Since.Hash)
	if c.Behind > 1 {
		changes = fmt.Sprintf("%s changed in %d commits, the first on %s (%s)", spanish, c.Behind, c.Since.Date(), c.Since.Hash)
	}
	see := fmt.Sprintf("\"make status DIFF=%s\" shows what changed", c.Page.File)
	if c.BySourceChecked {
		return diag.Warnf(c.Page.File, c.Page.KeyLine("sourceChecked"), 1, "translation may be outdated: %s, after the Spanish version this page was checked against (sourceChecked: %s); %s; bring the translation up to date, set \"sourceChecked: %s\" and commit", changes, c.Checked.Hash, see, c.Suggest.Hash)
	}
	return diag.Warnf(c.Page.File, 1, 1, "translation may be outdated: %s, after this page's last change on %s (%s); %s; bring the translation up to date and commit it (if that change needs no translation, record it with \"sourceChecked: %s\" in this page's front matter and commit)", changes, c.Checked.Date(), c.Checked.Hash, see, c.Suggest.Hash)
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
