package sitebuild

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"protege/tools/diag"
	"protege/tools/textfile"
	"protege/tools/typography"
	"protege/tools/verify"
)

// A page over budget is reported at its Markdown file, which is what an editor can change.
func TestBlameSources(t *testing.T) {
	root := filepath.Join("..", "check", "testdata", "base")
	ds := []diag.Diagnostic{
		diag.Errorf("en/guides/hotels/index.html", 0, 0, "over budget: 20000 bytes gzip"),
		diag.Errorf("en/guides/hotels/index.html", 3, 0, "broken link"),
		diag.Errorf("css/site.css", 0, 0, "over budget: not a page"),
	}
	BlameSources(root, []string{"es", "en", "fr"}, ds)
	want := []string{
		"content/en/guides/hotels.md: error: over budget: 20000 bytes gzip (built as en/guides/hotels/index.html)",
		"en/guides/hotels/index.html:3: error: broken link",
		"css/site.css: error: over budget: not a page",
	}
	for i, d := range ds {
		if d.String() != want[i] {
			t.Errorf("got  %s\nwant %s", d, want[i])
		}
	}
}

// TestTypesetAndCheckText: the one-pass stage gives what typography.Dir then
// textfile.CheckTree give (same files rewritten, same problems in the same order), whatever
// the number of workers.
func TestTypesetAndCheckText(t *testing.T) {
	files := map[string]string{
		"fr/index.html":      "<!doctype html><html lang=\"fr\"><body><p>Appelez le 911 : maintenant !</p></body></html>",
		"es/index.html":      "<!doctype html><html lang=\"es-CR\"><body><p>¿Ayuda? Llame : 911</p></body></html>",
		"en/page/index.html": "<!doctype html><html lang=\"en\"><body><p lang=\"fr\">Oui !</p></body></html>",
		"sitemap.xml":        "<urlset>caf\xe9</urlset>",
		"robots.txt":         "User-agent: *\nSitemap: x\x00\n",
		"data.json":          "{\"a\": 1}",
		"img/icon.svg":       "<svg></svg>",
	}
	mk := func() string {
		dir := t.TempDir()
		for rel, text := range files {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(text), 0o644)
		}
		return dir
	}
	ref := mk()
	if _, err := typography.Dir(ref); err != nil {
		t.Fatal(err)
	}
	want, err := textfile.CheckTree(ref, "public", BuiltText)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 {
		t.Fatalf("the reference found %d problems, want 2: %v", len(want), want)
	}
	refSum, _ := verify.Digest(ref)
	// Without a cache of typography's edits, then with one: empty, filled by the run before,
	// damaged (ignored and written again), and filled again.
	for _, w := range []int{1, 4} {
		cacheDir := t.TempDir()
		for _, run := range []string{"no cache", "cold cache", "warm cache", "damaged cache", "cache written again"} {
			cd := cacheDir
			switch run {
			case "no cache":
				cd = ""
			case "damaged cache":
				f := filepath.Join(cacheDir, "edits.json")
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				b[len(b)/2] ^= 1
				os.WriteFile(f, b, 0o644)
			}
			dir := mk()
			got, err := TypesetAndCheckText(dir, "public", w, cd)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("workers=%d, %s: problems\n%v\nwant\n%v", w, run, got, want)
			}
			sum, _ := verify.Digest(dir)
			if fmt.Sprint(sum) != fmt.Sprint(refSum) {
				t.Errorf("workers=%d, %s: files differ from typography.Dir's", w, run)
			}
			if cd == "" {
				continue
			}
			c, err := openEditCache(cd)
			if err != nil {
				t.Fatal(err)
			}
			if n := c.entries.Len(); n != 3 { // the three pages
				t.Errorf("workers=%d, %s: the cache holds %d pages, want 3", w, run, n)
			}
		}
	}
}

// A cache entry whose edits do not fit the page (kept for other bytes under a colliding key,
// or edited by hand) is not applied: the page is typeset again.
func TestEditCacheMisfit(t *testing.T) {
	page := []byte(`<p lang="fr">Oui !</p>`)
	dir := t.TempDir()
	c, err := openEditCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := string(c.typeset(page))
	c.entries.Put(c.key(page), []typography.Edit{{Off: 5, End: 500, With: "x"}})
	c.save()
	if c, err = openEditCache(dir); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.entries.Get(c.key(page)); !ok {
		t.Fatal("the misfit entry was not kept")
	}
	if got := string(c.typeset(page)); got != want {
		t.Errorf("with edits that do not fit: %q, want %q", got, want)
	}
}
