package nginxtest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"

	"protege/tools/deploy"
	"protege/tools/precompress"
	"protege/tools/repotest"
	"protege/tools/sitebuild"
	"protege/tools/siteconfig"
)

// nginxBinary finds Debian's nginx; without it the test is skipped, or fails in CI.
func nginxBinary(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("PROTEGE_NGINX")
	if bin == "" {
		bin = "/usr/sbin/nginx"
	}
	if _, err := os.Stat(bin); err != nil {
		msg := fmt.Sprintf("NO NGINX at %s (%v): the deploy test of deploy/nginx/protege.conf did NOT run; apt-get install nginx (.ci/run does)", bin, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return bin
}

// listen opens a listening socket on a loopback port the kernel picks; nginx inherits it
// (see startNginx), so no other program can take the port in between.
func listen(t *testing.T) (*os.File, int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	f, err := l.(*net.TCPListener).File() // a duplicate: the socket stays open with it
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, l.Addr().(*net.TCPAddr).Port
}

// site is the scratch copy's configuration, built for baseURL.
func site(t *testing.T, scratch, baseURL string) *siteconfig.Site {
	t.Helper()
	s, err := repotest.Site(t, scratch).WithBaseURL(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// build renders the scratch copy into out for baseURL.
func build(t *testing.T, scratch, out, baseURL string) {
	t.Helper()
	var stderr bytes.Buffer
	if err := sitebuild.Build(sitebuild.Options{Root: scratch, Out: out, Site: site(t, scratch, baseURL), Stderr: &stderr}); err != nil {
		t.Fatalf("build for %s: %v\n%s", baseURL, err, stderr.String())
	}
}

const confTemplate = `daemon off;
# A master and one worker: nginx 1.22 alone (master_process off) never accepts on the
# listening sockets it inherits (see startNginx). The worker runs as the test's user.
master_process on;
{{user}}
worker_processes 1;
pid {{tmp}}/nginx.pid;
error_log {{tmp}}/error.log warn;
events { worker_connections 64; }
http {
    include {{mime}};
    default_type application/octet-stream;
    access_log off;
    log_not_found off;
    client_body_temp_path {{tmp}}/client_body;
    proxy_temp_path {{tmp}}/proxy;
    fastcgi_temp_path {{tmp}}/fastcgi;
    uwsgi_temp_path {{tmp}}/uwsgi;
    scgi_temp_path {{tmp}}/scgi;

    # The site at the root.
    server {
        listen 127.0.0.1:{{port}};
        root {{root}};
        set $protege_base "";
        include {{conf}};
    }
    # The site built for http://127.0.0.1:{{subport}}/sub/, in {{www}}/sub: the only change
    # is the base.
    server {
        listen 127.0.0.1:{{subport}};
        root {{www}};
        set $protege_base "/sub";
        include {{conf}};
    }
}
`

// startNginx writes the configuration, tests it with nginx -t and starts nginx in the
// foreground on the listening sockets given, which it inherits (the NGINX environment
// variable, as in nginx's binary upgrade: a listen directive whose address is an inherited
// socket's uses that socket). The sockets listen already, so requests wait in their queue
// until nginx takes them: there is nothing to wait for. nginx is stopped at cleanup.
func startNginx(t *testing.T, bin string, vars map[string]string, sockets ...*os.File) {
	t.Helper()
	tmp := vars["tmp"]
	vars["user"] = ""
	if os.Geteuid() == 0 { // else nginx cannot change user, and says so
		vars["user"] = "user root;"
	}
	conf := confTemplate
	for k, v := range vars {
		conf = strings.ReplaceAll(conf, "{{"+k+"}}", v)
	}
	confPath := filepath.Join(tmp, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-p", tmp + "/", "-c", confPath, "-e", filepath.Join(tmp, "error.log")}
	if out, err := exec.Command(bin, append([]string{"-t", "-q"}, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t rejects the configuration with deploy/nginx/protege.conf: %v\n%s\n%s", err, out, conf)
	}
	cmd := exec.Command(bin, args...)
	cmd.ExtraFiles = sockets // file descriptors 3, 4, …
	fds := ""
	for i := range sockets {
		fds += fmt.Sprintf("%d;", 3+i)
	}
	cmd.Env = append(os.Environ(), "NGINX="+fds)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(tmp, "error.log"))
			t.Logf("nginx output:\n%s\nerror.log:\n%s", output.String(), log)
		}
	})
}

// client sends exactly the Accept-Encoding asked for and shows compressed bodies as they
// are (DisableCompression), and does not follow redirects.
var client = &http.Client{
	Timeout:       10 * time.Second,
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, url string, gz bool) response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

func gunzip(t *testing.T, url string, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("GET %s: body is not gzip: %v", url, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return out
}

// checkHeaders: every security header of the source, once, with its value, and the cache
// rule of the path.
func checkHeaders(t *testing.T, src *deploy.Source, url, rel string, r response) {
	t.Helper()
	for _, h := range src.Expected(rel) {
		got := r.header.Values(h.Name)
		if len(got) != 1 || got[0] != h.Value {
			t.Errorf("GET %s (%d): %s = %q, want [%q]", url, r.status, h.Name, got, h.Value)
		}
	}
}

// doc is what the test reads from an HTML page.
type doc struct {
	lang    string
	assets  []string // stylesheet and script URLs
	anchors []string
}

func parse(t *testing.T, url string, b []byte) doc {
	t.Helper()
	n, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	var d doc
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			switch {
			case n.Data == "html":
				d.lang = a["lang"]
			case n.Data == "link" && a["rel"] == "stylesheet", n.Data == "script" && a["src"] != "":
				d.assets = append(d.assets, a["href"]+a["src"])
			case n.Data == "a":
				d.anchors = append(d.anchors, a["href"])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return d
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{16,}\.(?:css|js)$`)

func TestNginx(t *testing.T) {
	bin := nginxBinary(t)
	root := repotest.Root(t)
	src, ds := deploy.LoadSite(root)
	if src == nil {
		t.Fatalf("%v", ds)
	}
	sock, port := listen(t)
	subsock, subport := listen(t)
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	www := filepath.Join(tmp, "www")
	subSite := filepath.Join(www, "sub")

	scratch := repotest.ScratchCopy(t)
	if pub := os.Getenv("PROTEGE_PUBLIC"); pub != "" {
		// A copy: the test adds .gz files and a sample PDF.
		if err := os.CopyFS(site, os.DirFS(pub)); err != nil {
			t.Fatal(err)
		}
	} else {
		build(t, scratch, site, "")
	}
	build(t, scratch, subSite, fmt.Sprintf("http://127.0.0.1:%d/sub/", subport))

	// The site at the root gets .gz copies (gzip_static); the subpath one does not (gzip on
	// the fly). Both get a sample PDF if the build has none.
	if _, err := precompress.Dir(site); err != nil {
		t.Fatal(err)
	}
	pdf := "/materials-sample/sample.pdf"
	for _, dir := range []string{site, subSite} {
		os.MkdirAll(filepath.Join(dir, "materials-sample"), 0o755)
		os.WriteFile(filepath.Join(dir, filepath.FromSlash(pdf)), []byte("%PDF-1.4\n%%EOF\n"), 0o644)
	}

	mime := "/etc/nginx/mime.types"
	if _, err := os.Stat(mime); err != nil {
		t.Fatalf("%s: %v (Debian's nginx-common installs it)", mime, err)
	}
	startNginx(t, bin, map[string]string{
		"tmp": tmp, "mime": mime, "conf": filepath.Join(root, "deploy", "nginx", "protege.conf"),
		"port": fmt.Sprint(port), "subport": fmt.Sprint(subport), "root": site, "www": www,
	}, sock, subsock)

	t.Run("root", func(t *testing.T) {
		checkSite(t, src, fmt.Sprintf("http://127.0.0.1:%d", port), "", site, true)
	})
	t.Run("subpath", func(t *testing.T) {
		checkSite(t, src, fmt.Sprintf("http://127.0.0.1:%d", subport), "/sub", subSite, false)
	})
	t.Run("media types", func(t *testing.T) {
		// The contact files of the materials: nginx's mime.types has no vCard type; the
		// config adds it from deploy/headers.toml.
		vcfs, _ := filepath.Glob(filepath.Join(site, "materiales", "*", "*.vcf"))
		if len(vcfs) != len(repotest.Site(t, repotest.Root(t)).Languages) {
			t.Fatalf("%d contact files (.vcf) in the built site, want one per language", len(vcfs))
		}
		for _, f := range vcfs {
			rel, _ := filepath.Rel(site, f)
			rel = "/" + filepath.ToSlash(rel)
			want := src.ContentType(rel)
			if want != "text/vcard; charset=utf-8" {
				t.Fatalf("deploy/headers.toml gives %s the type %q", rel, want)
			}
			for _, origin := range []string{fmt.Sprintf("http://127.0.0.1:%d", port), fmt.Sprintf("http://127.0.0.1:%d/sub", subport)} {
				r := get(t, origin+rel, true)
				if r.status != 200 || r.header.Get("Content-Type") != want {
					t.Errorf("GET %s: %d %q, want 200 %q", origin+rel, r.status, r.header.Get("Content-Type"), want)
				}
				checkHeaders(t, src, origin+rel, rel, r)
			}
			r := get(t, fmt.Sprintf("http://127.0.0.1:%d", port)+rel, false)
			if !bytes.Equal(r.body, mustRead(t, f)) {
				t.Errorf("GET %s: not the file's bytes", rel)
			}
		}
		// A missing contact file is a 404 with every header, not a file of another type.
		rel := "/materiales/es/no-such-contact.vcf"
		if r := get(t, fmt.Sprintf("http://127.0.0.1:%d", port)+rel, false); r.status != 404 {
			t.Errorf("GET %s: %d, want 404", rel, r.status)
		} else {
			checkHeaders(t, src, rel, "/404.html", r)
		}
	})
	t.Run("pdf", func(t *testing.T) {
		for _, origin := range []string{fmt.Sprintf("http://127.0.0.1:%d", port), fmt.Sprintf("http://127.0.0.1:%d/sub", subport)} {
			r := get(t, origin+pdf, true)
			if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || r.header.Get("Content-Encoding") != "" {
				t.Errorf("GET %s: %d %q encoding %q", origin+pdf, r.status, r.header.Get("Content-Type"), r.header.Get("Content-Encoding"))
			}
			checkHeaders(t, src, origin+pdf, pdf, r)
		}
	})
}

// checkSite checks one served copy of the site: origin is scheme://host:port, base the
// subpath ("" or "/sub"), dir the folder nginx serves it from.
func checkSite(t *testing.T, src *deploy.Source, origin, base, dir string, precompressed bool) {
	url := func(rel string) string { return origin + base + rel }
	langs := repotest.Site(t, repotest.Root(t)).Langs()

	// Every page: 200, every header, the short cache rule.
	pages := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() != "index.html" {
			return err
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(p))
		path := "/"
		if rel != "." {
			path = "/" + filepath.ToSlash(rel) + "/"
		}
		r := get(t, url(path), false)
		if r.status != 200 || !bytes.Equal(r.body, mustRead(t, p)) {
			t.Errorf("GET %s: status %d, body of %d bytes; want 200 and %s", url(path), r.status, len(r.body), p)
		}
		checkHeaders(t, src, url(path), path, r)
		pages++
		return nil
	})
	if pages < 3*len(langs) {
		t.Errorf("only %d pages under %s", pages, dir)
	}

	// The chooser at the base: links to each language's home page.
	r := get(t, url("/"), false)
	if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", url("/"), ct)
	}
	home := parse(t, url("/"), r.body)
	for _, l := range langs {
		if !strings.Contains(strings.Join(home.anchors, " "), base+"/"+l+"/") {
			t.Errorf("GET %s: the chooser has no link to %s/%s/ (links %q)", url("/"), base, l, home.anchors)
		}
	}

	// A folder without its slash: a relative redirect (absolute_redirect off).
	if r := get(t, url("/es"), false); r.status != 301 || r.header.Get("Location") != base+"/es/" {
		t.Errorf("GET %s: %d Location %q; want 301 to %s/es/", url("/es"), r.status, r.header.Get("Location"), base)
	}

	// Each language's home page: its lang, and its stylesheet and scripts, fingerprinted,
	// served under the base with the long cache rule.
	for _, l := range langs {
		r := get(t, url("/"+l+"/"), false)
		d := parse(t, url("/"+l+"/"), r.body)
		if !strings.HasPrefix(d.lang, l) {
			t.Errorf("GET %s: lang %q", url("/"+l+"/"), d.lang)
		}
		if len(d.assets) == 0 {
			t.Errorf("GET %s: no stylesheet or script", url("/"+l+"/"))
		}
		for _, a := range d.assets {
			if !strings.HasPrefix(a, base+"/") {
				t.Errorf("%s: asset %q is not under %s/", url("/"+l+"/"), a, base)
				continue
			}
			rel := strings.TrimPrefix(a, base)
			r := get(t, origin+a, false)
			if r.status != 200 || !bytes.Equal(r.body, mustRead(t, filepath.Join(dir, filepath.FromSlash(rel)))) {
				t.Errorf("GET %s: %d", origin+a, r.status)
			}
			if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
				t.Errorf("GET %s: Cache-Control %q, want immutable", origin+a, cc)
			}
			checkHeaders(t, src, origin+a, rel, r)
		}
	}

	// Every file of the immutable folders carries a content hash in its name.
	for _, rule := range src.Cache {
		if !strings.Contains(rule.Control, "immutable") {
			continue
		}
		for _, f := range rule.Folders {
			entries, _ := os.ReadDir(filepath.Join(dir, f))
			for _, e := range entries {
				if name := strings.TrimSuffix(e.Name(), ".gz"); !fingerprinted.MatchString(name) {
					t.Errorf("%s/%s: cached as immutable, but its name has no content hash", f, e.Name())
				}
			}
		}
	}

	// Compression: HTML (with its inline stylesheet) and any CSS file in gzip when asked for,
	// as they are when not.
	rels := []string{"/es/"}
	if entries, _ := os.ReadDir(filepath.Join(dir, "css")); len(entries) > 0 {
		rels = append(rels, "/css/"+strings.TrimSuffix(entries[0].Name(), ".gz"))
	}
	for _, rel := range rels {
		file := filepath.Join(dir, filepath.FromSlash(rel))
		if strings.HasSuffix(rel, "/") {
			file = filepath.Join(file, "index.html")
		}
		plain := mustRead(t, file)
		r := get(t, url(rel), true)
		if r.header.Get("Content-Encoding") != "gzip" || !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("GET %s with Accept-Encoding: gzip: Content-Encoding %q, Vary %q", url(rel), r.header.Get("Content-Encoding"), r.header.Get("Vary"))
			continue
		}
		if !bytes.Equal(gunzip(t, url(rel), r.body), plain) {
			t.Errorf("GET %s: gzip body does not decompress to %s", url(rel), file)
		}
		if precompressed && !bytes.Equal(r.body, mustRead(t, file+".gz")) {
			t.Errorf("GET %s: not the precompressed %s.gz (gzip_static)", url(rel), file)
		}
		checkHeaders(t, src, url(rel), rel, r)
		if r := get(t, url(rel), false); r.header.Get("Content-Encoding") != "" || !bytes.Equal(r.body, plain) {
			t.Errorf("GET %s without Accept-Encoding: Content-Encoding %q", url(rel), r.header.Get("Content-Encoding"))
		}
	}

	// Not found: the language's page in its folder, the trilingual one elsewhere; status
	// 404 and every header.
	missing := map[string]string{"/no-such-page/": "/404.html", "/css/main.min.0000000000000000.css": "/404.html"}
	for _, l := range langs {
		missing["/"+l+"/no-such-page/"] = "/" + l + "/404.html"
		missing["/"+l+"/guias/no-such-page"] = "/" + l + "/404.html"
	}
	for rel, page := range missing {
		r := get(t, url(rel), false)
		want := mustRead(t, filepath.Join(dir, filepath.FromSlash(page)))
		if r.status != 404 || !bytes.Equal(r.body, want) {
			t.Errorf("GET %s: %d with %d bytes; want 404 with %s%s", url(rel), r.status, len(r.body), base, page)
			continue
		}
		if l := parse(t, url(rel), r.body).lang; page != "/404.html" && !strings.HasPrefix(l, strings.Split(page, "/")[1]) {
			t.Errorf("GET %s: 404 page in lang %q", url(rel), l)
		}
		// The 404 page's own rule, even for a missing asset: a 404 kept for a year would
		// hide the file once it is uploaded.
		checkHeaders(t, src, url(rel), page, r)
	}
}

// TestNginxRejectsBrokenConfig: a syntax error in the included file is a clear failure of
// nginx -t, not a server that never answers.
func TestNginxRejectsBrokenConfig(t *testing.T) {
	bin := nginxBinary(t)
	tmp := t.TempDir()
	broken := filepath.Join(tmp, "protege.conf")
	good := mustRead(t, filepath.Join(repotest.Root(t), "deploy", "nginx", "protege.conf"))
	os.WriteFile(broken, bytes.Replace(good, []byte("gzip_static on;"), []byte("gzip_static on"), 1), 0o644)
	conf := strings.NewReplacer("{{tmp}}", tmp, "{{mime}}", "/etc/nginx/mime.types", "{{conf}}", broken,
		"{{port}}", "1", "{{subport}}", "2", "{{root}}", tmp, "{{www}}", tmp, "{{user}}", "").Replace(confTemplate)
	os.WriteFile(filepath.Join(tmp, "nginx.conf"), []byte(conf), 0o644)
	out, err := exec.Command(bin, "-t", "-q", "-p", tmp+"/", "-c", filepath.Join(tmp, "nginx.conf"), "-e", filepath.Join(tmp, "error.log")).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || !bytes.Contains(out, []byte("protege.conf")) {
		t.Errorf("nginx -t on a broken protege.conf: %v\n%s", err, out)
	}
}
