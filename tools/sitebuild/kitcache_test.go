package sitebuild

import (
	"bytes"
	"os"
	"path/filepath"
	"protege/tools/siteconfig"
	"strings"
	"testing"

	"protege/tools/verify"
)

// kitRoot copies the PDF generator's test sources into a scratch root, with the Spanish site
// alone (disableLanguages): the cache does not look at languages, and a kit of one language
// is a third of the PDFs to make (TestKitCache makes four kits).
func kitRoot(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "root")
	if err := os.CopyFS(root, os.DirFS("../materials/testdata/site")); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(root, "site", "hugo.toml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append([]byte("disableLanguages = [\"en\", \"fr\"]\n"), b...), 0o644); err != nil {
		t.Fatal(err)
	}
	if l := kitSite(t, root, "https://example.org/").Langs(); len(l) != 1 || l[0] != "es" {
		t.Fatalf("languages of the kit's sources: %v, want es alone", l)
	}
	return root
}

func kitEntries(t *testing.T, root string) []string {
	t.Helper()
	ents, _ := os.ReadDir(filepath.Join(CacheDir(root), "materials"))
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// kitSite is root's site configuration for the base URL base.
func kitSite(t *testing.T, root, base string) *siteconfig.Site {
	t.Helper()
	s, err := siteconfig.Load(root, nil)
	if err == nil {
		s, err = s.WithBaseURL(base)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestKitCache: the second kit of unchanged sources comes from the cache, byte for byte the
// kit made cold, with the generator's messages replayed; a changed source, another base URL
// and a spoilt entry each make the kit again.
func TestKitCache(t *testing.T) {
	t.Parallel()
	root := kitRoot(t)
	// A page the kit is not made from (its translationKey is none of materials.PageKeys).
	otra := filepath.Join(root, "content", "es", "otra.md")
	otherPage := "---\ntitle: Otra página\ntranslationKey: otra\n---\n\nUn texto.\n"
	if err := os.WriteFile(otra, []byte(otherPage), 0o644); err != nil {
		t.Fatal(err)
	}
	o := Options{Root: root, Site: kitSite(t, root, "https://example.org/")}
	make := func(o Options) (map[string]string, string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "materials")
		var msgs bytes.Buffer
		o.Stderr = &msgs
		if err := materialsCached(o, out); err != nil {
			t.Fatalf("%v\n%s", err, msgs.String())
		}
		d, err := verify.Digest(out)
		if err != nil || len(d) == 0 {
			t.Fatalf("kit: %d files, %v", len(d), err)
		}
		return d, msgs.String()
	}
	same := func(a, b map[string]string) bool {
		if len(a) != len(b) {
			return false
		}
		for k, v := range a {
			if b[k] != v {
				return false
			}
		}
		return true
	}
	cold, coldMsgs := make(o)
	entries := kitEntries(t, root)
	if len(entries) != 1 {
		t.Fatalf("cache entries after a cold kit: %q", entries)
	}
	warm, warmMsgs := make(o)
	if !same(cold, warm) || warmMsgs != coldMsgs {
		t.Fatalf("the reused kit differs from the cold one (messages %q / %q)", coldMsgs, warmMsgs)
	}
	if got := kitEntries(t, root); len(got) != 1 || got[0] != entries[0] {
		t.Errorf("an unchanged kit made a new entry: %q", got)
	}
	// The messages come from the entry: the kit was restored, not made again.
	entry := filepath.Join(CacheDir(root), "materials", entries[0])
	os.WriteFile(filepath.Join(entry, "messages"), []byte("replayed\n"), 0o644)
	if _, msgs := make(o); msgs != "replayed\n" {
		t.Errorf("messages = %q: the unchanged kit was not taken from the cache", msgs)
	}

	// The text of a page the kit is not made from: the same key, the kit from the cache. Its
	// translationKey becoming one of the kit's: a new key.
	os.WriteFile(otra, []byte(otherPage+"Otro párrafo.\n"), 0o644)
	if _, msgs := make(o); msgs != "replayed\n" {
		t.Errorf("messages = %q: editing a page the kit is not made from made the kit again", msgs)
	}
	os.WriteFile(otra, []byte(strings.Replace(otherPage, "translationKey: otra", "translationKey: material-checklist", 1)), 0o644)
	if k, err := kitKey(o); err != nil || k == entries[0] {
		t.Errorf("a page taking the key material-checklist left the kit's key as it was (%v)", err)
	}
	os.WriteFile(otra, []byte(otherPage), 0o644)

	// A spoilt file in the entry: ignored, the kit made again, the same bytes.
	var pdf string
	filepath.WalkDir(filepath.Join(entry, "files"), func(p string, d os.DirEntry, err error) error {
		if err == nil && filepath.Ext(p) == ".pdf" && pdf == "" {
			pdf = p
		}
		return nil
	})
	b, _ := os.ReadFile(pdf)
	b[len(b)/2] ^= 0x20
	os.WriteFile(pdf, b, 0o644)
	if _, ok := restoreKit(entry, filepath.Join(t.TempDir(), "x")); ok {
		t.Fatal("a spoilt entry was restored")
	}
	again, _ := make(o)
	if !same(cold, again) {
		t.Error("the kit made after a spoilt entry differs")
	}

	// Another base URL, a changed source: a new key, the old entry replaced.
	other, _ := make(Options{Root: root, Site: kitSite(t, root, "https://other.example.org/")})
	if same(cold, other) {
		t.Error("another base URL gave the same kit")
	}
	hot := filepath.Join(root, "content", "data", "hotlines.yaml")
	hb, err := os.ReadFile(hot)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(hot, append(hb, []byte("\n# changed\n")...), 0o644)
	before := kitEntries(t, root)
	make(o)
	if after := kitEntries(t, root); len(after) != 1 || after[0] == before[0] || after[0] == entries[0] {
		t.Errorf("a changed source kept the entry: %q → %q", before, after)
	}
}
