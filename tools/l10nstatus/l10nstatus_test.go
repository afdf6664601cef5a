package l10nstatus

import (
	"strings"
	"testing"
	"time"

	"protege/tools/content"
)

func TestParseLog(t *testing.T) {
	out := "\x1ec3c3c3c 1764300000\n\nes/a.md\n\x1eb2b2b2b 1764200000\n\nes/a.md\nen/a.md\n\x1ea1a1a1a 1764100000\n\nes/a.md\nen/a.md\nfr/a.md\n"
	h, err := parseLog([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(h["es/a.md"]); got != 3 {
		t.Errorf("es/a.md has %d commits, want 3", got)
	}
	if last, _ := h.Last("en/a.md"); last.Hash != "b2b2b2b" || last.Time.Unix() != 1764200000 {
		t.Errorf("last commit of en/a.md = %+v", last)
	}
	if _, ok := h.Last("fr/b.md"); ok {
		t.Error("fr/b.md has no commit")
	}
}

func page(lang, rel, key string, extra map[string]any) *content.Page {
	p := &content.Page{Lang: lang, Rel: rel, File: "content/" + lang + "/" + rel, Params: map[string]any{"translationKey": key}, Body: []byte("texto [a](/a)\n")}
	for k, v := range extra {
		p.Params[k] = v
	}
	return p
}

func TestBuild(t *testing.T) {
	day := func(d int) Commit {
		return Commit{Hash: "h" + strings.Repeat("0", 5) + string(rune('0'+d)), Time: time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC)}
	}
	site := &content.Site{Pages: []*content.Page{
		page("es", "a.md", "a", nil), page("en", "a.md", "a", nil), page("fr", "a.md", "a", map[string]any{"untranslated": true}),
		page("es", "b.md", "b", nil), page("en", "b.md", "b", nil),
		page("en", "c.md", "c", nil),
		page("es", "d.md", "a", nil),
	}}
	h := History{
		"es/a.md": {day(9), day(5), day(1)}, // changed on the 5th and 9th after the translation (1st)
		"en/a.md": {day(1)},
		"fr/a.md": {day(1)},
		"es/b.md": {day(2)},
		"en/b.md": {day(3)},
	}
	r := Build(site, h)
	got := map[string]string{}
	for _, e := range r.Entries {
		for _, l := range r.Langs {
			got[e.Key+"/"+l] = e.Cells[l].Label()
		}
	}
	for k, want := range map[string]string{
		"a/es": "ok", "a/en": "outdated since h000005 (2026-11-05)", "a/fr": "untranslated",
		"b/en": "ok", "b/fr": "missing",
		"c/es": "missing", "c/en": "orphan",
	} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	if len(r.Duplicates) != 1 || r.Duplicates[0].Rel != "d.md" {
		t.Errorf("duplicates = %v, want es/d.md", r.Duplicates)
	}
	var msgs []string
	for _, d := range r.Check() {
		msgs = append(msgs, d.String())
	}
	want := []string{
		"content/es/d.md:1:1: error: translationKey \"a\" is also used by content/es/a.md: each page of a language needs its own key",
		"content/en/a.md:1:1: warning: translation may be outdated: content/es/a.md changed on 2026-11-05 (h000005), after this page's last change on 2026-11-01 (h000001); bring the translation up to date and commit it (if that change needs no translation, record it with \"sourceChecked: h000009\" in this page's front matter and commit)",
		"content/es/b.md:1:1: error: no fr translation of this page (translationKey \"b\"): create it in content/fr/ with the same translationKey, or copy this file there and add untranslated: true until it is translated",
		"content/en/c.md:1:1: error: translationKey \"c\" has no Spanish page: every page starts in content/es/; fix the key or add the Spanish page",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("Check()\n got:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	// Without history nothing is outdated.
	if l := Build(site, nil).Entries[0].Cells["en"].Label(); l != "ok" {
		t.Errorf("without git: %q, want ok", l)
	}
}
