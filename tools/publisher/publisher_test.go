package publisher

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"protege/tools/diag"
)

func TestPlaceholder(t *testing.T) {
	for _, tc := range []struct {
		base string
		bad  bool
	}{
		{"https://protege.example.org/", true},
		{"https://example.com/sub/", true},
		{"http://example.net/", true},
		{"https://site.example/", true},
		{"https://protege.test/", true},
		{"https://a.invalid/", true},
		{"https://app.localhost/", true},
		{"http://localhost:1313/", true},
		{"http://127.0.0.1:8080/", true},
		{"https://[::1]/", true},
		{"/relative/", true},
		{"ftp://protege.cr/", true},
		{"https://protege.cr/", false},
		{"https://www.ejemplo.go.cr/protege/", false},
		{"https://examples.org/", false},
		{"https://notexample.com/", false},
	} {
		if got := Placeholder(tc.base) != ""; got != tc.bad {
			t.Errorf("Placeholder(%q) = %q, want placeholder=%v", tc.base, Placeholder(tc.base), tc.bad)
		}
	}
}

// langs are the languages of the fixtures.
var langs = []string{"es", "en", "fr"}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		errs      []string // substrings, one per expected error, with its line
		missing   int
	}{
		{"committed file: empty fields", "name: \"\"\nemail: \"\"\nurl: \"\"\naddress: \"\"\nphone: \"\"\n", nil, 3},
		{"complete", "name: \"Fundación Prueba\"\nemail: \"info@fundacion-prueba.cr\"\nurl: \"https://fundacion-prueba.cr/\"\n", nil, 0},
		{"per language", "name:\n  es: \"Fundación Prueba\"\n  en: \"Prueba Foundation\"\nemail: \"info@fundacion-prueba.cr\"\nurl: \"https://fundacion-prueba.cr/\"\n", nil, 0},
		{"placeholder email and url", "name: \"X\"\nemail: \"info@example.org\"\nurl: \"https://example.com/\"\n", nil, 2},
		{"bad values", "name: \"X\"\nemail: \"not an address\"\nurl: \"http://x.cr/\"\nphone: \"call us\"\ncolour: \"red\"\n",
			[]string{":2: error: email", ":3: error: url", ":4: error: phone", ":5: error: unknown key \"colour\""}, 1},
		{"missing keys", "name: \"X\"\n", []string{":1: error: the key email is missing", ":1: error: the key url is missing"}, 2},
		{"name per language without es", "name:\n  en: \"X\"\n  de: \"Y\"\nemail: \"\"\nurl: \"\"\n",
			[]string{":3: error: name: unknown language \"de\"", ":2: error: name: the name in the default language (es) is missing"}, 3},
		{"not text", "name: [1, 2]\nemail: \"\"\nurl: \"\"\n", []string{":1: error: name: want text"}, 3},
		{"malformed", "name: \"x\nemail: 1\n", []string{"malformed YAML"}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ds := Validate("publisher.yaml", []byte(tc.src), langs)
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			if len(got) != len(tc.errs) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(tc.errs), strings.Join(got, "\n"))
			}
			for _, want := range tc.errs {
				found := false
				for _, g := range got {
					found = found || strings.Contains(g, want)
				}
				if !found {
					t.Errorf("no diagnostic contains %q:\n%s", want, strings.Join(got, "\n"))
				}
			}
			if m := p.Missing(); len(m) != tc.missing {
				t.Errorf("Missing() = %q, want %d items", m, tc.missing)
			}
		})
	}
}

func TestPerLanguageNameFallsBackToSpanish(t *testing.T) {
	p, ds := Validate("p.yaml", []byte("name:\n  es: \"Fundación Prueba\"\n  en: \"Prueba Foundation\"\nemail: \"\"\nurl: \"\"\n"), langs)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if p.NameIn("en") != "Prueba Foundation" || p.NameIn("fr") != "Fundación Prueba" {
		t.Errorf("names %q", p.Name)
	}
}

func TestReleaseProblemsSayWhatToSet(t *testing.T) {
	empty, _ := Validate(File, []byte("name: \"\"\nemail: \"\"\nurl: \"\"\n"), langs)
	full, _ := Validate(File, []byte("name: \"Fundación Prueba\"\nemail: \"info@fundacion-prueba.cr\"\nurl: \"https://fundacion-prueba.cr/\"\n"), langs)
	got := ReleaseProblems("https://protege.example.org/", empty, File, nil)
	if len(got) != 2 || !strings.Contains(got[0], "BASE_URL=https://") || !strings.Contains(got[1], "fill in name") {
		t.Errorf("placeholder and empty publisher: %q", got)
	}
	if got := ReleaseProblems("https://protege.cr/", full, File, nil); len(got) != 0 {
		t.Errorf("real address and publisher: %q", got)
	}
	bad := []diag.Diagnostic{diag.Errorf(File, 3, 0, "url: bad")}
	if got := ReleaseProblems("https://protege.cr/", full, File, bad); len(got) != 1 || !strings.Contains(got[0], File+":3:") {
		t.Errorf("file errors: %q", got)
	}
}

// TestRepositoryFile: the committed file is valid, and its name, e-mail and address are empty
// until communications staff fill them in (nothing here may be invented).
func TestRepositoryFile(t *testing.T) {
	path := filepath.Join("..", "..", filepath.FromSlash(File))
	if _, err := os.Stat(path); err != nil {
		t.Skip("not in the repository")
	}
	p, ds := Load(path, langs)
	if len(ds) > 0 {
		t.Fatalf("%v", ds)
	}
	if p.Line("name") == 0 || p.Line("email") == 0 || p.Line("url") == 0 {
		t.Error("the file must list name, email and url for the staff to fill in")
	}
}
