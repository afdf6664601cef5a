package deploy

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"protege/tools/diag"
	"protege/tools/sitebuild"
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

// TestFixtures runs each checker on broken copies of its config: one fixture per failure
// the check must catch, with the expected diagnostics in a .golden file next to it.
func TestFixtures(t *testing.T) {
	s := fixtureSource(t)
	o := Options{Base: "/", Langs: testLangs}
	checkers := map[string]Checker{
		"nginx":      CheckNginx,
		"apache":     CheckApache,
		"netlify":    CheckNetlify,
		"cloudflare": CheckCloudflare,
		"hugodeploy": CheckHugoDeploy,
		"cloudfront": CheckCloudFront,
		"meta": func(file string, data []byte, s *Source, _ Options) []diag.Diagnostic {
			return CheckMeta(file, data, s)
		},
		"source": func(file string, data []byte, _ *Source, _ Options) []diag.Diagnostic {
			_, ds := Parse(file, data)
			return ds
		},
	}
	for kind, check := range checkers {
		files, _ := filepath.Glob(filepath.Join("testdata", kind, "*"))
		files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, ".golden") })
		if len(files) == 0 {
			t.Errorf("no fixtures in testdata/%s", kind)
		}
		for _, f := range files {
			t.Run(kind+"/"+filepath.Base(f), func(t *testing.T) {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				ds := check(filepath.ToSlash(f), data, s, o)
				if !diag.HasErrors(ds) {
					t.Errorf("%s: no error reported", f)
				}
				golden(t, f, render(ds))
			})
		}
	}
}

// TestGeneratedReadsBack checks what the generators write, at the root and under a subpath,
// with the readers of each format: every header with its value on every kind of path.
func TestGeneratedReadsBack(t *testing.T) {
	s := fixtureSource(t)
	for _, base := range []string{"/", "/sub/", "/a/b/"} {
		o := Options{Base: base, Langs: testLangs}
		gen, err := Generate(s, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range gen {
			if c := Checkers[g.Path]; c != nil {
				if ds := c(g.Path, g.Data, s, o); len(ds) > 0 {
					t.Errorf("base %s: %s:\n%s", base, g.Path, render(ds))
				}
			}
		}
		again, _ := Generate(s, o)
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
		"deploy/apache/.htaccess":     {"ErrorDocument 404 /sub/404.html\n", "m#^/sub/es/#", "ErrorDocument 404 /sub/fr/404.html", "m#^/sub/(?:css|js)/[^/]+$#"},
		"deploy/netlify/netlify.toml": {`for = "/sub/*"`, `from = "/sub/en/*"`, `to = "/sub/en/404.html"`, `for = "/sub/css/*"`},
		"deploy/cloudflare/_headers":  {"\n/sub/*\n", "\n/sub/*.pdf\n"},
		"deploy/nginx/protege.conf":   {"error_page 404 $protege_base/404.html;", "error_page 404 $protege_base/$protege_lang/404.html;"},
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

// TestMetaCSP: the CSP of site/layouts/_partials/security-meta.html equals the header
// source's CSP minus frame-ancestors (which only works as a header).
func TestMetaCSP(t *testing.T) {
	root := repoRoot(t)
	s, ds := LoadSite(root)
	if s == nil {
		t.Fatal(render(ds))
	}
	data, err := os.ReadFile(filepath.Join(root, MetaFile))
	if err != nil {
		t.Fatal(err)
	}
	m := metaTagRe.FindAll(data, -1)
	var meta string
	for _, tag := range m {
		if bytes.Contains(bytes.ToLower(tag), []byte(`http-equiv="content-security-policy"`)) {
			meta = string(metaAttrRe.FindAllSubmatch(tag, -1)[1][2])
			meta = strings.ReplaceAll(meta, MetaStyleHash, "'"+s.StyleHash+"'")
		}
	}
	header := s.HeaderCSP()
	if !strings.Contains(header, "frame-ancestors 'none'") {
		t.Errorf("header CSP %q has no frame-ancestors 'none'", header)
	}
	var stripped []string
	for _, d := range strings.Split(header, "; ") {
		if !strings.HasPrefix(d, "frame-ancestors ") {
			stripped = append(stripped, d)
		}
	}
	if got, want := meta, strings.Join(stripped, "; "); got != want {
		t.Errorf("%s CSP\n  %q\nwant (the header's minus frame-ancestors)\n  %q", MetaFile, got, want)
	}
	if ds := CheckMeta(MetaFile, data, s); len(ds) > 0 {
		t.Error(render(ds))
	}
}

// TestHostDefault: a pages rule other than the Netlify/Cloudflare default cannot be
// expressed there without overlapping rules; generation says so instead of writing a
// config those hosts would read differently.
func TestHostDefault(t *testing.T) {
	data, err := os.ReadFile("testdata/headers.toml")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`control = "public, max-age=0, must-revalidate"`), []byte(`control = "public, max-age=300"`), 1)
	s, ds := Parse("headers.toml", data)
	if s == nil {
		t.Fatal(render(ds))
	}
	_, err = Generate(s, Options{Langs: testLangs})
	if err == nil || !strings.Contains(err.Error(), "Netlify") || !strings.Contains(err.Error(), HostDefaultCacheControl) {
		t.Errorf("Generate with pages at max-age=300: err = %v; want the Netlify default explained", err)
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
	if len(ds) > 0 || len(written) != 7 {
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

// TestCheckReportsDrift edits a generated config by hand and expects Check to name it.
func TestCheckReportsDrift(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "deploy"), 0o755)
	src, _ := os.ReadFile("testdata/headers.toml")
	// The site's <meta> policy allows its inline stylesheet by its hash.
	src = bytes.Replace(src, []byte(`"style-src 'self'"`), []byte(`"style-src 'self' `+StylePlaceholder+`"`), 1)
	os.WriteFile(filepath.Join(root, SourceFile), src, 0o644)
	os.MkdirAll(filepath.Join(root, "assets", "css"), 0o755)
	os.WriteFile(filepath.Join(root, filepath.FromSlash(StyleFile)), []byte("body{color:red}"), 0o644)
	meta, _ := os.ReadFile(filepath.Join(repoRoot(t), MetaFile))
	os.MkdirAll(filepath.Join(root, filepath.Dir(MetaFile)), 0o755)
	os.WriteFile(filepath.Join(root, MetaFile), meta, 0o644)
	if _, ds := Write(root, "", Options{Base: "/", Langs: testLangs}); len(ds) > 0 {
		t.Fatal(render(ds))
	}
	if ds := Check(root, testLangs); len(ds) > 0 {
		t.Fatalf("fresh configs:\n%s", render(ds))
	}
	p := filepath.Join(root, "deploy", "cloudflare", "_headers")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte("X-Frame-Options: DENY"), []byte("X-Frame-Options: SAMEORIGIN"), 1), 0o644)
	os.Remove(filepath.Join(root, "deploy", "hugo-deploy.toml"))
	got := render(Check(root, testLangs))
	for _, want := range []string{
		"deploy/cloudflare/_headers:12: error: differs from what deploy/headers.toml and assets/css/main.css generate",
		`deploy/cloudflare/_headers:12: error: X-Frame-Options is "SAMEORIGIN", want "DENY" (on /, /index.html and 22 more paths)`,
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
	hugo, err := sitebuild.HugoBinary()
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
				Pattern, CacheControl string
				Gzip                  bool
			}
		}
	}
	if err := json.Unmarshal(out, &conf); err != nil {
		t.Fatal(err)
	}
	var file hugoDeployment
	if err := toml.Unmarshal(snippet, &file); err != nil {
		t.Fatal(err)
	}
	if len(conf.Deployment.Targets) != 3 || len(conf.Deployment.Matchers) != len(file.Deployment.Matchers) {
		t.Fatalf("Hugo resolved %d targets and %d matchers; the file has 3 and %d:\n%s",
			len(conf.Deployment.Targets), len(conf.Deployment.Matchers), len(file.Deployment.Matchers), out)
	}
	for i, m := range conf.Deployment.Matchers {
		f := file.Deployment.Matchers[i]
		if m.Pattern != f.Pattern || m.CacheControl != f.CacheControl || m.Gzip != f.Gzip {
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
	for _, f := range []string{"deploy/nginx/protege.conf", "deploy/apache/.htaccess", "deploy/netlify/netlify.toml",
		"deploy/cloudflare/_headers", "deploy/aws/cloudfront-response-headers-policy.json", "deploy/hugo-deploy.toml"} {
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
	for _, f := range []string{"deploy/nginx/protege.conf", "deploy/apache/.htaccess", "deploy/netlify/netlify.toml",
		"deploy/cloudflare/_headers", "deploy/aws/cloudfront-response-headers-policy.json"} {
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

// TestStyleHashIsHugos: the hash the configs send is the hash of the <style> Hugo wrote in
// the built pages (PROTEGE_PUBLIC, set by make test after make build). The build's verify
// stage checks every page; this names the cause when the two minifiers part ways.
func TestStyleHashIsHugos(t *testing.T) {
	pub := os.Getenv("PROTEGE_PUBLIC")
	if pub == "" {
		t.Skip("PROTEGE_PUBLIC is not set (make test sets it after make build)")
	}
	page, err := os.ReadFile(filepath.Join(pub, "es", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := bytes.Cut(page, []byte("<style>"))
	inline, _, ok2 := bytes.Cut(rest, []byte("</style>"))
	if !ok || !ok2 {
		t.Fatal("es/index.html has no <style> element")
	}
	h, err := StyleHash(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := CSPHash(inline); got != h {
		min, _ := os.ReadFile(filepath.Join(repoRoot(t), filepath.FromSlash(StyleFile)))
		min, _ = MinifyCSS(min)
		t.Errorf("Hugo's inline stylesheet hashes to %s, deploy.StyleHash to %s (%d and %d bytes)", got, h, len(inline), len(min))
	}
}
