package typography

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestFrench(t *testing.T) {
	n := "\u202f"
	cases := []struct{ name, in, want string }{
		{"space before colon", "Sources : OIJ", "Sources" + n + ": OIJ"},
		{"no space before colon after a word", "Attention: ceci", "Attention" + n + ": ceci"},
		{"no-break space typed", "Urgences\u00a0: 911", "Urgences" + n + ": 911"},
		{"several spaces", "Vraiment  ?", "Vraiment" + n + "?"},
		{"missing before question mark", "Que faire?", "Que faire" + n + "?"},
		{"exclamation and question", "Quoi ?!", "Quoi" + n + "?!"},
		{"semicolon", "un ; deux;trois", "un" + n + "; deux;trois"},
		{"guillemets with spaces", "« Ne détournez pas le regard »", "«" + n + "Ne détournez pas le regard" + n + "»"},
		{"guillemets without spaces", "«non»", "«" + n + "non" + n + "»"},
		{"time", "de 7:30 à 16:00", "de 7:30 à 16:00"},
		{"address", "https://dhs.gov/hsi/tipline", "https://dhs.gov/hsi/tipline"},
		{"address in text", "voir https://example.org/?p=67 ici", "voir https://example.org/?p=67 ici"},
		{"already right", "Sources" + n + ":", "Sources" + n + ":"},
		{"colon after digit", "art. 172: texte", "art. 172: texte"},
		{"nothing to do", "Appelez le 911.", "Appelez le 911."},
		{"mark at the start", "? oui", "? oui"},
		{"typed space at the start (a span after bold text)", " : suite", n + ": suite"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := French(c.in); got != c.want {
				t.Errorf("French(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
			if again := French(French(c.in)); again != c.want {
				t.Errorf("not idempotent: %q", again)
			}
		})
	}
}

// TestHTML runs every testdata/*.html through HTML and compares with its .golden file.
func TestHTML(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.html")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := HTML(in)
			golden := strings.TrimSuffix(f, ".html") + ".golden"
			if *update {
				os.WriteFile(golden, got, 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("%s:\n got %s\nwant %s", f, got, want)
			}
			if string(HTML(got)) != string(got) {
				t.Errorf("%s: a second pass changed the page", f)
			}
		})
	}
}

// TestFragmentsAsWhole: typesetting only the French parts of a page gives the same bytes as
// reading the whole page, on every fixture and, when PROTEGE_PUBLIC names a built site, on
// every page of it.
func TestFragmentsAsWhole(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.html")
	if dir := os.Getenv("PROTEGE_PUBLIC"); dir != "" {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".html") {
				files = append(files, p)
			}
			return err
		})
	}
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := HTML(in), Apply(in, whole(in)); string(got) != string(want) {
			t.Errorf("%s: the French parts alone give\n%s\nthe whole page gives\n%s", f, got, want)
		}
	}
}
