package sitebuild_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"protege/tools/content"
	"protege/tools/repotest"
	"protege/tools/sitebuild"
	"protege/tools/verify"
)

// builtSite is the site built from the repository: $PROTEGE_PUBLIC when `make test` has just
// built it, otherwise the package's clean build of a scratch copy (cleanBuild).
func builtSite(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("PROTEGE_PUBLIC"); dir != "" {
		return dir
	}
	dir, _ := cleanBuild(t)
	return dir
}

type page struct {
	file     string            // relative to the public folder
	lang     string            // <html lang>
	hreflang map[string]string // hreflang → href
	switcher []string          // language switcher hrefs
	links    []string          // every <a href>
}

func parsePage(t *testing.T, dir, rel string) page {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	p := page{file: rel, hreflang: map[string]string{}}
	var walk func(n *html.Node, inSwitch bool)
	walk = func(n *html.Node, inSwitch bool) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			switch n.Data {
			case "html":
				p.lang = a["lang"]
			case "link":
				if a["rel"] == "alternate" && a["hreflang"] != "" {
					p.hreflang[a["hreflang"]] = a["href"]
				}
			case "nav":
				if strings.Contains(a["class"], "lang-switch") {
					inSwitch = true
				}
			case "a":
				p.links = append(p.links, a["href"])
				if inSwitch {
					p.switcher = append(p.switcher, a["href"])
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inSwitch)
		}
	}
	walk(doc, false)
	return p
}

// fileFor maps a site URL (absolute or root-relative) to a file of the public folder.
func fileFor(dir, u string) (string, bool) {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.Index(u, "/"); j >= 0 {
			u = u[j:]
		}
	}
	u, _, _ = strings.Cut(u, "#")
	if !strings.HasPrefix(u, "/") {
		return "", false
	}
	f := filepath.Join(dir, filepath.FromSlash(u))
	if strings.HasSuffix(u, "/") {
		f = filepath.Join(f, "index.html")
	}
	_, err := os.Stat(f)
	return f, err == nil
}

func TestSiteHasEveryPageInEveryLanguage(t *testing.T) {
	dir := builtSite(t)
	root := repotest.Root(t)
	if err := sitebuild.CheckPages(root, dir, repotest.Site(t, root).Langs()); err != nil {
		t.Fatal(err)
	}
	sc := repotest.Site(t, root)
	site, _, err := content.Load(filepath.Join(root, "content"), sc.Langs())
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(slices.Values(sc.Langs()))
	byKey := map[string][]*content.Page{}
	for _, p := range site.Pages {
		byKey[p.TranslationKey()] = append(byKey[p.TranslationKey()], p)
	}
	for key, ps := range byKey {
		var langs []string
		for _, p := range ps {
			langs = append(langs, p.Lang)
		}
		slices.Sort(langs)
		if !slices.Equal(langs, want) {
			t.Errorf("translationKey %q exists in %v, want %v", key, langs, want)
		}
	}
}

func TestLangHreflangAndSwitcher(t *testing.T) {
	checkLangs(t, builtSite(t), repotest.Root(t))
}

// checkLangs checks, on the site built from root into dir, every page's <html lang>, its
// hreflang alternates (one per language, x-default on the default language's page, each
// listed back) and its language switcher (one working link per language).
func checkLangs(t *testing.T, dir, root string) {
	t.Helper()
	sc := repotest.Site(t, root)
	localeOf := sc.Locales()
	site, _, err := content.Load(filepath.Join(root, "content"), sc.Langs())
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]page{} // by file
	for _, p := range site.Pages {
		f := sitebuild.OutputFile(p)
		pg := parsePage(t, dir, f)
		pages[f] = pg
		if pg.lang != localeOf[p.Lang] {
			t.Errorf("%s: <html lang=%q>, want %q", f, pg.lang, localeOf[p.Lang])
		}
		// Complete: one alternate per language plus x-default on the default language's page.
		for _, l := range sc.Langs() {
			href, ok := pg.hreflang[localeOf[l]]
			if !ok {
				t.Errorf("%s: no hreflang %s", f, localeOf[l])
				continue
			}
			if _, ok := fileFor(dir, href); !ok {
				t.Errorf("%s: hreflang %s points to %s, which is not a page", f, localeOf[l], href)
			}
		}
		if xd, def := pg.hreflang["x-default"], pg.hreflang[sc.Default().Locale]; xd == "" || xd != def {
			t.Errorf("%s: x-default %q, want the default language's page %q", f, xd, def)
		}
		// Switcher: one link per language, each to an existing file.
		if len(pg.switcher) != len(sc.Languages) {
			t.Errorf("%s: language switcher has %d links, want %d", f, len(pg.switcher), len(sc.Languages))
		}
		for _, href := range pg.switcher {
			if _, ok := fileFor(dir, href); !ok {
				t.Errorf("%s: language switcher link %s does not resolve to a file", f, href)
			}
		}
	}
	// Reciprocal: if A names B as its translation, B names A.
	for f, pg := range pages {
		self := ""
		for _, href := range pg.hreflang {
			if g, ok := fileFor(dir, href); ok && g == filepath.Join(dir, f) {
				self = href
			}
		}
		if self == "" {
			t.Errorf("%s: no hreflang alternate points to the page itself", f)
			continue
		}
		for hl, href := range pg.hreflang {
			g, ok := fileFor(dir, href)
			if !ok || hl == "x-default" {
				continue
			}
			rel, _ := filepath.Rel(dir, g)
			other, ok := pages[rel]
			if !ok {
				continue
			}
			if !slices.Contains(mapValues(other.hreflang), self) {
				t.Errorf("%s lists %s as %s, but %s does not list %s back", f, rel, hl, rel, self)
			}
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestRootChooserLinksEveryHome(t *testing.T) {
	checkRoot(t, builtSite(t), repotest.Root(t))
}

// checkRoot checks the root pages of the site built from root into dir: the chooser links
// every language's home page, and every language has its 404 page.
func checkRoot(t *testing.T, dir, root string) {
	t.Helper()
	langs := repotest.Site(t, root).Langs()
	pg := parsePage(t, dir, "index.html")
	for _, l := range langs {
		want := "/" + l + "/"
		found := false
		for _, href := range pg.links {
			if strings.HasSuffix(href, want) {
				if _, ok := fileFor(dir, href); ok {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("root chooser has no working link to %s (links: %v)", want, pg.links)
		}
	}
	files := []string{"404.html"}
	for _, l := range langs {
		files = append(files, l+"/404.html")
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
}

// A missing i18n key fails the build (strict flags) and the old output stays in place.
func TestMissingI18nKeyFailsBuild(t *testing.T) {
	t.Parallel()
	src := cleanCopy(t)
	en := filepath.Join(src, "i18n", "en.toml")
	b, err := os.ReadFile(en)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "skipToContent ") {
			kept = append(kept, l)
		}
	}
	if err := os.WriteFile(en, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(out, "previous.txt")
	os.WriteFile(marker, []byte("old"), 0o644)
	var stderr bytes.Buffer
	err = sitebuild.Build(sitebuild.WithKit(sitebuild.Options{Root: src, Site: repotest.Site(t, src), Out: out, Stderr: &stderr}, cleanKit(t)))
	if err == nil {
		t.Fatal("build with a missing i18n key succeeded")
	}
	if !strings.Contains(stderr.String(), "skipToContent") {
		t.Errorf("error output does not name the missing key:\n%s", stderr.String())
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("a failed build replaced the previous output: %v", err)
	}
}

// A misconfigured mount (language folder renamed, or a typo in site/hugo.toml) must fail,
// not produce a site with an empty language.
func TestMisconfiguredMountFails(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		break_ func(t *testing.T, src string)
		want   string
	}{
		{"folder renamed", func(t *testing.T, src string) {
			if err := os.Rename(filepath.Join(src, "content", "fr"), filepath.Join(src, "content", "francais")); err != nil {
				t.Fatal(err)
			}
		}, `content folder for "fr"`},
		{"mount typo", func(t *testing.T, src string) {
			cfg := filepath.Join(src, "site", "hugo.toml")
			b, _ := os.ReadFile(cfg)
			b = bytes.Replace(b, []byte(`"../content/fr"`), []byte(`"../content/fr-typo"`), 1)
			os.WriteFile(cfg, b, 0o644)
		}, "page not rendered"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src := cleanCopy(t)
			c.break_(t, src)
			out := filepath.Join(t.TempDir(), "public")
			var stderr bytes.Buffer
			err := sitebuild.Build(sitebuild.WithKit(sitebuild.Options{Root: src, Site: repotest.Site(t, src), Out: out, Stderr: &stderr,
				After: []sitebuild.Stage{{Name: "pages", Run: func(d, _ string) error { return sitebuild.CheckPages(src, d, repotest.Site(t, src).Langs()) }}}}, cleanKit(t)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q\n%s", err, c.want, stderr.String())
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a failed build wrote the output folder")
			}
		})
	}
}

// Two builds of the same commit are byte-identical, with every stage of `protege build` (the
// .gz files included): the first with no cache (a fresh clone: the package's clean build),
// the second with the caches the first left (build/cache: the editor's loop).
func TestBuildIsReproducible(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the site twice")
	}
	_, cold := cleanBuild(t)
	if _, err := os.Stat(filepath.Join(sitebuild.CacheDir(clean.root), "gz")); err != nil {
		t.Fatalf("the first build left no gzip cache: %v", err)
	}
	root := cleanCopy(t)
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	site := repotest.Site(t, root)
	o := sitebuild.Options{Root: root, Site: site, Out: out, Stdout: &stdout, Stderr: &stderr}
	o.After = sitebuild.AfterHugo(root, site, nil, &stdout, &stderr)
	if err := sitebuild.Build(o); err != nil {
		t.Fatalf("build 2: %v\n%s", err, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(sitebuild.CacheDir(root), "gz")); err != nil {
		t.Fatalf("build 2 left no gzip cache: %v", err)
	}
	warm, err := verify.Digest(out)
	if err != nil {
		t.Fatal(err)
	}
	digests := [2]map[string]string{cold, warm}
	gz := 0
	for f, h := range digests[0] {
		if strings.HasSuffix(f, ".gz") {
			gz++
		}
		if h2, ok := digests[1][f]; !ok {
			t.Errorf("%s: only in the first build", f)
		} else if h != h2 {
			t.Errorf("%s: differs between two builds of the same sources", f)
		}
	}
	for f := range digests[1] {
		if _, ok := digests[0][f]; !ok {
			t.Errorf("%s: only in the second build", f)
		}
	}
	if len(digests[0]) == 0 || gz == 0 {
		t.Fatalf("%d files, %d .gz", len(digests[0]), gz)
	}
}

// Check runs with the PDF kit and Hugo; when it fails, its messages are all the build shows
// (Hugo's are dropped), the build fails with its error and the output folder is untouched.
// When it passes, its messages come first, then Hugo's: see editedBuild, built with a check
// that passes.
func TestCheckFailureComesFirst(t *testing.T) {
	t.Parallel()
	root := cleanCopy(t)
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	o := sitebuild.Options{Root: root, Site: repotest.Site(t, root), Out: out, Stdout: &stdout, Stderr: &stderr,
		Check: func(so, se io.Writer) error {
			fmt.Fprintln(so, "content/es/acerca.md:3: error: a problem check found")
			return errors.New("check: the sources have problems")
		},
		After: []sitebuild.Stage{{Name: "never", Run: func(string, string) error { t.Error("the After stages ran after a failed check"); return nil }}},
	}
	o = sitebuild.WithKit(o, cleanKit(t))
	err := sitebuild.Build(o)
	if err == nil || err.Error() != "check: the sources have problems" {
		t.Fatalf("err = %v, want check's", err)
	}
	if got := stdout.String(); got != "content/es/acerca.md:3: error: a problem check found\n" {
		t.Errorf("stdout = %q, want check's message alone", got)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a build whose check failed wrote the output folder")
	}
	// A check that passes: its messages come first, then Hugo's.
	_, got := editedBuild(t)
	if !strings.HasPrefix(got, editedCheck) || len(got) == len(editedCheck) {
		t.Errorf("stdout = %q, want check's line then Hugo's output", got)
	}
}

var (
	editedOnce sync.Once
	edited     struct {
		out, stdout string
		err         error
	}
)

// editedCheck is what the check of editedBuild prints.
const editedCheck = "check: passed\n"

// editedBuild is one build, shared by the tests that read it, of a copy of the clean checkout
// with their edits, each on pages of its own, and the clean build's PDF kit (WithKit):
//   - TestOutdatedTranslationNotice: content/es/acerca.md changed and committed a month after
//     its translations;
//   - TestUntranslatedPage: content/fr/confidentialite.md replaced by the Spanish text of
//     content/es/privacidad.md with `untranslated: true` (not committed);
//   - TestCheckFailureComesFirst: a check that passes, printing editedCheck.
//
// It returns the output folder and the build's standard output.
func editedBuild(t *testing.T) (string, string) {
	t.Helper()
	editedOnce.Do(func() {
		edited.err = errors.New("the edited build failed (see the first test that asked for it)")
		src := cleanCopy(t)
		es := filepath.Join(src, "content", "es", "acerca.md")
		b, err := os.ReadFile(es)
		if err != nil {
			t.Fatal(err)
		}
		write(t, es, append(b, []byte("\nUn párrafo nuevo.\n")...))
		repotest.Git(t, src, "2026-02-01T00:00:00Z", "commit", "-qam", "es changed")
		b, err = os.ReadFile(filepath.Join(src, "content", "es", "privacidad.md"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte("\ntranslationKey:")) {
			t.Fatal("content/es/privacidad.md: no translationKey line")
		}
		write(t, filepath.Join(src, "content", "fr", "confidentialite.md"), bytes.Replace(b, []byte("\ntranslationKey:"), []byte("\nuntranslated: true\ntranslationKey:"), 1))
		// Outside the test's temporary folder: the build outlives the first test.
		dir, err := sharedTempDir("edited")
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "public")
		var stdout, stderr bytes.Buffer
		o := sitebuild.Options{Root: src, Site: repotest.Site(t, src), Out: out, Stdout: &stdout, Stderr: &stderr,
			Check: func(so, se io.Writer) error { io.WriteString(so, editedCheck); return nil }}
		if err := sitebuild.Build(sitebuild.WithKit(o, cleanKit(t))); err != nil {
			edited.err = fmt.Errorf("edited build: %v\n%s", err, stderr.String())
			return
		}
		edited.out, edited.stdout, edited.err = out, stdout.String(), nil
	})
	if edited.err != nil {
		t.Fatal(edited.err)
	}
	return edited.out, edited.stdout
}

// A translation older than its Spanish source shows the "may be out of date" notice (see
// editedBuild).
func TestOutdatedTranslationNotice(t *testing.T) {
	t.Parallel()
	out, _ := editedBuild(t)
	for f, want := range map[string]bool{"es/acerca/index.html": false, "en/about/index.html": true, "fr/a-propos/index.html": true, "en/privacy/index.html": false} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(b, []byte("notice--outdated")); got != want {
			t.Errorf("%s: outdated notice shown = %v, want %v", f, got, want)
		}
	}
}

// An untranslated page (front matter `untranslated: true`, Spanish text) says so and marks its
// text as Spanish (see editedBuild).
func TestUntranslatedPage(t *testing.T) {
	t.Parallel()
	out, _ := editedBuild(t)
	b, err := os.ReadFile(filepath.Join(out, "fr", "confidentialite", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"notice--untranslated", "pas encore traduite", "<div lang=es-CR>"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("fr/confidentialite: missing %q", want)
		}
	}
}

// The site a build replaces stays next to the output, in one ".public.previous-*" folder,
// until the next build, which removes it while it renders, whether it succeeds or fails.
func TestPreviousSiteRemovedByNextBuild(t *testing.T) {
	t.Parallel()
	root := spanish.copy(t) // the smallest real site: four builds
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	previous := func() []string {
		m, err := filepath.Glob(filepath.Join(parent, sitebuild.PreviousPrefix(out)+"*"))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	failing := func(so, se io.Writer) error { return errors.New("check: the sources have problems") }
	var seen []string
	for i, step := range []struct {
		check        func(so, se io.Writer) error
		wantPrevious int  // folders of previous sites next to out after the build
		wantOldSite  bool // the one left holds a whole site (out existed before the build)
	}{
		{nil, 1, false}, // out did not exist: the folder holds this build's kit and config only
		{nil, 1, true},
		{nil, 1, true},
		{failing, 0, false},
	} {
		var stderr bytes.Buffer
		o := sitebuild.WithKit(sitebuild.Options{Root: root, Site: repotest.Site(t, root), Out: out, Stderr: &stderr, Check: step.check}, spanish.pdfKit(t))
		if err := sitebuild.Build(o); (err == nil) != (step.check == nil) {
			t.Fatalf("build %d: %v\n%s", i+1, err, stderr.String())
		}
		prev := previous()
		if len(prev) != step.wantPrevious {
			t.Fatalf("build %d: previous sites next to the output: %v, want %d", i+1, prev, step.wantPrevious)
		}
		if es := entries(t, parent); len(es) != 1+len(prev) {
			t.Errorf("build %d: next to the output: %v", i+1, es)
		}
		for _, p := range prev {
			if slices.Contains(seen, p) {
				t.Errorf("build %d: %s, left by an earlier build, is still there", i+1, p)
			}
			seen = append(seen, p)
			if _, err := os.Stat(filepath.Join(p, "site", "index.html")); (err == nil) != step.wantOldSite {
				t.Errorf("build %d: %s holds a previous site: %v, want %v", i+1, p, err == nil, step.wantOldSite)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			t.Errorf("build %d: %v", i+1, err)
		}
	}
}
