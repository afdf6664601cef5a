package precompress

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// copySite copies testdata/site into a temporary folder.
func copySite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// gzFiles lists the .gz files under dir, relative and sorted.
func gzFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && filepath.Ext(p) == ".gz" {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func TestDir(t *testing.T) {
	dir := copySite(t)
	old := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	css := filepath.Join(dir, "css", "main.min.0123456789abcdef.css")
	if err := os.Chtimes(css, old, old); err != nil {
		t.Fatal(err)
	}
	// A stale copy of a file too small to gain from compression must go.
	if err := os.WriteFile(filepath.Join(dir, "tiny.json.gz"), []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"css/main.min.0123456789abcdef.css.gz", "es/guias/index.html.gz", "index.html.gz", "sitemap.xml.gz"}
	if got := gzFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf(".gz files = %q, want %q (not robots.txt or doc.pdf: not in the list; not tiny.json: no gain)", got, want)
	}
	if st.Files != 5 || st.Written != 4 || st.Skipped != 1 || st.GzBytes >= st.Bytes {
		t.Errorf("stats = %+v", st)
	}
	for _, rel := range want {
		gz := filepath.Join(dir, filepath.FromSlash(rel))
		src := gz[:len(gz)-len(".gz")]
		b, _ := os.ReadFile(src)
		f, _ := os.Open(gz)
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		got, err := io.ReadAll(zr)
		f.Close()
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s: does not decompress to its source (err %v)", rel, err)
		}
		if zr.Name != "" || !zr.ModTime.IsZero() || zr.Comment != "" {
			t.Errorf("%s: gzip header carries name %q, time %v, comment %q; want none", rel, zr.Name, zr.ModTime, zr.Comment)
		}
		si, _ := os.Stat(src)
		gi, _ := os.Stat(gz)
		if !gi.ModTime().Equal(si.ModTime()) {
			t.Errorf("%s: modification time %v, want its source's %v", rel, gi.ModTime(), si.ModTime())
		}
	}
}

func TestDirDeterministic(t *testing.T) {
	a, b := copySite(t), copySite(t)
	if _, err := Dir(a); err != nil {
		t.Fatal(err)
	}
	if _, err := Dir(b); err != nil {
		t.Fatal(err)
	}
	// A second run over the same folder changes nothing either.
	if _, err := Dir(b); err != nil {
		t.Fatal(err)
	}
	files := gzFiles(t, a)
	if !slices.Equal(files, gzFiles(t, b)) {
		t.Fatalf("different file sets")
	}
	for _, rel := range files {
		x, _ := os.ReadFile(filepath.Join(a, rel))
		y, _ := os.ReadFile(filepath.Join(b, rel))
		if !bytes.Equal(x, y) {
			t.Errorf("%s: two runs wrote different bytes", rel)
		}
	}
}

func TestCompressible(t *testing.T) {
	for name, want := range map[string]bool{
		"index.html": true, "a.CSS": true, "x.min.abc.js": true, "i.svg": true, "sitemap.xml": true,
		"d.json": true, "doc.pdf": false, "index.html.gz": false, "robots.txt": false, "img.png": false,
	} {
		if got := Compressible(name); got != want {
			t.Errorf("Compressible(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDirMissing(t *testing.T) {
	if _, err := Dir(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("no error for a missing folder")
	}
}

// TestIncremental: a fresh render compressed against the previous build reuses the .gz of
// every unchanged file, compresses the changed one again, and its output is byte for byte the
// output of a cold run (no previous build). A previous .gz that is not this package's
// encoding of the same bytes is not reused.
func TestIncremental(t *testing.T) {
	prev := copySite(t)
	if _, err := Dir(prev); err != nil {
		t.Fatal(err)
	}
	fresh := func() string {
		dir := copySite(t)
		p := filepath.Join(dir, "index.html")
		b, _ := os.ReadFile(p)
		os.WriteFile(p, append(b, []byte("<!-- changed -->\n")...), 0o644)
		return dir
	}
	cold, warm := fresh(), fresh()
	if _, err := Dir(cold); err != nil {
		t.Fatal(err)
	}
	// A tampered previous .gz (valid gzip of other bytes) must not travel.
	tampered, _ := Compress([]byte("<!doctype html>something else entirely, long enough to compress well well well"))
	os.WriteFile(filepath.Join(prev, "sitemap.xml.gz"), tampered, 0o644)
	st, err := Run(Options{Dir: warm, Previous: prev, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	// index.html changed, sitemap.xml's old .gz is not its encoding: 2 of the 4 .gz reused.
	if st.Written != 4 || st.Reused != 2 {
		t.Errorf("stats = %+v, want 4 written, 2 reused (css and es/guias/index.html)", st)
	}
	sameGz(t, cold, warm)
}

// TestLinksPrevious: with the cache (as the build runs it), the .gz of every file unchanged
// since the previous build is that build's file under a second name, untouched (same bytes and
// time); the changed file's and a previous .gz that is not the cache's encoding are written
// anew; and the output is byte for byte a cold run's.
func TestLinksPrevious(t *testing.T) {
	cacheDir := t.TempDir()
	prev := copySite(t)
	if _, err := Run(Options{Dir: prev, Cache: NewCache(cacheDir)}); err != nil {
		t.Fatal(err)
	}
	// A previous .gz of other bytes (valid gzip, the right size) must not be linked.
	bad := filepath.Join(prev, "sitemap.xml.gz")
	z, _ := os.ReadFile(bad)
	z[len(z)-9] ^= 1
	os.WriteFile(bad, z, 0o644)
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, rel := range gzFiles(t, prev) {
		os.Chtimes(filepath.Join(prev, rel), old, old)
	}
	dir := copySite(t)
	p := filepath.Join(dir, "index.html")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, "<!-- changed -->\n"...), 0o644)
	cold := copySite(t)
	os.WriteFile(filepath.Join(cold, "index.html"), append(b, "<!-- changed -->\n"...), 0o644)
	if _, err := Dir(cold); err != nil {
		t.Fatal(err)
	}

	st, err := Run(Options{Dir: dir, Cache: NewCache(cacheDir), Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	sameGz(t, cold, dir)
	linked := map[string]bool{"css/main.min.0123456789abcdef.css.gz": true, "es/guias/index.html.gz": true}
	for _, rel := range gzFiles(t, dir) {
		a, _ := os.Stat(filepath.Join(dir, rel))
		b, err := os.Stat(filepath.Join(prev, rel))
		if got := err == nil && os.SameFile(a, b); got != linked[rel] {
			t.Errorf("%s: linked to the previous build's = %v, want %v", rel, got, linked[rel])
		}
		if b != nil && !b.ModTime().Equal(old) {
			t.Errorf("%s: the previous build's .gz changed time (%v)", rel, b.ModTime())
		}
	}
	if st.Linked != len(linked) || st.Written != 4 {
		t.Errorf("stats = %+v, want 4 written of which %d linked", st, len(linked))
	}
}

// TestBuiltSiteWarmEqualsCold: on the built site (PROTEGE_PUBLIC, set by make test after make
// build, whose .gz files that build wrote), a fresh copy without .gz compressed cold and one
// compressed against the build come out byte for byte the same.
func TestBuiltSiteWarmEqualsCold(t *testing.T) {
	pub := os.Getenv("PROTEGE_PUBLIC")
	if pub == "" {
		t.Skip("PROTEGE_PUBLIC is not set (make test sets it after make build)")
	}
	fresh := func() string {
		dir := filepath.Join(t.TempDir(), "site")
		if err := os.CopyFS(dir, os.DirFS(pub)); err != nil {
			t.Fatal(err)
		}
		for _, rel := range gzFiles(t, dir) {
			os.Remove(filepath.Join(dir, filepath.FromSlash(rel)))
		}
		return dir
	}
	cold, warm := fresh(), fresh()
	if _, err := Dir(cold); err != nil {
		t.Fatal(err)
	}
	st, err := Run(Options{Dir: warm, Previous: pub})
	if err != nil {
		t.Fatal(err)
	}
	if st.Reused == 0 || st.Reused != st.Written {
		t.Errorf("stats = %+v: every .gz should come from the build", st)
	}
	sameGz(t, cold, warm)
}
