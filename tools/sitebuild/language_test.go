package sitebuild_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"protege/tools/cli"
	"protege/tools/repotest"
)

// TestFourthLanguage proves that a language is added by configuration, content and strings,
// not by code: a scratch copy of the repository gets a Portuguese site (pt, locale pt-BR,
// weight 4) whose pages, strings, menus and data texts are copies of the French ones, and
// `protege check` and `protege build` (the PDF kit, Hugo, verify) pass on it with no change
// to the toolchain or the layouts. The Portuguese pages, their hreflang alternates, the
// language switcher's entries and the Portuguese PDFs must then exist.
func TestFourthLanguage(t *testing.T) {
	t.Parallel()
	const from, lang, locale = "fr", "pt", "pt-BR"
	src := repotest.ScratchCopy(t)
	// What `protege check` and `protege build` read besides the site: the conventions (docs/),
	// the security headers (deploy/) and the Go files that use i18n strings (tools/).
	root := repotest.Root(t)
	for _, d := range []string{"docs", "deploy"} {
		if _, err := os.Stat(filepath.Join(src, d)); err == nil {
			continue // already in the scratch copy
		}
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join(root, d))); err != nil {
			t.Fatal(err)
		}
	}
	copyGoFiles(t, filepath.Join(root, "tools"), filepath.Join(src, "tools"))

	// Configuration: the language, its content mount and its menus.
	cfg := filepath.Join(src, "site", "hugo.toml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b = replaceOnce(t, b, "\n[module]\n", `
[languages.pt]
  label = "Português"
  locale = "pt-BR"
  direction = "ltr"
  weight = 4
  title = "Protege"
  [languages.pt.params]
    quickExitURL = "https://meteofrance.com/"

[module]
  [[module.mounts]]
    source = "../content/pt"
    target = "content"
    [module.mounts.sites.matrix]
      languages = ["pt"]
`)
	write(t, cfg, b)
	copyFile(t, filepath.Join(src, "site", "config", "_default", "menus."+from+".toml"), filepath.Join(src, "site", "config", "_default", "menus."+lang+".toml"))

	// Content and strings: the French pages, strings and scenarios as the Portuguese ones.
	if err := os.CopyFS(filepath.Join(src, "content", lang), os.DirFS(filepath.Join(src, "content", from))); err != nil {
		t.Fatal(err)
	}
	// Every page has a title of its own (verify): the copies' titles are "Página <key>".
	title, key := regexp.MustCompile(`(?m)^title: .*$`), regexp.MustCompile(`(?m)^translationKey: *"?([a-z0-9-]+)`)
	err = filepath.WalkDir(filepath.Join(src, "content", lang), func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		k := key.FindSubmatch(b)
		if k == nil {
			return fmt.Errorf("%s: no translationKey", p)
		}
		return os.WriteFile(p, title.ReplaceAll(b, []byte(`title: "Página `+string(k[1])+`"`)), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The strings, with a title of their own for the home and 404 pages.
	b, err = os.ReadFile(filepath.Join(src, "i18n", from+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"siteTagline": "Página inicial", "notFoundTitle": "Página não encontrada"} {
		b = regexp.MustCompile(`(?m)^`+k+` = .*$`).ReplaceAll(b, []byte(k+` = "`+v+`"`))
	}
	write(t, filepath.Join(src, "i18n", lang+".toml"), b)
	copyFile(t, filepath.Join(src, "content", "data", "scenarios", from+".yaml"), filepath.Join(src, "content", "data", "scenarios", lang+".yaml"))
	// The hotline data's texts and country order, one per language: the French ones again.
	hot := filepath.Join(src, "content", "data", "hotlines.yaml")
	b, err = os.ReadFile(hot)
	if err != nil {
		t.Fatal(err)
	}
	perLang := regexp.MustCompile(`(?m)^(\s+)` + from + `: (.*)$`)
	n := len(perLang.FindAll(b, -1))
	if n == 0 {
		t.Fatalf("%s: no %q entries to copy", hot, from)
	}
	write(t, hot, perLang.ReplaceAll(b, []byte("$0\n${1}"+lang+": $2")))
	repotest.Git(t, src, "2026-01-02T00:00:00Z", "add", "-A")
	repotest.Git(t, src, "2026-01-02T00:00:00Z", "commit", "-q", "-m", "pt")

	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"check", "-root", src, "-git=false"}, nil, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("protege check: exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), lang+" ") {
		t.Errorf("protege check does not count the %s pages: %s", lang, stderr.String())
	}
	out := filepath.Join(t.TempDir(), "public")
	stdout.Reset()
	stderr.Reset()
	if code := cli.Run([]string{"build", "-root", src, "-out", out}, nil, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("protege build: exit %d\n%s", code, stderr.String())
	}

	// Every page of every language, their lang, hreflang alternates and language switcher,
	// the chooser and the 404 pages, with the fourth language among them.
	checkLangs(t, out, src)
	checkRoot(t, out, src)
	home := parsePage(t, out, filepath.Join(lang, "index.html"))
	if home.lang != locale {
		t.Errorf("%s/index.html: <html lang=%q>, want %q", lang, home.lang, locale)
	}
	if len(home.switcher) != 4 {
		t.Errorf("%s/index.html: language switcher has %d entries, want 4: %v", lang, len(home.switcher), home.switcher)
	}
	es := parsePage(t, out, filepath.Join("es", "index.html"))
	if h := es.hreflang[locale]; !strings.HasSuffix(h, "/"+lang+"/") {
		t.Errorf("es/index.html: hreflang %s = %q, want the %s home page", locale, h, lang)
	}
	// The menus come from menus.pt.toml: the same links as the French menus, in /pt/.
	fr := parsePage(t, out, filepath.Join(from, "index.html"))
	for _, l := range fr.links {
		if strings.HasPrefix(l, "/"+from+"/") && !contains(home.links, "/"+lang+"/"+strings.TrimPrefix(l, "/"+from+"/")) {
			t.Errorf("%s/index.html has no link to /%s/%s (the %s home page links %s)", lang, lang, strings.TrimPrefix(l, "/"+from+"/"), from, l)
		}
	}
	// The PDF kit in the fourth language, as many files as in the third.
	pdfs := func(l string) int {
		m, _ := filepath.Glob(filepath.Join(out, "materiales", l, "*.pdf"))
		return len(m)
	}
	if pdfs(lang) == 0 || pdfs(lang) != pdfs(from) {
		t.Errorf("PDFs: %d in %s, %d in %s", pdfs(lang), lang, pdfs(from), from)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func replaceOnce(t *testing.T, b []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%q not found", old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

func write(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	write(t, to, b)
}

// copyGoFiles copies the .go files under from (test data left out) into to.
func copyGoFiles(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(from, p)
		if err := os.MkdirAll(filepath.Join(to, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
