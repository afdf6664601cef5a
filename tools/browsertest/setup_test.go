package browsertest

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"protege/tools/hugotool"
	"protege/tools/repotest"
	"protege/tools/sitebuild"
	"protege/tools/siteconfig"
	"protege/tools/verify/dom"
)

var langs = []string{"es", "en", "fr"}

// cleanups run after every test of the package (TestMain).
var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

func atExit(f func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanups = append(cleanups, f)
}

func TestMain(m *testing.M) {
	flag.Parse()
	// Many tests mostly wait (throttled loads, the quick exit's 5 s time-out, a tab's round
	// trips): unless -test.parallel is given, run four times as many at once as there are
	// cores, so that a waiting test does not hold back one that computes. The tests that check
	// every page share them out between tabsAtOnce tabs.
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0)))
	}
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

// need skips the test loudly when a tool is missing, and fails it in CI (CI=true), where a
// skipped browser test would hide a broken page.
func need(t testing.TB, ok bool, what, hint string) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf("\n\n    *** %s NOT FOUND: these browser/accessibility tests did NOT run. ***\n    *** %s ***\n", what, hint)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// repoRoot is the folder of go.mod above the test's working directory.
func repoRoot(t *testing.T) string { return repotest.Root(t) }

// chromiumPath: PROTEGE_CHROMIUM when set, else Debian's headless shell
// (/usr/bin/chromium-headless-shell, package chromium-headless-shell: Chromium's engine without
// the desktop browser, the one Puppeteer and Playwright test with); "" when the file is missing.
// Loading the 89 pages cost it 24 CPU-s against 40 for the full browser's headless mode.
func chromiumPath() string {
	p := os.Getenv("PROTEGE_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium-headless-shell"
	}
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// env is the site under test, served on 127.0.0.1.
type env struct {
	dir    string // the built site
	prefix string // URL path of the site root: "/" or "/sub/"
	srv    *httptest.Server
	exits  map[string]string // the quick exit's destination as built (#quick-exit href), by language ("" for the root pages)
	pages  []string          // URL path of every HTML page, sorted
}

func (e *env) url(p string) string { return e.srv.URL + p }

// exitFor is the quick exit's destination on the page at URL path p: its language's.
func (e *env) exitFor(p string) string {
	for l, u := range e.exits {
		if l != "" && strings.HasPrefix(p, e.prefix+l+"/") {
			return u
		}
	}
	return e.exits[""]
}

// isExit: u is the quick exit's destination of one of the languages.
func (e *env) isExit(u string) bool {
	for _, x := range e.exits {
		if u == x {
			return true
		}
	}
	return false
}

// quickExitOf reads the quick exit's destination in a built page, as the browser writes it.
func quickExitOf(file string) (string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	q := dom.Parse(b).First(func(n *dom.Node) bool { return n.AttrOr("id") == "quick-exit" })
	if q == nil || q.AttrOr("href") == "" {
		return "", fmt.Errorf("%s has no quick exit link (#quick-exit)", file)
	}
	exit, err := url.Parse(q.AttrOr("href"))
	if err != nil || !exit.IsAbs() {
		return "", fmt.Errorf("%s: the quick exit's destination %q is not an absolute address on another site", file, q.AttrOr("href"))
	}
	if exit.Path == "" {
		exit.Path = "/" // as the browser writes it
	}
	return exit.String(), nil
}

var (
	envOnce sync.Once
	theEnv  *env
	envErr  error
)

// site returns the site under test: PROTEGE_PUBLIC, or a fresh build of the repository.
func site(t testing.TB) *env {
	t.Helper()
	envOnce.Do(func() {
		root, err := hugotool.ModuleRoot()
		if err != nil {
			envErr = err
			return
		}
		theEnv, envErr = newEnv(root)
	})
	if envErr != nil {
		t.Fatal(envErr)
	}
	return theEnv
}

func newEnv(root string) (*env, error) {
	dir := os.Getenv("PROTEGE_PUBLIC")
	if dir == "" {
		tmp, err := os.MkdirTemp("", "protege-browsertest-")
		if err != nil {
			return nil, err
		}
		atExit(func() { os.RemoveAll(tmp) })
		dir = filepath.Join(tmp, "public")
		var log strings.Builder
		sc, err := siteconfig.Load(root, nil)
		if err != nil {
			return nil, err
		}
		err = sitebuild.Build(sitebuild.Options{Root: root, Site: sc, Out: dir, Stdout: &log, Stderr: &log})
		if err != nil {
			return nil, fmt.Errorf("building the site (set PROTEGE_PUBLIC to test a built one): %w\n%s", err, log.String())
		}
	}
	e := &env{dir: dir, prefix: "/"}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		return nil, fmt.Errorf("%s is not a built site: %w", dir, err)
	}
	doc := dom.Parse(index)
	if c := doc.First(func(n *dom.Node) bool { return n.Tag == "link" && n.HasToken("rel", "canonical") }); c != nil {
		if u, err := url.Parse(c.AttrOr("href")); err == nil && u.Path != "" {
			e.prefix = u.Path
		}
	}
	e.exits = map[string]string{}
	for _, l := range append([]string{""}, langs...) {
		x, err := quickExitOf(filepath.Join(dir, l, "index.html"))
		if err != nil {
			return nil, err
		}
		e.exits[l] = x
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "index.html" {
			rel = ""
		}
		e.pages = append(e.pages, e.prefix+strings.TrimSuffix(rel, "index.html"))
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(e.pages)
	e.srv = httptest.NewServer(Handler(dir, e.prefix, langs))
	atExit(e.srv.Close)
	return e, nil
}

// A started browser, shared by every test of the package that asks for its kind.
type started struct {
	once sync.Once
	ctx  context.Context
	err  error
}

var frameless, painting started

// browser is the headless Chromium most tests share (each opens its own tabs). It draws no
// frames unless asked (--enable-begin-frame-control: a test that wants a picture asks with
// HeadlessExperimental.beginFrame): layout, styles, hit testing, focus, scrolling, input and
// the accessibility checks run on the page's document as usual, but nothing is painted,
// rastered or composited after each change of the page, which was about a third of the
// browser's CPU in these tests (TestFocusNotObscured: 33 -> 20 CPU-s; TestEveryPage and its
// proofs: 108 -> 90 CPU-s). What needs frames to happen does not: CSS
// transitions and animations stay at their start, requestAnimationFrame callbacks do not run,
// nor does paint timing. The site has none of the first two, and settle checks it on every
// page (stillness); TestFirstPaint uses paintingBrowser.
//
// It also runs in one process (--single-process, as headless Chromium is often run where
// processes are dear, such as serverless functions): every tab's pages are laid out and run
// on one renderer thread, in one JavaScript engine, with no messages between processes. The
// pages are the same pages (the same Blink and V8); what is lost is only the isolation of one
// site from another, which a test of one site has no use for. The package's tests took 122
// CPU-s (65 s) with a renderer process per tab, 72 CPU-s (54 s) so: one engine compiles
// axe-core's half a megabyte once for all the tabs, and no process waits on another. The
// painting browser cannot run in one process (Chromium stops at its first frame there).
func browser(t testing.TB) context.Context {
	return start(t, &frameless, chromedp.Flag("enable-begin-frame-control", true), chromedp.Flag("single-process", true))
}

// paintingBrowser is a headless Chromium that draws frames as a screen would, for what only
// frames show: the first contentful paint (TestFirstPaint) and screenshots.
func paintingBrowser(t testing.TB) context.Context { return start(t, &painting) }

func start(t testing.TB, b *started, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	exe := chromiumPath()
	need(t, exe != "", "Chromium's headless shell", "install Debian's chromium-headless-shell (apt-get install chromium-headless-shell) or set PROTEGE_CHROMIUM to a chrome-headless-shell binary")
	b.once.Do(func() {
		profile, err := os.MkdirTemp("", "protege-chromium-")
		if err != nil {
			b.err = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exe), chromedp.UserDataDir(profile),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-extensions", true),
			// RenderDocument off: a navigation to another page of the same site reuses the
			// tab's frame in its renderer instead of making a new one for each document, as
			// Chromium did before that feature; what a page sees and does is the same, for
			// about a tenth less CPU in the tests that load every page (TestEveryPage: 66 ->
			// 57, TestWithoutJavaScript: 15.6 -> 13.3 CPU-s, alternating runs).
			chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,RenderDocument"),
			chromedp.Flag("force-color-profile", "srgb"),
			// V8 without its helper threads (concurrent compiling and garbage collection): the
			// same JavaScript, for about a fifth less CPU in all (TestEveryPage: 138 -> 108
			// CPU-s), as the tests keep every core busy anyway.
			chromedp.Flag("js-flags", "--single-threaded"),
			// No name resolves but the test server's address: the browser cannot reach the
			// network, even if a page tried (what it tries is reported by the tests).
			chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
		ctx, cancel := chromedp.NewContext(actx)
		atExit(func() { cancel(); cancelAlloc(); os.RemoveAll(profile) })
		if err := chromedp.Do(ctx); err != nil {
			b.err = fmt.Errorf("starting %s: %w", exe, err)
			return
		}
		b.ctx = ctx
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.ctx
}

// neutralHTML stands in for the quick exit's destination, which is on another site.
const neutralHTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Neutral page</title><link rel="icon" href="data:,"></head><body><h1 id="neutral">Neutral page</h1></body></html>`

// tab is one browser tab whose every request goes through the test: requests to the test
// server continue; the quick exit's destination gets the neutral page; any other request is
// blocked and recorded.
type tab struct {
	ctx context.Context
	e   *env

	mu      sync.Mutex
	foreign []string      // requests to another origin, blocked
	exits   int           // requests to the quick exit's destination
	hold    chan struct{} // when set, the destination's answer waits until it is closed
}

type tabOption func(ctx context.Context) error

// jsOff turns JavaScript off in the tab.
func jsOff(ctx context.Context) error {
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
}

// viewport sets the width (and a phone-like or desktop height) of the tab.
func viewport(width int64) tabOption {
	return func(ctx context.Context) error {
		height := int64(900)
		if width < 600 {
			return chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile))
		}
		return chromedp.Do(ctx, chromedp.EmulateViewport(width, height))
	}
}

// newTab opens a tab in browser (the one that draws no frames).
func newTab(t *testing.T, opts ...tabOption) *tab {
	t.Helper()
	return newTabIn(t, browser(t), opts...)
}

// newTabIn opens a tab in the browser b.
func newTabIn(t *testing.T, b context.Context, opts ...tabOption) *tab {
	t.Helper()
	e := site(t)
	ctx, cancel := chromedp.NewContext(b)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 10*time.Minute)
	t.Cleanup(cancelTimeout)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	tb := &tab{ctx: ctx, e: e}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			tb.route(ev)
		}
	}()
	// Tabs run side by side: each behaves as the focused one (focus, keyboard, :focus-visible).
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		if err := o(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return tb
}

func (tb *tab) route(ev fetch.EventRequestPaused) {
	u := ev.Request.URL
	if u == tb.e.srv.URL || strings.HasPrefix(u, tb.e.srv.URL+"/") {
		chromedp.Call(tb.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		return
	}
	tb.mu.Lock()
	hold := tb.hold
	isExit := tb.e.isExit(u) && ev.ResourceType == network.ResourceTypeDocument
	if isExit {
		tb.exits++
	} else {
		tb.foreign = append(tb.foreign, fmt.Sprintf("%s (%s)", u, ev.ResourceType))
	}
	tb.mu.Unlock()
	if !isExit {
		chromedp.Call(tb.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		return
	}
	go func() {
		if hold != nil {
			<-hold
		}
		chromedp.Call(tb.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
			RequestID: ev.RequestID, ResponseCode: 200,
			ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}},
			Body:            []byte(neutralHTML),
		})
	}()
}

// foreignRequests returns and forgets the requests to other origins seen so far.
func (tb *tab) foreignRequests() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	f := tb.foreign
	tb.foreign = nil
	return f
}

// open loads a page of the site (a URL path) and waits for its load event.
func (tb *tab) open(t *testing.T, p string) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(tb.e.url(p))); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
}

// eval runs JavaScript in the page (DevTools evaluation works with page scripts off too).
func eval[T any](t *testing.T, tb *tab, js string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.60q: %v", js, err)
	}
	return v
}

// requireFile skips (or fails in CI) when a file of node_modules is missing.
func requireFile(t *testing.T, path, what string) {
	t.Helper()
	_, err := os.Stat(path)
	need(t, err == nil, what+" ("+path+")", "run `npm ci` at the repository root (make npm)")
}

func javaPath() string {
	p, err := exec.LookPath("java")
	if err != nil {
		return ""
	}
	return p
}

// tabsAtOnce is the number of tabs a test that checks every page opens: twice the number of
// cores (a tab waits for round trips between the test and the browser), at most the number of
// tests run at once (-test.parallel).
func tabsAtOnce() int {
	n := 2 * runtime.GOMAXPROCS(0)
	if f := flag.Lookup("test.parallel"); f != nil {
		if v, err := strconv.Atoi(f.Value.String()); err == nil && v > 0 {
			n = min(n, v)
		}
	}
	return n
}

// inTabs checks every page with check, in parallel subtests that each open their own tab
// (with opts) and take every n-th page, n being tabsAtOnce. It returns when every page is
// checked.
func inTabs(t *testing.T, pages []string, opts []tabOption, check func(t *testing.T, tb *tab, p string)) {
	t.Helper()
	n := min(tabsAtOnce(), len(pages))
	t.Run("pages", func(t *testing.T) {
		for i := range n {
			t.Run(strconv.Itoa(i+1), func(t *testing.T) {
				t.Parallel()
				tb := newTab(t, opts...)
				for j := i; j < len(pages); j += n {
					tb.open(t, pages[j])
					check(t, tb, pages[j])
				}
			})
		}
	})
}

// withScript runs src in every document the tab opens, before the page's own scripts.
func withScript(src string) tabOption {
	return func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}
}

// screenshot captures the page as PNG, the whole page when full, else the viewport. The PNG
// is encoded for speed, not size (the pictures are for a person to look at, not to ship).
func screenshot(ctx context.Context, full bool) ([]byte, error) {
	r, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		CaptureBeyondViewport: &full, FromSurface: ptr(true),
		Format: page.CaptureScreenshotFormatPng, OptimizeForSpeed: ptr(true),
	})
	if err != nil {
		return nil, err
	}
	return r.Data, nil
}

func ptr[T any](v T) *T { return &v }
