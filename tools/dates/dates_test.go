package dates_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"protege/tools/dates"
	"protege/tools/hugotool"
)

// Every language of site/hugo.toml, every month: Hugo rendering the site's own date partial
// (site/layouts/_partials/hotline/date.html) and dates.Long, which the PDFs use, write the same.
func TestSameAsHugo(t *testing.T) {
	hugo, err := hugotool.Binary()
	if err != nil {
		t.Skipf("no Hugo: %v", err)
	}
	siteDir := filepath.Join("..", "..", "site")
	raw, err := os.ReadFile(filepath.Join(siteDir, "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		DefaultContentLanguage string `toml:"defaultContentLanguage"`
		TimeZone               string `toml:"timeZone"`
		Languages              map[string]struct {
			Locale string `toml:"locale"`
			Weight int    `toml:"weight"`
		} `toml:"languages"`
	}
	if err := toml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Languages) == 0 {
		t.Fatal("site/hugo.toml lists no languages")
	}
	// A scratch site with the real languages and the real partial; its home page prints the
	// 5th of every month of 2026, one a line.
	dir := t.TempDir()
	var conf strings.Builder
	fmt.Fprintf(&conf, "baseURL = \"https://example.org/\"\ndefaultContentLanguage = %q\ndefaultContentLanguageInSubdir = true\ntimeZone = %q\n", cfg.DefaultContentLanguage, cfg.TimeZone)
	conf.WriteString("disableKinds = [\"page\", \"section\", \"taxonomy\", \"term\", \"rss\", \"sitemap\", \"robotstxt\", \"404\"]\n")
	for lang, l := range cfg.Languages {
		fmt.Fprintf(&conf, "[languages.%s]\nlocale = %q\nweight = %d\n", lang, l.Locale, l.Weight)
	}
	partial, err := os.ReadFile(filepath.Join(siteDir, "layouts", "_partials", "hotline", "date.html"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"hugo.toml":                           conf.String(),
		"layouts/_partials/hotline/date.html": string(partial),
		"layouts/home.html":                   `{{ range seq 12 }}{{ partial "hotline/date.html" (printf "2026-%02d-05" .) }}` + "\n{{ end }}",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(hugo, "-s", dir, "-d", filepath.Join(dir, "public"), "--panicOnWarning", "--quiet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, out)
	}
	for lang, l := range cfg.Languages {
		b, err := os.ReadFile(filepath.Join(dir, "public", lang, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(got) != 12 {
			t.Fatalf("%s: Hugo wrote %d dates, want 12:\n%s", lang, len(got), b)
		}
		for m := range 12 {
			d := time.Date(2026, time.Month(m+1), 5, 0, 0, 0, 0, time.UTC)
			if want := dates.Long(d, l.Locale, lang, cfg.DefaultContentLanguage); strings.TrimSpace(got[m]) != want {
				t.Errorf("%s (%s), %s: Hugo writes %q, the PDFs %q", lang, l.Locale, d.Format("2006-01"), strings.TrimSpace(got[m]), want)
			}
		}
	}
}

func TestLong(t *testing.T) {
	d := time.Date(2026, 9, 5, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		locales []string
		want    string
	}{
		// CLDR's Costa Rican Spanish (golocales v0.2.0, CLDR 48.1) writes "septiembre".
		{[]string{"es-CR", "es"}, "5 de septiembre de 2026"},
		{[]string{"en", "en"}, "September 5, 2026"},
		{[]string{"fr", "fr"}, "5 septembre 2026"},
		{[]string{"xx-YY", "fr"}, "5 septembre 2026"}, // an unknown locale: the next one, as Hugo
		{[]string{"", "zz"}, "September 5, 2026"},     // none known: English, as Hugo
	} {
		if got := dates.Long(d, tc.locales...); got != tc.want {
			t.Errorf("Long(%v) = %q, want %q", tc.locales, got, tc.want)
		}
	}
}
