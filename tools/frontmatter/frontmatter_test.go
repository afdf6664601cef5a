package frontmatter

import (
	"strings"
	"testing"
	"time"

	"protege/tools/content"
)

var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func check(t *testing.T, lang, fm string) []string {
	t.Helper()
	p, ds := content.Parse("x.md", []byte("---\n"+fm+"---\n\nText.\n"))
	if len(ds) > 0 {
		t.Fatalf("parse: %v", ds)
	}
	p.Lang = lang
	var out []string
	for _, d := range Check(p, Options{Today: today, DefaultLang: "es"}) {
		out = append(out, d.String())
	}
	return out
}

const desc = `description: "A description that is long enough to be shown by search engines in a list."` + "\n"

func TestSourcesExemptions(t *testing.T) {
	for _, key := range NoSources {
		if got := check(t, "en", "title: \"T\"\n"+desc+"translationKey: "+key+"\naudience: [everyone]\nreviewed: 2026-11-01\nsources: []\n"); len(got) > 0 {
			t.Errorf("%s: %v", key, got)
		}
	}
	got := check(t, "en", "title: \"T\"\n"+desc+"translationKey: law\naudience: [everyone]\nreviewed: 2026-11-01\n")
	if len(got) != 1 || !strings.Contains(got[0], "missing sources") {
		t.Errorf("law page without sources: %v", got)
	}
}

func TestDatesAndLength(t *testing.T) {
	base := "title: \"T\"\ntranslationKey: k\naudience: [everyone]\nsources: [{title: \"S\", url: \"https://x.org/\"}]\n"
	for _, tc := range []struct{ fm, want string }{
		{desc + "reviewed: 2026-11-27\n", ""},
		{desc + "reviewed: \"2026-11-27\"\n", ""},
		{desc + "reviewed: 2026-11-27T10:00:00-06:00\n", ""},
		{desc + "reviewed: 2026-11-28\n", "in the future"},
		{desc + "reviewed: 27/11/2026\n", "is not a date"},
		// 70 characters, counted as characters: "ñ" is one.
		{`description: "` + strings.Repeat("ñ", 70) + `"` + "\nreviewed: 2026-11-01\n", ""},
		{`description: "` + strings.Repeat("ñ", 69) + `"` + "\nreviewed: 2026-11-01\n", "too short: 69 characters"},
		{`description: "` + strings.Repeat("a", 161) + `"` + "\nreviewed: 2026-11-01\n", "too long: 161 characters"},
	} {
		got := strings.Join(check(t, "es", base+tc.fm), "\n")
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.fm, got, tc.want)
		}
	}
}
