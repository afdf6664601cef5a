package l10nstatus

import (
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"protege/tools/content"
)

// A history in the two formats LoadHistory reads. The graph (newest first, "%H %h %ct %P"):
//
//	a1 ─ b2 ─ c3 ─ e5 (merge of c3 and d4) ─ f6
//	       └─ d4 ─┘
//
// Dates are deliberately out of order (d4 is "older" than b2): the rule must not read them.
const graph = `f6f6f6f6f6 f6f6f6f 1764600000 e5e5e5e5e5
e5e5e5e5e5 e5e5e5e 1764500000 c3c3c3c3c3 d4d4d4d4d4
d4d4d4d4d4 d4d4d4d 1764000000 b2b2b2b2b2
c3c3c3c3c3 c3c3c3c 1764300000 b2b2b2b2b2
b2b2b2b2b2 b2b2b2b 1764200000 a1a1a1a1a1
a1a1a1a1a1 a1a1a1a 1764100000
`

const files = "\x1ef6f6f6f6f6\n\nes/a.md\n" +
	"\x1ed4d4d4d4d4\n\nes/a.md\nes/b.md\n" +
	"\x1ec3c3c3c3c3\n\nen/a.md\nen/b.md\n" +
	"\x1eb2b2b2b2b2\n\nes/a.md\n" +
	"\x1ea1a1a1a1a1\n\nes/a.md\nen/a.md\nfr/a.md\nes/b.md\nen/b.md\nfr/b.md\n"

func history(t *testing.T) *History {
	t.Helper()
	h, err := parseHistory([]byte(graph), []byte(files))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// One History serves a build's check and translation status at the same time (go test -race
// tells when its memo of ancestors is not guarded).
func TestHistoryShared(t *testing.T) {
	h := history(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, c := range []string{"f6f6f6f6f6", "e5e5e5e5e5", "d4d4d4d4d4", "c3c3c3c3c3"} {
				if !h.Contains(c, "a1a1a1a1a1") {
					t.Errorf("%s does not contain a1", c)
				}
			}
		})
	}
	wg.Wait()
}

func TestHistory(t *testing.T) {
	h := history(t)
	if got := len(h.Files["es/a.md"]); got != 4 {
		t.Errorf("es/a.md has %d commits, want 4", got)
	}
	if last, _ := h.Last("en/a.md"); last.Hash != "c3c3c3c" || last.Date() != "2025-11-28" {
		t.Errorf("last commit of en/a.md = %+v", last)
	}
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"c3c3c3c3c3", "b2b2b2b2b2", true},
		{"c3c3c3c3c3", "d4d4d4d4d4", false}, // another branch, whatever the dates say
		{"e5e5e5e5e5", "d4d4d4d4d4", true},  // through the merge's second parent
		{"b2b2b2b2b2", "c3c3c3c3c3", false},
		{"a1a1a1a1a1", "a1a1a1a1a1", true},
	} {
		if got := h.Contains(tc.a, tc.b); got != tc.want {
			t.Errorf("Contains(%s, %s) = %v, want %v", tc.a[:4], tc.b[:4], got, tc.want)
		}
	}
	for rev, want := range map[string]string{"c3c3c3c": "c3c3c3c3c3", "C3C3": "c3c3c3c3c3", "f6f6f6f6f6": "f6f6f6f6f6", "c3c": "", "0000000": "", "zzzz": ""} {
		c, ok := h.Resolve(rev)
		if ok != (want != "") || c.Full != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", rev, c.Full, ok, want)
		}
	}
	if _, err := parseHistory([]byte(graph), []byte("\x1e9999999999\n\nes/a.md\n")); err == nil {
		t.Error("a file commit outside the graph is an error")
	}
}

// page builds a page; fm is extra front matter, as YAML.
func page(t *testing.T, lang, rel, key, fm string) *content.Page {
	t.Helper()
	src := "translationKey: " + key + "\n" + fm
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	params := map[string]any{}
	if err := doc.Decode(&params); err != nil {
		t.Fatal(err)
	}
	return &content.Page{Lang: lang, Rel: rel, File: "content/" + lang + "/" + rel, Params: params,
		FrontMatter: doc.Content[0], Body: []byte("texto [a](/a)\n")}
}

func TestBuild(t *testing.T) {
	site := &content.Site{Langs: []string{"es", "en", "fr"}, Pages: []*content.Page{
		// en/a was last changed in c3, which contains es/a's b2 but not d4 or f6: outdated
		// since d4, though d4's date is older than c3's.
		page(t, "es", "a.md", "a", ""), page(t, "en", "a.md", "a", ""),
		// fr/a checked against f6 by sourceChecked (abbreviated): up to date.
		page(t, "fr", "a.md", "a", "sourceChecked: f6f6f6f\n"),
		// es/b changed in d4, after both translations (a1, c3): en/b is outdated; fr/b says
		// it was checked against a hash that is not in the history, so its last commit counts.
		page(t, "es", "b.md", "b", ""), page(t, "en", "b.md", "b", ""),
		page(t, "fr", "b.md", "b", "sourceChecked: 1234567\n"),
		page(t, "es", "c.md", "c", ""), page(t, "en", "c.md", "c", "untranslated: true\n"),
		page(t, "en", "d.md", "d", ""),
		page(t, "es", "e.md", "a", ""),
	}}
	r := Build(site, history(t))
	got := map[string]string{}
	for _, e := range r.Entries {
		for _, l := range r.Langs {
			got[e.Key+"/"+l] = e.Cells[l].Label()
		}
	}
	for k, want := range map[string]string{
		"a/es": "ok", "a/en": "outdated since d4d4d4d (2025-11-24)", "a/fr": "ok",
		"b/en": "outdated since d4d4d4d (2025-11-24)", "b/fr": "outdated since d4d4d4d (2025-11-24)",
		"c/en": "untranslated", "c/fr": "missing",
		"d/es": "missing", "d/en": "orphan",
	} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	if c := r.Entries[0].Cells["en"]; c.Behind != 2 || c.Newest.Hash != "f6f6f6f" || c.Checked.Hash != "c3c3c3c" || c.BySourceChecked {
		t.Errorf("a/en: behind %d, newest %s, checked %s (sourceChecked %v)", c.Behind, c.Newest.Hash, c.Checked.Hash, c.BySourceChecked)
	}
	if len(r.Duplicates) != 1 || r.Duplicates[0].Rel != "e.md" {
		t.Errorf("duplicates = %v, want es/e.md", r.Duplicates)
	}
	var msgs []string
	for _, d := range r.Check() {
		msgs = append(msgs, d.String())
	}
	want := []string{
		`content/es/e.md:2:1: error: translationKey "a" is also used by content/es/a.md: each page of a language needs its own key`,
		`content/en/a.md:1:1: warning: translation may be outdated: content/es/a.md changed in 2 commits, the first on 2025-11-24 (d4d4d4d), after this page's last change on 2025-11-28 (c3c3c3c); "make status DIFF=content/en/a.md" shows what changed; bring the translation up to date and commit it (if that change needs no translation, record it with "sourceChecked: f6f6f6f" in this page's front matter and commit)`,
		`content/en/b.md:1:1: warning: translation may be outdated: content/es/b.md changed on 2025-11-24 (d4d4d4d), after this page's last change on 2025-11-28 (c3c3c3c); "make status DIFF=content/en/b.md" shows what changed; bring the translation up to date and commit it (if that change needs no translation, record it with "sourceChecked: d4d4d4d" in this page's front matter and commit)`,
		`content/fr/b.md:3:1: warning: sourceChecked "1234567" is not a commit of this branch's history (mistyped, or rewritten by a rebase or a squash merge): write the hash of the Spanish commit you checked the translation against (the newest commit of content/es/b.md is d4d4d4d); until then the translation's last commit counts`,
		`content/fr/b.md:1:1: warning: translation may be outdated: content/es/b.md changed on 2025-11-24 (d4d4d4d), after this page's last change on 2025-11-25 (a1a1a1a); "make status DIFF=content/fr/b.md" shows what changed; bring the translation up to date and commit it (if that change needs no translation, record it with "sourceChecked: d4d4d4d" in this page's front matter and commit)`,
		`content/es/c.md:2:1: error: no fr translation of this page (translationKey "c"): create it in content/fr/ with the same translationKey, or copy this file there and add untranslated: true until it is translated`,
		`content/en/d.md:2:1: error: translationKey "d" has no Spanish page: every page starts in content/es/; fix the key or add the Spanish page`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("Check()\n got:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	// Without history nothing is outdated.
	if l := Build(site, nil).Entries[0].Cells["en"].Label(); l != "ok" {
		t.Errorf("without git: %q, want ok", l)
	}
}

// sourceChecked may be a hash made only of digits, which YAML reads as a number.
func TestSourceCheckedRaw(t *testing.T) {
	p := page(t, "en", "a.md", "a", "sourceChecked: 0123456\n")
	if got := SourceChecked(p); got != "0123456" {
		t.Errorf("SourceChecked = %q, want 0123456", got)
	}
}

// Spanish changes made on two branches and merged: no one Spanish commit contains both, so
// the hash to record is HEAD's (recording either branch's commit would leave the other one
// outstanding, and the suggestion would alternate between them for ever).
//
//	a1 ─ b2 (es) ─ 9d (merge)
//	  └─ c4 (es) ─┘
func TestSuggestAfterParallelSpanishChanges(t *testing.T) {
	const graph = `9d9d9d9d9d 9d9d9d9 1764400000 b2b2b2b2b2 c4c4c4c4c4
c4c4c4c4c4 c4c4c4c 1764300000 a1a1a1a1a1
b2b2b2b2b2 b2b2b2b 1764200000 a1a1a1a1a1
a1a1a1a1a1 a1a1a1a 1764100000
`
	const files = "\x1ec4c4c4c4c4\n\nes/x.md\n" + "\x1eb2b2b2b2b2\n\nes/x.md\n" +
		"\x1ea1a1a1a1a1\n\nes/x.md\nen/x.md\n"
	h, err := parseHistory([]byte(graph), []byte(files))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ fm, state, suggest string }{
		{"", "outdated", "9d9d9d9"},
		{"sourceChecked: c4c4c4c\n", "outdated", "9d9d9d9"},
		{"sourceChecked: 9d9d9d9\n", "ok", ""},
	} {
		site := &content.Site{Langs: []string{"es", "en", "fr"}, Pages: []*content.Page{page(t, "es", "x.md", "x", ""), page(t, "en", "x.md", "x", tc.fm)}}
		c := Build(site, h).Entries[0].Cells["en"]
		if string(c.State) != tc.state || c.Suggest.Hash != tc.suggest {
			t.Errorf("%q: state %s, suggest %q; want %s, %q", tc.fm, c.State, c.Suggest.Hash, tc.state, tc.suggest)
		}
	}
}
