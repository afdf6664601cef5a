package i18ncheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRequiredForms(t *testing.T) {
	for lang, want := range map[string][]string{
		"es": {"one", "many", "other"},
		"fr": {"one", "many", "other"},
		"en": {"one", "other"},
		"ja": {"other"},
		"ar": {"zero", "one", "two", "few", "many", "other"},
	} {
		if got := RequiredForms(lang); !slices.Equal(got, want) {
			t.Errorf("RequiredForms(%s) = %v, want %v", lang, got, want)
		}
	}
}

func TestParseLines(t *testing.T) {
	src := "# comment\na = \"A\"\n\n[pageCount]\none = \"1 page\"\nother = \"{{ .Count }} pages\"\n\n[nested]\nkey = \"K\"\n"
	f, err := Parse("i18n/en.toml", "en", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for key, line := range map[string]int{"a": 2, "pageCount": 4, "pageCount.one": 5, "pageCount.other": 6, "nested.key": 9} {
		if f.Lines[key] != line {
			t.Errorf("line of %q = %d, want %d", key, f.Lines[key], line)
		}
	}
	var ids []string
	for id := range f.Messages {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if want := []string{"a", "nested.key", "pageCount"}; !slices.Equal(ids, want) {
		t.Errorf("messages = %v, want %v", ids, want)
	}
	if !isPlural(f.Messages["pageCount"]) || isPlural(f.Messages["a"]) {
		t.Error("pageCount must be plural and a must not")
	}
}

func TestUses(t *testing.T) {
	u := &Uses{Keys: map[string]bool{}, Prefixes: map[string]bool{}}
	u.scanGo([]byte("package m\nfunc f(k string) { T(\"pdfCardTitle\"); T(\"kind\" + k); T(fmt.Sprintf(\"country%s\", k)); _ = \"/\" + k; _ = `raw` }\n"))
	for key, want := range map[string]bool{
		"pdfCardTitle": true, "kindPhone": true, "countryCR": true, "raw": true,
		"pdfCardNote": false, "sourcesTitle": false,
	} {
		if got := u.Used(key); got != want {
			t.Errorf("Used(%q) = %v, want %v (keys %v, prefixes %v)", key, got, want, u.Keys, u.Prefixes)
		}
	}
}

func TestFindUsesTemplates(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/layouts/a.html", `{{ T "skipToContent" }} {{ i18n "backHome" 2 }} {{ T (printf "audience_%s" $x) }} {{ $k := "footerNote" }}{{ T $k }}`)
	u, err := FindUses(dir+"/layouts", dir+"/none")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]bool{"skipToContent": true, "backHome": true, "audience_tourists": true, "footerNote": true, "quickExit": false} {
		if got := u.Used(key); got != want {
			t.Errorf("Used(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestMissing(t *testing.T) {
	s := &Set{}
	for lang, src := range map[string]string{"es": "a = \"A\"\nb = \"B\"\n", "en": "a = \"A\"\n", "fr": "b = \"B\"\n"} {
		f, err := Parse("i18n/"+lang+".toml", lang, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		s.Files = append(s.Files, f)
	}
	m := s.Missing()
	if strings.Join(m["en"], ",") != "b" || strings.Join(m["fr"], ",") != "a" || len(m["es"]) != 0 {
		t.Errorf("Missing() = %v", m)
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
