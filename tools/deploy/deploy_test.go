package deploy

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"protege/tools/diag"
	"protege/tools/hugotool"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata")

// repoRoot is the repository root, two levels above this package.
// testLangs are the languages of the fixtures and of the shipped configurations.
var testLangs = []string{"es", "en", "fr"}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// fixtureSource is a frozen copy of deploy/headers.toml: the fixtures are broken copies of
// what it generates, so they do not change when the real source does.
func fixtureSource(t *testing.T) *Source {
	t.Helper()
	s, ds := Load("testdata/headers.toml")
	if s == nil {
		t.Fatalf("testdata/headers.toml: %v", ds)
	}
	return s
}

func render(ds []diag.Diagnostic) string {
	var b bytes.Buffer
	diag.Write(&b, ds, false)
	return b.String()
}

// golden compares got with testdata/<name>.golden (or rewrites it with -update).
func golden(t *testing.T, file, got string) {
	t.Helper()
	g := strings.TrimSuffix(file, filepath.Ext(file)) + ".golden"
	if *update {
		if err := os.WriteFile(g, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(g)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s: diagnostics differ from %s\n--- got\n%s--- want\n%s", file, g, got, want)
	}
}

// TestSourceFixtures loads broken copies of the source: one fixture per mistake the
// validation must catch, with the expected diagnostics in a .golden file next to it.
func TestSourceFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "source", "*.toml"))
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata/source")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, ds := Parse(filepath.ToSlash(f), data)
			if !diag.HasErrors(ds) {
				t.Errorf("%s: no error reported", f)
			}
			golden(t, f, render(ds))
		})
	}
}

// TestGenerateIsStable generates every config at the root and under subpaths: no error, and
// two generations are the same bytes.
func TestGenerateIsStable(t *testing.T) {
	s := fixtureSource(t)
	for _, base := range []string{"/", "/sub/", "/a/b/"} {
		gen, err := Generate(s, Options{Base: base, Langs: testLangs})
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Generate(s, Options{Base: base, Langs: testLangs})
		for i := range gen {
			if !bytes.Equal(gen[i].Data, again[i].Data) {
				t.Errorf("%s: two generations differ", gen[i].Path)
			}
		}
	}
}

// TestSubpathConfigs spot-checks what changes with the base.
func TestSubpathConfigs(t *testing.T) {
	gen, err := Generate(fixtureSource(t), Options{Base: "/sub/", Langs: testLangs})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, g := range gen {
		files[g.Path] = string(g.Data)
	}
	for path, want := range map[string][]string{
		"deploy/apache/.htaccess":     {"ErrorDocument 404 /sub/404.html\n", "m#^/sub/es/#", "ErrorDocument 404 /sub/fr/404.html", "m#^/sub/(?:css|js)/[^/]+$#", "AddType text/vcard .vcf\nAddCharset utf-8 .vcf\n"},
		"deploy/netlify/netlify.toml": {`from = "/sub/en/*"`, `to = "/sub/en/404.html"`},
		"deploy/nginx/protege.conf":   {"error_page 404 $protege_base/404.html;", "error_page 404 $protege_base/$protege_lang/404.html;", "types { text/vcard vcf; }", "image/svg+xml text/vcard;"},
		"deploy/hugo-deploy.toml":     {`contentType = "text/vcard; charset=utf-8"`},
	} {
		for _, w := range want {
			if !strings.Contains(files[path], w) {
				t.Errorf("%s for /sub/: no %q", path, w)
			}
		}
	}
}

// TestShipped is `protege deploy-configs -check` on the repository: the configs in deploy/
// are what deploy/headers.toml generates, each sends every header, and the pages' <meta>
// policy is the header policy.
func TestShipped(t *testing.T) {
	if ds := Check(repoRoot(t), testLangs); len(ds) > 0 {
		t.Errorf("run `go run ./tools/cmd/protege deploy-configs`:\n%s", render(ds))
	}
}

func TestCacheFor(t *testing.T) {
	s := fixtureSource(t)
	for path, want := range map[string]string{
		"/":                        "pages and everything else",
		"/es/":                     "pages and everything else",
		"/es/guias/hoteles/":       "pages and everything else",
		"/404.html":                "pages and everything else",
		"/css/main.min.abc123.css": "fingerprinted assets",
		"/js/quickexit.min.ab.js":  "fingerprinted assets",
		"/css/":                    "pages and everything else",
		"/css/sub/x.css":           "pages and everything else",
		"/es/css/x.css":            "pages and everything else",
		"/materiales/codigo.pdf":   "PDFs",
		"/codigo.pdf":              "PDFs",
		"/pdf/":                    "pages and everything else",
	} {
		if got := s.CacheFor(path).Name; got != want {
			t.Errorf("CacheFor(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestNormalizeBase(t *testing.T) {
	for in, want := range map[string]string{"": "/", "/": "/", "sub": "/sub/", "/sub": "/sub/", "/sub/": "/sub/", "/a/b/": "/a/b/"} {
		if got, err := NormalizeBase(in); err != nil || got != want {
			t.Errorf("NormalizeBase(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"/a//b/", "/../x/", "/a b/", `/a"/`, "/a?x/"} {
		if _, err := NormalizeBase(in); err == nil {
			t.Errorf("NormalizeBase(%q): no error", in)
		}
	}
}

// TestWriteOut writes the configs for a subpath into another folder, then again: the
// second run writes nothing.
func TestWriteOut(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "deploy"), 0o755)
	src, _ := os.ReadFile("testdata/headers.toml")
	os.WriteFile(filepath.Join(root, SourceFile), src, 0o644)
	out := filepath.Join(t.TempDir(), "out")
	written, ds := Write(root, out, Options{Base: "/sub/", Langs: testLangs})
	if len(ds) > 0 || len(written) != 5 {
		t.Fatalf("written %q, diagnostics:\n%s", written, render(ds))
	}
	b, err := os.ReadFile(filepath.Join(out, "apache", ".htaccess"))
	if err != nil || !bytes.Contains(b, []byte("ErrorDocument 404 /sub/es/404.html")) {
		t.Errorf("apache/.htaccess for /sub/: %v\n%s", err, b)
	}
	if again, _ := Write(root, out, Options{Base: "/sub/", Langs: testLangs}); len(again) != 0 {
		t.Errorf("second run wrote %q", again)
	}
	if _, err := os.Stat(filepath.Join(root, "deploy", "nginx")); err == nil {
		t.Error("-out also wrote into deploy/")
	}
}

// TestCheckReportsDrift edits a generated config by hand and removes another: Check names
// both, the first at the line that changed.
func TestCheckReportsDrift(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "deploy"), 0o755)
	src, _ := os.ReadFile("testdata/headers.toml")
	src = bytes.Replace(src, []byte(`"style-src 'self'"`), []byte(`"style-src 'self' `+StylePlaceholder+`"`), 1)
	os.WriteFile(filepath.Join(root, SourceFile), src, 0o644)
	os.MkdirAll(filepath.Join(root, "assets", "css"), 0o755)
	os.WriteFile(filepath.Join(root, filepath.FromSlash(StyleFile)), []byte("body{color:red}"), 0o644)
	if _, ds := Write(root, "", Options{Base: "/", Langs: testLangs}); len(ds) > 0 {
		t.Fatal(render(ds))
	}
	if ds := Check(root, testLangs); len(ds) > 0 {
		t.Fatalf("fresh configs:\n%s", render(ds))
	}
	p := filepath.Join(root, "deploy", "nginx", "protege.conf")
	b, _ := os.ReadFile(p)
	line := bytes.Count(b[:bytes.Index(b, []byte(`add_header X-Frame-Options "DENY"`))], []byte("\n")) + 1
	os.WriteFile(p, bytes.Replace(b, []byte(`X-Frame-Options "DENY"`), []byte(`X-Frame-Options "SAMEORIGIN"`), 1), 0o644)
	os.Remove(filepath.Join(root, "deploy", "hugo-deploy.toml"))
	got := render(Check(root, testLangs))
	for _, want := range []string{
		fmt.Sprintf("deploy/nginx/protege.conf:%d: error: differs from what deploy/headers.toml and assets/css/main.css generate (this line should read %q)", line, `add_header X-Frame-Options "DENY" always;`),
		"deploy/hugo-deploy.toml: error: missing; run `protege deploy-configs`",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Check output lacks %q:\n%s", want, got)
		}
	}
}

// TestHugoAcceptsDeploySnippet asks the pinned Hugo to load site/hugo.toml with
// deploy/hugo-deploy.toml, from a scratch copy of the site, and compares the matchers it
// resolved with the file.
func TestHugoAcceptsDeploySnippet(t *testing.T) {
	hugo, err := hugotool.Binary()
	if err != nil {
		t.Skipf("no Hugo: %v", err)
	}
	root := repoRoot(t)
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "site"), os.DirFS(filepath.Join(root, "site"))); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "site", "resources"))
	snippet, err := os.ReadFile(filepath.Join(root, "deploy", "hugo-deploy.toml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "site", "deploy.toml"), snippet, 0o644)
	cmd := exec.Command(hugo, "config", "-s", "site", "--config", "hugo.toml,deploy.toml", "--format", "json")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hugo config: %v\n%s", err, stderr.String())
	}
	var conf struct {
		Deployment struct {
			Targets []struct {
				Name, URL, Exclude string
			}
			Matchers []struct {
				Pattern, CacheControl, ContentType string
				Gzip                               bool
			}
		}
	}
	if err := json.Unmarshal(out, &conf); err != nil {
		t.Fatal(err)
	}
	var file struct {
		Deployment struct {
			Matchers []struct {
				Pattern      string `toml:"pattern"`
				CacheControl string `toml:"cacheControl"`
				ContentType  string `toml:"contentType"`
				Gzip         bool   `toml:"gzip"`
			} `toml:"matchers"`
		} `toml:"deployment"`
	}
	if err := toml.Unmarshal(snippet, &file); err != nil {
		t.Fatal(err)
	}
	if len(conf.Deployment.Targets) != 3 || len(conf.Deployment.Matchers) != len(file.Deployment.Matchers) {
		t.Fatalf("Hugo resolved %d targets and %d matchers; the file has 3 and %d:\n%s",
			len(conf.Deployment.Targets), len(conf.Deployment.Matchers), len(file.Deployment.Matchers), out)
	}
	for i, m := range conf.Deployment.Matchers {
		f := file.Deployment.Matchers[i]
		if m.Pattern != f.Pattern || m.CacheControl != f.CacheControl || m.ContentType != f.ContentType || m.Gzip != f.Gzip {
			t.Errorf("matcher %d: Hugo read %+v, the file says %+v", i, m, f)
		}
	}
	for _, tg := range conf.Deployment.Targets {
		if tg.Exclude != "**.gz" {
			t.Errorf("target %s: exclude %q", tg.Name, tg.Exclude)
		}
	}
}

// TestStyleHash: a policy with the placeholder gets the hash of the minified stylesheet in
// every config; a changed stylesheet makes every config drift until they are written again;
// without the hash, nothing is generated.
func TestStyleHash(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "deploy"), 0o755)
	os.MkdirAll(filepath.Join(root, "assets", "css"), 0o755)
	src, _ := os.ReadFile("testdata/headers.toml")
	src = bytes.Replace(src, []byte(`"style-src 'self'"`), []byte(`"style-src 'self' `+StylePlaceholder+`"`), 1)
	os.WriteFile(filepath.Join(root, SourceFile), src, 0o644)
	css := filepath.Join(root, filepath.FromSlash(StyleFile))
	os.WriteFile(css, []byte("body {\n  color: #000000;\n}\n/* a comment */\n"), 0o644)
	min, err := MinifyCSS([]byte("body {\n  color: #000000;\n}\n/* a comment */\n"))
	if err != nil || string(min) != "body{color:#000}" {
		t.Fatalf("MinifyCSS = %q, %v; want body{color:#000}", min, err)
	}
	want := "style-src 'self' '" + CSPHash(min) + "'"
	if _, ds := Write(root, "", Options{Base: "/", Langs: testLangs}); len(ds) > 0 {
		t.Fatal(render(ds))
	}
	for _, f := range []string{"deploy/nginx/protege.conf", "deploy/apache/.htaccess",
		"deploy/aws/cloudfront-response-headers-policy.json", "deploy/hugo-deploy.toml"} {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		if f != "deploy/hugo-deploy.toml" && !bytes.Contains(b, []byte(want)) {
			t.Errorf("%s has no %q", f, want)
		}
		if bytes.Contains(b, []byte(StylePlaceholder)) {
			t.Errorf("%s still holds %s", f, StylePlaceholder)
		}
	}
	os.WriteFile(css, []byte("body{color:red}"), 0o644)
	got := render(Check(root, testLangs))
	for _, f := range []string{"deploy/nginx/protege.conf", "deploy/apache/.htaccess",
		"deploy/aws/cloudfront-response-headers-policy.json"} {
		if !strings.Contains(got, f+":") || !strings.Contains(got, CSPHash([]byte("body{color:red}"))) {
			t.Errorf("after a change of the stylesheet, Check does not report %s:\n%s", f, got)
		}
	}
	s, ds := Load(filepath.Join(root, SourceFile))
	if s == nil {
		t.Fatal(render(ds))
	}
	if _, err := Generate(s, Options{Langs: testLangs}); err == nil || !strings.Contains(err.Error(), StylePlaceholder) {
		t.Errorf("Generate without the hash: err = %v", err)
	}
}

// TestHugoRendersFromSource builds a scratch copy of the site with the pinned Hugo, for a
// subpath and with only the home pages (whose page template is replaced by the <meta> partial
// alone), and reads what Hugo rendered from deploy/headers.toml: the pages' <meta> policy is
// the source's (directives without the header-only ones) with the hash deploy.StyleHash
// computes, and public/_headers sends every header of the source on every path, each cache
// rule on its paths, and the media types.
func TestHugoRendersFromSource(t *testing.T) {
	hugo, err := hugotool.Binary()
	if err != nil {
		t.Skipf("no Hugo: %v", err)
	}
	root := repoRoot(t)
	s, ds := LoadSite(root)
	if s == nil {
		t.Fatal(render(ds))
	}
	dir := t.TempDir()
	for _, d := range []string{"site", "assets"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(root, d))); err != nil {
			t.Fatal(err)
		}
	}
	os.RemoveAll(filepath.Join(dir, "site", "resources"))
	os.MkdirAll(filepath.Join(dir, "deploy"), 0o755)
	src, err := os.ReadFile(filepath.Join(root, SourceFile))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, filepath.FromSlash(SourceFile)), src, 0o644)
	for name, text := range map[string]string{
		"home.html":  `{{ partial "security-meta.html" . }}`,
		"alias.html": `alias`,
	} {
		os.WriteFile(filepath.Join(dir, "site", "layouts", name), []byte(text), 0o644)
	}
	// The site's configuration (its mounts, media types and output formats), for a subpath,
	// with only the home pages.
	raw, err := os.ReadFile(filepath.Join(root, "site", "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := toml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	cfg["baseURL"] = "https://protege.example.org/sub/"
	cfg["disableKinds"] = []string{"page", "section", "taxonomy", "term", "rss", "sitemap", "robotsTXT", "404"}
	cfg["outputs"] = map[string]any{"home": []string{"html", "headers"}}
	raw, err = toml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "site", "hugo.toml"), raw, 0o644)
	cmd := exec.Command(hugo, "-s", "site", "-d", "../public", "--quiet")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, out)
	}

	page, err := os.ReadFile(filepath.Join(dir, "public", "es", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `<meta http-equiv="Content-Security-Policy" content="` + s.MetaCSP() + `">` + "\n" +
		`<meta name="referrer" content="` + s.Value("Referrer-Policy") + `">`; strings.TrimSpace(string(page)) != want {
		t.Errorf("the <meta> tags Hugo renders:\n%s\nwant\n%s", page, want)
	}
	if strings.Contains(string(page), StylePlaceholder) || !strings.Contains(s.MetaCSP(), s.StyleHash) {
		t.Errorf("the policy does not carry the stylesheet's hash %s: %s", s.StyleHash, page)
	}

	headers, err := os.ReadFile(filepath.Join(dir, "public", "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	rules := headersRules(string(headers))
	want := map[string][]string{}
	for _, h := range s.Security() {
		want["/sub/*"] = append(want["/sub/*"], h.Name+": "+h.Value)
	}
	for _, r := range s.Cache[:len(s.Cache)-1] {
		for _, f := range r.Folders {
			want["/sub/"+f+"/*"] = []string{"Cache-Control: " + r.Control}
		}
		for _, e := range r.Extensions {
			want["/sub/*."+e] = []string{"Cache-Control: " + r.Control}
		}
	}
	for _, m := range s.Types {
		for _, e := range m.Extensions {
			want["/sub/*."+e] = []string{"Content-Type: " + m.Value()}
		}
	}
	for p, lines := range want {
		if got := strings.Join(rules[p], "\n"); got != strings.Join(lines, "\n") {
			t.Errorf("_headers, %s:\n%s\nwant\n%s", p, got, strings.Join(lines, "\n"))
		}
	}
	if len(rules) != len(want) {
		t.Errorf("_headers has %d paths, want %d:\n%s", len(rules), len(want), headers)
	}
}

// headersRules reads the _headers format as far as the test needs: a path at the start of a
// line, then its indented header lines; '#' starts a comment.
func headersRules(text string) map[string][]string {
	rules := map[string][]string{}
	path := ""
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		case !strings.HasPrefix(line, " "):
			path = line
			rules[path] = rules[path][:0:0]
		default:
			rules[path] = append(rules[path], strings.TrimSpace(line))
		}
	}
	return rules
}
