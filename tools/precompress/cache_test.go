package precompress

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// entries lists the files of a disk cache (temporary files excepted).
func entries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// sameGz fails unless a and b have the same .gz files with the same bytes.
func sameGz(t *testing.T, a, b string) {
	t.Helper()
	ga, gb := gzFiles(t, a), gzFiles(t, b)
	if !slices.Equal(ga, gb) || len(ga) == 0 {
		t.Fatalf(".gz files differ: %q and %q", ga, gb)
	}
	for _, rel := range ga {
		x, _ := os.ReadFile(filepath.Join(a, rel))
		y, _ := os.ReadFile(filepath.Join(b, rel))
		if !bytes.Equal(x, y) {
			t.Errorf("%s: bytes differ", rel)
		}
	}
}

// TestCacheWarmEqualsCold: a run with an empty disk cache, a run with the cache it filled (a
// fresh process: memory empty) and a run with no cache write the same bytes; the warm run
// compresses nothing.
func TestCacheWarmEqualsCold(t *testing.T) {
	cacheDir := t.TempDir()
	plain, cold, warm := copySite(t), copySite(t), copySite(t)
	if _, err := Dir(plain); err != nil {
		t.Fatal(err)
	}
	st, err := Run(Options{Dir: cold, Cache: NewCache(cacheDir)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Reused != 0 || st.Written == 0 {
		t.Errorf("cold stats = %+v, want nothing reused", st)
	}
	st, err = Run(Options{Dir: warm, Cache: NewCache(cacheDir)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Reused != st.Written {
		t.Errorf("warm stats = %+v, want every file from the cache", st)
	}
	sameGz(t, plain, cold)
	sameGz(t, plain, warm)
}

// TestCacheChangedContent: a changed file is compressed again (the key is its content), the
// others come from the cache.
func TestCacheChangedContent(t *testing.T) {
	cacheDir := t.TempDir()
	if _, err := Run(Options{Dir: copySite(t), Cache: NewCache(cacheDir)}); err != nil {
		t.Fatal(err)
	}
	dir, ref := copySite(t), copySite(t)
	for _, d := range []string{dir, ref} {
		p := filepath.Join(d, "index.html")
		b, _ := os.ReadFile(p)
		os.WriteFile(p, append(b, []byte("<!-- changed -->\n")...), 0o644)
	}
	st, err := Run(Options{Dir: dir, Cache: NewCache(cacheDir)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Reused != st.Written-1 {
		t.Errorf("stats = %+v, want all but index.html from the cache", st)
	}
	if _, err := Dir(ref); err != nil {
		t.Fatal(err)
	}
	sameGz(t, ref, dir)
}

// TestCacheBadEntries: a truncated entry, an entry with flipped bits, the valid encoding of
// other bytes and an entry of another encoder version are all ignored (and rewritten).
func TestCacheBadEntries(t *testing.T) {
	b := bytes.Repeat([]byte("<p>protege: text that compresses well.</p>\n"), 50)
	want, _ := Compress(b)
	other, _ := Compress(bytes.Repeat([]byte("<p>other</p>\n"), 50))
	for name, spoil := range map[string]func(file string){
		"truncated": func(f string) { raw, _ := os.ReadFile(f); os.WriteFile(f, raw[:len(raw)/2], 0o644) },
		"flipped":   func(f string) { raw, _ := os.ReadFile(f); raw[len(raw)/2] ^= 0x55; os.WriteFile(f, raw, 0o644) },
		"foreign": func(f string) {
			// Well formed (its own hash is right) but the encoding of other bytes.
			os.Remove(f)
			writeEntry(f, other)
		},
		"empty": func(f string) { os.WriteFile(f, nil, 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			c := NewCache(dir)
			if _, err := c.Compress(b); err != nil {
				t.Fatal(err)
			}
			files := entries(t, dir)
			if len(files) != 1 {
				t.Fatalf("cache files: %q", files)
			}
			spoil(files[0])
			c2 := NewCache(dir)
			if _, ok := c2.lookup(b); ok {
				t.Fatal("a spoilt entry was used")
			}
			z, err := c2.Compress(b)
			if err != nil || !bytes.Equal(z, want) {
				t.Fatalf("Compress after a spoilt entry: %v, equal=%v", err, bytes.Equal(z, want))
			}
			if z, ok := NewCache(dir).lookup(b); !ok || !bytes.Equal(z, want) {
				t.Error("the spoilt entry was not rewritten")
			}
		})
	}
	t.Run("other-version", func(t *testing.T) {
		dir := t.TempDir()
		c := NewCache(dir)
		c.Compress(b)
		f := entries(t, dir)[0]
		rel, _ := filepath.Rel(filepath.Join(dir, Version), f)
		old := filepath.Join(dir, "gzip9-go1.0", rel)
		os.MkdirAll(filepath.Dir(old), 0o755)
		os.Rename(f, old)
		if _, ok := NewCache(dir).lookup(b); ok {
			t.Error("an entry of another encoder version was used")
		}
	})
}

// TestCachePrune: Prune keeps what this process used and removes the rest, other versions
// included.
func TestCachePrune(t *testing.T) {
	dir := t.TempDir()
	a := bytes.Repeat([]byte("aaaa bbbb cccc "), 100)
	b := bytes.Repeat([]byte("dddd eeee ffff "), 100)
	old := NewCache(dir)
	old.Compress(a)
	old.Compress(b)
	os.MkdirAll(filepath.Join(dir, "gzip9-go1.0", "ab"), 0o755)
	os.WriteFile(filepath.Join(dir, "gzip9-go1.0", "ab", "abcd"), []byte("x"), 0o644)
	c := NewCache(dir)
	c.Compress(a)
	if err := c.Prune(); err != nil {
		t.Fatal(err)
	}
	files := entries(t, dir)
	if len(files) != 1 {
		t.Fatalf("after Prune: %q, want a's entry only", files)
	}
	if _, ok := NewCache(dir).lookup(a); !ok {
		t.Error("the used entry was pruned")
	}
}
