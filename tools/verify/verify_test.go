package verify

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"protege/tools/precompress"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const hotlinesFixture = "testdata/hotlines.yaml"

// copyTree copies src into dst (files of dst with the same path are replaced).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fixtureLangs are the languages of the fixture sites: folder → locale.
var fixtureLangs = map[string]string{"es": "es-CR", "en": "en", "fr": "fr"}

func run(t *testing.T, dir string, o Options) *Report {
	t.Helper()
	o.Dir = dir
	if o.Hotlines == "" {
		o.Hotlines = hotlinesFixture
	}
	o.Langs, o.DefaultLang = fixtureLangs, "es"
	r, err := Run(o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return r
}

func lines(r *Report) []string {
	var out []string
	for _, d := range r.Diagnostics {
		out = append(out, d.String())
	}
	return out
}

func TestPass(t *testing.T) {
	r := run(t, "testdata/pass", Options{})
	if r.Failed() || len(r.Diagnostics) > 0 {
		t.Fatalf("the passing fixture has problems:\n%s", strings.Join(lines(r), "\n"))
	}
	if r.BaseURL != "https://example.org/" {
		t.Errorf("base URL read from index.html = %q", r.BaseURL)
	}
	if r.Pages != 11 {
		t.Errorf("pages = %d, want 11", r.Pages)
	}
}

// toSubpath rewrites the copy of the passing site in dir as built for https://example.org/sub/.
func toSubpath(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".css") || strings.HasSuffix(p, ".pdf")) {
			return err
		}
		b, _ := os.ReadFile(p)
		s := strings.ReplaceAll(string(b), "https://example.org/", "https://example.org/sub/")
		s = strings.ReplaceAll(s, `href="/`, `href="/sub/`)
		s = strings.ReplaceAll(s, `src="/`, `src="/sub/`)
		s = strings.ReplaceAll(s, `url(/`, `url(/sub/`)
		return os.WriteFile(p, []byte(s), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSubpath: a site built for https://host/sub/ has links /sub/…, mapped onto the folder.
func TestSubpath(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/pass", dir)
	toSubpath(t, dir)
	r := run(t, dir, Options{})
	if r.BaseURL != "https://example.org/sub/" {
		t.Errorf("base URL = %q", r.BaseURL)
	}
	if r.Failed() {
		t.Fatalf("the subpath site has problems:\n%s", strings.Join(lines(r), "\n"))
	}
}

func contains(got []string, want string) bool {
	re := regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(want), `\*`, ".*") + "$")
	for _, g := range got {
		if re.MatchString(g) {
			return true
		}
	}
	return false
}

// bigPage writes a page far over both budgets: text that gzip cannot shrink much.
func bigPage(t *testing.T, dir string) {
	p := filepath.Join(dir, "es", "pagina", "index.html")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var filler strings.Builder
	h := sha256.Sum256([]byte("protege"))
	for filler.Len() < 60000 {
		h = sha256.Sum256(h[:])
		filler.WriteString("<p>" + hex.EncodeToString(h[:]) + "</p>\n")
	}
	b = bytes.Replace(b, []byte("<p>Text of the page.</p>"), []byte(filler.String()), 1)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFail: each fixture under testdata/fail/ is the passing site with one thing broken (its
// edit.txt, or files listed in delete.txt removed; built for /sub/ when it has a subpath file); the check must fail with the message in its
// want.txt (a * matches anything).
func TestFail(t *testing.T) {
	entries, err := os.ReadDir("testdata/fail")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 24 {
		t.Errorf("only %d failing fixtures", len(entries))
	}
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, "testdata/pass", dir)
			fixture := filepath.Join("testdata/fail", e.Name())
			// A fixture with a file named subpath breaks the site as built for
			// https://example.org/sub/ (its edits apply to that site).
			if _, err := os.Stat(filepath.Join(fixture, "subpath")); err == nil {
				toSubpath(t, dir)
			}
			if edits, err := os.ReadFile(filepath.Join(fixture, "edit.txt")); err == nil {
				applyEdits(t, dir, string(edits))
			}
			// delete.txt lists files of the passing site the fixture removes.
			if del, err := os.ReadFile(filepath.Join(fixture, "delete.txt")); err == nil {
				for _, rel := range strings.Fields(string(del)) {
					os.Remove(filepath.Join(dir, filepath.FromSlash(rel)))
				}
			}
			if e.Name() == "over-budget" {
				bigPage(t, dir)
			}
			r := run(t, dir, Options{Workers: 8})
			if !r.Failed() {
				t.Fatalf("no failure")
			}
			// One page at a time gives the same report, in the same order.
			if one := run(t, dir, Options{Workers: 1}); !slices.Equal(lines(one), lines(r)) {
				t.Errorf("8 workers and 1 worker differ:\n--- 8\n%s\n--- 1\n%s", strings.Join(lines(r), "\n"), strings.Join(lines(one), "\n"))
			}
			// With the per-page cache: the cold run (every page parsed) and the warm run
			// (none parsed) give the same report as no cache.
			cache := t.TempDir()
			for _, pass := range []struct {
				name   string
				parsed int
			}{{"cold", r.Pages}, {"warm", 0}} {
				c := run(t, dir, Options{Workers: 8, CacheDir: cache})
				if !slices.Equal(lines(c), lines(r)) {
					t.Errorf("%s cache and no cache differ:\n--- cache\n%s\n--- none\n%s", pass.name, strings.Join(lines(c), "\n"), strings.Join(lines(r), "\n"))
				}
				if c.Parsed != pass.parsed {
					t.Errorf("%s run parsed %d pages, want %d", pass.name, c.Parsed, pass.parsed)
				}
			}
			want, err := os.ReadFile(filepath.Join("testdata/fail", e.Name(), "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			got := lines(r)
			// all.golden is the whole report, in order, as the one-page-at-a-time verify
			// wrote it: the parallel verify must report exactly the same (go test -update).
			all := filepath.Join(fixture, "all.golden")
			text := strings.Join(got, "\n") + "\n"
			if *update {
				if err := os.WriteFile(all, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if b, err := os.ReadFile(all); err != nil {
				t.Errorf("%v (go test -update writes it)", err)
			} else if string(b) != text {
				t.Errorf("the report differs from %s:\n--- got\n%s--- want\n%s", all, text, b)
			}
			for _, w := range strings.Split(strings.TrimSpace(string(want)), "\n") {
				w = strings.ReplaceAll(w, "{hotlines}", hotlinesFixture)
				if !contains(got, w) {
					t.Errorf("missing\n  %s\nin\n  %s", w, strings.Join(got, "\n  "))
				}
			}
		})
	}
}

// applyEdits applies a fixture's edit.txt to the copy of the passing site in dir. Each edit is
//
//	==== <file, relative to the site>
//	<<<<
//	<lines of the passing file, which must occur exactly once>
//	>>>>
//	<the lines that replace them>
//
// so that a fixture shows only what it breaks.
func applyEdits(t *testing.T, dir, edits string) {
	t.Helper()
	for _, e := range strings.Split(edits, "==== ")[1:] {
		file, rest, _ := strings.Cut(e, "\n")
		old, new, ok := strings.Cut(strings.TrimPrefix(rest, "<<<<\n"), ">>>>\n")
		if !ok {
			t.Fatalf("edit of %s: no >>>> line", file)
		}
		path := filepath.Join(dir, filepath.FromSlash(file))
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), old); n != 1 {
			t.Fatalf("edit of %s: the text to replace occurs %d times, want once:\n%s", file, n, old)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHeaviestGolden(t *testing.T) {
	r := run(t, "testdata/pass", Options{})
	var buf bytes.Buffer
	if err := r.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	golden := "testdata/heaviest.golden.md"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("table differs from %s (go test -update to accept):\n%s", golden, buf.String())
	}
}

func TestBudgetFlags(t *testing.T) {
	r := run(t, "testdata/pass", Options{BudgetHTMLGzip: 100})
	if !r.Failed() {
		t.Fatal("a 100-byte budget passes")
	}
	if !contains(lines(r), "es/pagina/index.html: error: over budget: * bytes gzip with its CSS and JS (HTML * + CSS * + JS *), the budget is 100") {
		t.Errorf("no budget message:\n%s", strings.Join(lines(r), "\n"))
	}
}

func TestNoBaseURL(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/pass", dir)
	os.Remove(filepath.Join(dir, "index.html"))
	if _, err := Run(Options{Dir: dir, Hotlines: hotlinesFixture, Langs: fixtureLangs, DefaultLang: "es"}); err == nil || !strings.Contains(err.Error(), "-baseurl") {
		t.Errorf("err = %v, want a hint to give -baseurl", err)
	}
}

func TestDigest(t *testing.T) {
	a, err := Digest("testdata/pass")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyTree(t, "testdata/pass", dir)
	b, err := Digest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) || a["es/index.html"] == "" || a["es/index.html"] != b["es/index.html"] {
		t.Fatalf("digests differ for identical trees")
	}
	os.WriteFile(filepath.Join(dir, "es", "index.html"), []byte("changed"), 0o644)
	if c, _ := Digest(dir); c["es/index.html"] == a["es/index.html"] {
		t.Error("a changed file keeps its digest")
	}
}

// TestInlineStyle: a <style> element passes when the page's policy lists its hash, and fails
// when the hash differs from the one the host configs send (Options.StyleHash).
func TestInlineStyle(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "testdata/pass", dir)
	const css = "body{color:red}"
	sum := sha256.Sum256([]byte(css))
	hash := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	p := filepath.Join(dir, "es", "pagina", "index.html")
	b, _ := os.ReadFile(p)
	b = bytes.Replace(b, []byte(`<link rel="stylesheet" href="/css/site.css">`), []byte("<style>"+css+"</style>"), 1)
	b = bytes.Replace(b, []byte(`style-src 'self';`), []byte(`style-src 'self' '`+hash+`';`), 1)
	os.WriteFile(p, b, 0o644)
	if r := run(t, dir, Options{StyleHash: hash}); r.Failed() {
		t.Fatalf("a <style> listed by its hash fails:\n%s", strings.Join(lines(r), "\n"))
	}
	r := run(t, dir, Options{StyleHash: "sha256-AAAA"})
	want := "es/pagina/index.html:15: error: <style> element whose hash '" + hash + "' is not the one the host configs send ('sha256-AAAA'*"
	if !contains(lines(r), want) {
		t.Errorf("missing %q in:\n%s", want, strings.Join(lines(r), "\n"))
	}
}

// TestGzipSizeOption: with the build's gzip cache (precompress's encoding) the weights are
// those verify computes on its own, so a page is compressed once for its weight and its .gz.
func TestGzipSizeOption(t *testing.T) {
	own := run(t, "testdata/pass", Options{})
	cache := precompress.NewCache(t.TempDir())
	for range 2 { // a cold cache, then a warm one
		shared := run(t, "testdata/pass", Options{GzipSize: cache.Size})
		if !slices.Equal(own.Weights, shared.Weights) {
			t.Fatalf("weights differ:\n%v\n%v", own.Weights, shared.Weights)
		}
	}
}

// cachedRuns runs verify on dir twice with one cache, with change(dir) in between, and checks
// that the second run parsed the pages it should and reports what a run without cache reports.
func cachedRuns(t *testing.T, change func(dir, cache string), parsed int) []string {
	t.Helper()
	dir, cache := t.TempDir(), t.TempDir()
	copyTree(t, "testdata/pass", dir)
	if r := run(t, dir, Options{CacheDir: cache}); r.Failed() || r.Parsed != r.Pages {
		t.Fatalf("cold run: failed %v, parsed %d of %d pages", r.Failed(), r.Parsed, r.Pages)
	}
	change(dir, cache)
	warm := run(t, dir, Options{CacheDir: cache})
	if warm.Parsed != parsed {
		t.Errorf("warm run parsed %d pages, want %d", warm.Parsed, parsed)
	}
	if none := run(t, dir, Options{}); !slices.Equal(lines(warm), lines(none)) {
		t.Errorf("warm cache and no cache differ:\n--- cache\n%s\n--- none\n%s", strings.Join(lines(warm), "\n"), strings.Join(lines(none), "\n"))
	}
	// The cache keeps one entry per page of the last run.
	n := 0
	filepath.WalkDir(cache, func(_ string, d fs.DirEntry, _ error) error {
		if d != nil && !d.IsDir() {
			n++
		}
		return nil
	})
	if n != warm.Pages {
		t.Errorf("the cache holds %d files after a run over %d pages", n, warm.Pages)
	}
	return lines(warm)
}

// TestCacheEditedPage: a page edited between two runs is parsed and checked again.
func TestCacheEditedPage(t *testing.T) {
	got := cachedRuns(t, func(dir, _ string) {
		edits, err := os.ReadFile("testdata/fail/duplicate-id/edit.txt")
		if err != nil {
			t.Fatal(err)
		}
		applyEdits(t, dir, string(edits))
	}, 1)
	if !contains(got, `es/pagina/index.html:*: error: duplicate id "quick-exit"*`) {
		t.Errorf("the edited page's new problem is not reported:\n%s", strings.Join(got, "\n"))
	}
}

// TestCacheDeletedTarget: a link of an unchanged (cached) page to a file deleted since the
// last run is reported.
func TestCacheDeletedTarget(t *testing.T) {
	got := cachedRuns(t, func(dir, _ string) {
		if err := os.Remove(filepath.Join(dir, "img", "icon.svg")); err != nil {
			t.Fatal(err)
		}
	}, 0)
	if !contains(got, "es/pagina/index.html:*: error: broken link /img/icon.svg: no such page or file in the built site") {
		t.Errorf("the deleted target is not reported:\n%s", strings.Join(got, "\n"))
	}
}

// TestCacheCorruptEntry: a damaged entry (a byte changed, cut short, emptied) is ignored: its
// page is parsed again, and the report is that of a run without cache.
func TestCacheCorruptEntry(t *testing.T) {
	cachedRuns(t, func(_, cache string) {
		var files []string
		filepath.WalkDir(cache, func(p string, d fs.DirEntry, _ error) error {
			if d != nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		slices.Sort(files)
		if len(files) < 3 {
			t.Fatalf("%d cache entries", len(files))
		}
		b, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		flipped := bytes.Replace(b, []byte(`"diags"`), []byte(`"diagz"`), 1)
		if bytes.Equal(flipped, b) {
			flipped = append(b[:len(b)-2:len(b)-2], '}', '}')
		}
		for file, data := range map[string][]byte{files[0]: flipped, files[1]: b[:len(b)/2], files[2]: nil} {
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}, 3)
}
