package scaffold_test

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"protege/tools/check"
	"protege/tools/scaffold"
	"protege/tools/siteconfig"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// langs are the languages of the fixture.
var langs = []string{"es", "en", "fr"}

// site copies the check package's base fixture (a small site that passes) into a temporary folder.
func site(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	from := filepath.Join("..", "check", "testdata", "base")
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(root, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func rel(t *testing.T, root string, paths []string) []string {
	var out []string
	for _, p := range paths {
		r, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

func TestCreate(t *testing.T) {
	root := site(t)
	paths, err := scaffold.Create(scaffold.Options{
		Root: root, Langs: langs, Section: "guias", Key: "guide-museums", Today: today,
		Slugs:  map[string]string{"es": "museos", "en": "museums", "fr": "musees"},
		Titles: map[string]string{"es": "Guía para \"museos\", galerías", "en": "Guide for museums", "fr": "Guide pour les musées"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"content/es/guias/museos.md", "content/en/guides/museums.md", "content/fr/guides/musees.md"}
	if got := rel(t, root, paths); !slices.Equal(got, want) {
		t.Fatalf("created %v, want %v", got, want)
	}
	for i, lang := range []string{"es", "fr"} {
		p := paths[[]int{0, 2}[i]]
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "new-page."+lang+".golden")
		if *update {
			if err := os.WriteFile(golden, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != string(w) {
			t.Errorf("%s:\n%s\nwant:\n%s", p, b, w)
		}
	}

	// The new files fail the check until the writer fills them in, and only for that.
	sc, err := siteconfig.Load(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := check.Run(check.Options{Root: root, Site: sc, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.String())
	}
	wantDiags := []string{}
	for i, f := range want {
		n := 0
		if i > 0 {
			n = 1 // the translations have one more comment line
		}
		wantDiags = append(wantDiags,
			fmt.Sprintf("%s:%d:14: error: description is empty: add description: \"…\", one or two sentences of 70 to 160 characters shown by search engines and in lists", f, 10+n),
			fmt.Sprintf("%s:%d:11: error: audience is empty: list who the page is for, e.g. audience: [hotel-staff]; known values: tourists, hotel-staff, tour-operators, drivers, informal-workers, businesses, young-people, everyone", f, 12+n),
			fmt.Sprintf("%s:%d:10: error: sources is empty: list where every fact on the page comes from, each as \"- title: …\" and \"url: https://…\" (from shared/reference)", f, 15+n))
	}
	slices.Sort(wantDiags)
	if strings.Join(got, "\n") != strings.Join(wantDiags, "\n") {
		t.Errorf("check after new:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDiags, "\n"))
	}
}

func TestCreateRefuses(t *testing.T) {
	root := site(t)
	titles := map[string]string{"es": "T", "en": "T", "fr": "T"}
	for _, tc := range []struct {
		name string
		o    scaffold.Options
		err  string
	}{
		{"existing file", scaffold.Options{Section: "guias", Key: "guide-x", Titles: titles, Slugs: map[string]string{"es": "nueva", "en": "hotels", "fr": "nouvelle"}}, "hotels.md already exists"},
		{"key in use", scaffold.Options{Key: "guide-hotels", Titles: titles, Slugs: map[string]string{"es": "a", "en": "a", "fr": "a"}}, "already used by"},
		{"bad key", scaffold.Options{Key: "Guide X", Titles: titles}, "lowercase"},
		{"bad slug", scaffold.Options{Key: "guide-x", Titles: titles, Slugs: map[string]string{"es": "Guía", "en": "a", "fr": "a"}}, "without accents"},
		{"reserved slug", scaffold.Options{Key: "guide-x", Titles: titles, Slugs: map[string]string{"es": "nueva", "en": "index", "fr": "a"}}, "reserved name"},
		{"reserved device name", scaffold.Options{Key: "guide-x", Titles: titles, Slugs: map[string]string{"es": "nueva", "en": "a", "fr": "aux"}}, "reserved name"},
		{"slug too long", scaffold.Options{Key: "guide-x", Titles: titles, Slugs: map[string]string{"es": "nueva", "en": "a", "fr": strings.Repeat("tres-long-", 30) + "x"}}, "at most 60"},
		{"slug Hugo would rewrite", scaffold.Options{Key: "guide-x", Titles: titles, Slugs: map[string]string{"es": "nueva", "en": "New page", "fr": "a"}}, "Hugo would rewrite"},
		{"key too long", scaffold.Options{Key: strings.Repeat("k", 61), Titles: titles}, "at most 60"},
		{"title too long", scaffold.Options{Key: "guide-x", Titles: map[string]string{"es": "T", "en": strings.Repeat("Long ", 17), "fr": "T"}, Slugs: map[string]string{"es": "a", "en": "a", "fr": "a"}}, "too long"},
		{"title with a bidi override", scaffold.Options{Key: "guide-x", Titles: map[string]string{"es": "T\u202eT", "en": "T", "fr": "T"}, Slugs: map[string]string{"es": "a", "en": "a", "fr": "a"}}, "U+202E"},
		{"unknown section", scaffold.Options{Section: "museos", Key: "guide-x", Titles: titles}, "no section \"museos\""},
		{"no answers", scaffold.Options{Key: "guide-x"}, "missing title in es"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Root, tc.o.Today, tc.o.Langs = root, today, langs
			paths, err := scaffold.Create(tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v, want %q", err, tc.err)
			}
			if len(paths) != 0 {
				t.Errorf("created %v", paths)
			}
		})
	}
	// Nothing was written.
	for _, p := range []string{"content/es/guias/nueva.md", "content/fr/guides/nouvelle.md", "content/es/a.md"} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			t.Errorf("%s was created", p)
		}
	}
}

func TestCreatePrompts(t *testing.T) {
	root := site(t)
	in := strings.NewReader("guide-night\n¿Qué pasa de noche?\n\nAt night\nat-night\nLa nuit\n\n")
	var out strings.Builder
	paths, err := scaffold.Create(scaffold.Options{Root: root, Langs: langs, Section: "guides", Today: today, In: in, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"content/es/guias/que-pasa-de-noche.md", "content/en/guides/at-night.md", "content/fr/guides/la-nuit.md"}
	if got := rel(t, root, paths); !slices.Equal(got, want) {
		t.Errorf("created %v, want %v", got, want)
	}
	if !strings.Contains(out.String(), "file name in es (the page's address) [que-pasa-de-noche]: ") {
		t.Errorf("questions:\n%s", out.String())
	}
}

func TestTopLevel(t *testing.T) {
	root := site(t)
	paths, err := scaffold.Create(scaffold.Options{Root: root, Langs: langs, Key: "faq", Today: today,
		Titles: map[string]string{"es": "Preguntas", "en": "Questions", "fr": "Questions"},
		Slugs:  map[string]string{"es": "preguntas", "en": "questions", "fr": "questions"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := rel(t, root, paths); !slices.Equal(got, []string{"content/es/preguntas.md", "content/en/questions.md", "content/fr/questions.md"}) {
		t.Errorf("created %v", got)
	}
}

func TestParsePairs(t *testing.T) {
	got, err := scaffold.ParsePairs("es=Guía, para museos,en=Guide, for museums,fr=Guide", langs)
	if err != nil {
		t.Fatal(err)
	}
	if got["es"] != "Guía, para museos" || got["en"] != "Guide, for museums" || got["fr"] != "Guide" {
		t.Errorf("ParsePairs = %q", got)
	}
	for _, bad := range []string{"museos", "de=x", "es=a,es=b"} {
		if _, err := scaffold.ParsePairs(bad, langs); err == nil {
			t.Errorf("ParsePairs(%q): want an error", bad)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"¿Qué hacer, ahora?":      "que-hacer-ahora",
		"Guía para el personal":   "guia-para-el-personal",
		"Idées reçues  & mythes!": "idees-recues-mythes",
	} {
		if got := scaffold.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
