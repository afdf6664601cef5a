package siteconfig

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		file    string
		want    *Site
		wantErr string
	}{
		{file: "three.toml", want: &Site{BaseURL: "https://example.org/sub/", Languages: []Language{
			{Lang: "es", Locale: "es-CR", Label: "Español", Weight: 1},
			{Lang: "en", Locale: "en", Label: "English", Weight: 2},
			{Lang: "fr", Locale: "fr", Label: "Français", Weight: 3},
		}}},
		// The default language comes first whatever its weight; languageCode stands in for locale.
		{file: "default-not-first.toml", want: &Site{BaseURL: "https://example.org/", Languages: []Language{
			{Lang: "fr", Locale: "fr-CA", Label: "fr", Weight: 2},
			{Lang: "en", Locale: "en", Label: "en", Weight: 1},
		}}},
		{file: "unknown-default.toml", wantErr: `unknown-default.toml: defaultContentLanguage "pt" is not one of the languages (en)`},
		{file: "no-languages.toml", wantErr: "no-languages.toml: no [languages]"},
		{file: "bad-baseurl.toml", wantErr: `bad-baseurl.toml: baseURL: "/relative/": want an absolute`},
		{file: "bad-toml.toml", wantErr: "bad-toml.toml:2:"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(tc.file, b)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseStrict(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "false": false, "FALSE": false,
		"1": true, "true": true, "True": true, " 1 ": true} {
		if got, err := ParseStrict(v); err != nil || got != want {
			t.Errorf("ParseStrict(%q) = %v, %v; want %v", v, got, err, want)
		}
	}
	for _, v := range []string{"yes", "2", "on", "ture"} {
		if _, err := ParseStrict(v); err == nil {
			t.Errorf("ParseStrict(%q): no error; a typo must not turn strict mode off quietly", v)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "site"), 0o755); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join("testdata", "three.toml"))
	if err := os.WriteFile(filepath.Join(dir, "site", "hugo.toml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"STRICT": "true"}
	s, err := Load(dir, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if !s.Strict {
		t.Error("STRICT=true: not strict")
	}
	if got := s.Langs(); !reflect.DeepEqual(got, []string{"es", "en", "fr"}) {
		t.Errorf("Langs() = %v", got)
	}
	if got := s.Translations(); !reflect.DeepEqual(got, []string{"en", "fr"}) {
		t.Errorf("Translations() = %v", got)
	}
	if s.Default().Locale != "es-CR" || !s.Has("fr") || s.Has("de") {
		t.Errorf("Default() = %+v, Has(fr) = %v, Has(de) = %v", s.Default(), s.Has("fr"), s.Has("de"))
	}
	if got := s.Locales(); !reflect.DeepEqual(got, map[string]string{"es": "es-CR", "en": "en", "fr": "fr"}) {
		t.Errorf("Locales() = %v", got)
	}
	o, err := s.WithBaseURL("http://localhost:8080/x")
	if err != nil || o.BaseURL != "http://localhost:8080/x/" || s.BaseURL != "https://example.org/sub/" {
		t.Errorf("WithBaseURL: %v, %v (original %s)", o, err, s.BaseURL)
	}
	if _, err := s.WithBaseURL("example.org"); err == nil {
		t.Error("WithBaseURL(example.org): no error")
	}
	env["STRICT"] = "yes"
	if _, err := Load(dir, func(k string) string { return env[k] }); err == nil {
		t.Error("STRICT=yes: no error")
	}
	if _, err := Load(t.TempDir(), nil); err == nil {
		t.Error("no site/hugo.toml: no error")
	}
}

// TestRepository reads the repository's own configuration: the languages Hugo builds are the
// ones the toolchain checks.
func TestRepository(t *testing.T) {
	s, err := Load(filepath.Join("..", ".."), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Languages) < 2 {
		t.Fatalf("languages: %v", s.Langs())
	}
	for _, l := range s.Languages {
		if _, err := os.Stat(filepath.Join("..", "..", "content", l.Lang)); err != nil {
			t.Errorf("language %s: %v", l.Lang, err)
		}
		if _, err := os.Stat(filepath.Join("..", "..", "i18n", l.Lang+".toml")); err != nil {
			t.Errorf("language %s: %v", l.Lang, err)
		}
	}
}
