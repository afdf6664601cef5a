package check_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"protege/tools/check"
	"protege/tools/diag"
	"protege/tools/fixture"
	"protege/tools/siteconfig"
)

// TestCache runs check again and again on one tree with a per-page cache, changing the tree,
// the cache or the options between runs: every run finds exactly what a run without a cache
// finds, in the same order, and checks again only the pages it must.
func TestCache(t *testing.T) {
	root := t.TempDir()
	copyTree(t, "testdata/base", root)
	cacheDir := filepath.Join(root, "build", "cache", "check")
	cacheFile := filepath.Join(cacheDir, "pages.json")
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	edit := func(file, replace, with string) func(t *testing.T) {
		return func(t *testing.T) {
			fixture.Apply(t, root, nil, []fixture.Edit{{File: file, Replace: replace, With: with}})
		}
	}
	steps := []struct {
		name      string
		change    func(t *testing.T)
		today     time.Time
		noCache   bool
		rechecked int    // pages checked again (-1: every page)
		reports   string // a problem the run must report (beside matching the run without cache)
	}{
		{name: "cold", rechecked: -1},
		{name: "warm", rechecked: 0},
		{name: "one page edited", change: edit("content/es/guias/hoteles.md", "[el inicio](/)", "[el inicio](/guias/hotel)"), rechecked: 1,
			reports: `content/es/guias/hoteles.md:24:35: error: link to a missing page "/guias/hotel"`},
		{name: "the edit undone", change: edit("content/es/guias/hoteles.md", "[el inicio](/guias/hotel)", "[el inicio](/)"), rechecked: 1},
		// fr/_index.md links to it: reported from the unchanged page's cached links.
		{name: "a link target deleted", change: func(t *testing.T) { fixture.Apply(t, root, []string{"content/fr/guides/hotellerie.md"}, nil) }, rechecked: 0,
			reports: `content/fr/_index.md:11:47: error: link to a missing page "/guides/hotellerie#que-faire"`},
		{name: "the hotline data changed", change: edit("content/data/hotlines.yaml", "\n", "\n# a comment\n"), rechecked: -1},
		{name: "the conventions written", change: func(t *testing.T) {
			os.MkdirAll(filepath.Join(root, "docs"), 0o755)
			os.WriteFile(filepath.Join(root, check.ConventionsFile), []byte("# Conventions\n"), 0o644)
		}, rechecked: -1},
		{name: "another day", today: day.AddDate(0, 0, 1), rechecked: -1},
		{name: "cache file corrupt", change: func(t *testing.T) {
			b, err := os.ReadFile(cacheFile)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 1
			os.WriteFile(cacheFile, b, 0o644)
		}, rechecked: -1},
		{name: "cache file cut short", change: func(t *testing.T) {
			b, _ := os.ReadFile(cacheFile)
			os.WriteFile(cacheFile, b[:len(b)/2], 0o644)
		}, rechecked: -1},
		{name: "warm again", rechecked: 0},
		{name: "no cache", noCache: true, rechecked: -1},
	}
	sc, err := siteconfig.Load(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if st.change != nil {
			st.change(t)
		}
		o := check.Options{Root: root, Site: sc, Today: day}
		if !st.today.IsZero() {
			o.Today = st.today
		}
		want, err := check.Run(o) // no cache: the reference
		if err != nil {
			t.Fatal(err)
		}
		if !st.noCache {
			o.CacheDir = cacheDir
		}
		got, err := check.Run(o)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Diagnostics, want.Diagnostics) {
			t.Errorf("%s: with the cache\n%s\nwithout\n%s", st.name, text(got.Diagnostics), text(want.Diagnostics))
		}
		pages := 0
		for _, n := range want.Pages {
			pages += n
		}
		if st.rechecked < 0 {
			st.rechecked = pages
		}
		if !bytes.Contains([]byte(text(got.Diagnostics)), []byte(st.reports)) {
			t.Errorf("%s: %q not reported:\n%s", st.name, st.reports, text(got.Diagnostics))
		}
		if got.Rechecked != st.rechecked {
			t.Errorf("%s: %d pages checked again, want %d", st.name, got.Rechecked, st.rechecked)
		}
		// The cache keeps the entries of this run's pages only.
		if b, err := os.ReadFile(cacheFile); err == nil && !st.noCache {
			var body struct{ Entries map[string]json.RawMessage }
			if _, js, ok := bytes.Cut(b, []byte{'\n'}); !ok || json.Unmarshal(js, &body) != nil || len(body.Entries) != pages {
				t.Errorf("%s: the cache holds %d entries, want %d (one per page)", st.name, len(body.Entries), pages)
			}
		}
	}
}

func text(ds []diag.Diagnostic) string {
	var b bytes.Buffer
	diag.Write(&b, ds, false)
	return b.String()
}
