package browsertest

// First paint on a slow connection (issue "First paint in one round trip"): a visitor who
// scans a poster is on a cold cache, often roaming. With the stylesheet inlined, each page
// paints from its first response; there is no request for CSS and nothing blocks rendering.
//
// TestFirstPaint checks it under Chromium's network throttling (the DevTools presets
// "Slow 3G" and "Fast 3G") on the home page, the report page and the heaviest page.
// BenchmarkFirstPaint prints the first contentful paint of the same pages before and after:
// "before" is the same build with its <style> moved back into a stylesheet file loaded by
// <link rel="stylesheet"> (what every page did until then), served by a second server.

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// throttle is a DevTools network preset: the latency is added to every request (from its
// start to the first byte of the response), and the bandwidth is shared by all requests.
type throttle struct {
	name      string
	latencyMS float64
	down, up  float64 // bytes per second
}

// The presets as DevTools defines them (front_end/core/sdk/NetworkManager.ts): Slow 3G is
// 500 kbit/s × 0.8 with 400 ms × 5 latency; Fast 3G 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9
// up, 150 ms × 3.75 latency. Recent DevTools name them "3G" and "Slow 4G".
var throttles = []throttle{
	{"slow-3g", 2000, 500 * 1000 / 8 * 0.8, 500 * 1000 / 8 * 0.8},
	{"fast-3g", 562.5, 1.6 * 1000 * 1000 / 8 * 0.9, 750 * 1000 / 8 * 0.9},
}

// paintResult is what one cold load of a page measured.
type paintResult struct {
	FCP         float64  // first contentful paint, ms from navigation start
	ResponseEnd float64  // the document's last byte, ms
	Resources   []string // every subresource requested before the load event, "type url"
	Blocking    []string // subresources the browser counted as render-blocking
}

// firstPaintPages are the home page, the report page and the heaviest page (gzip) of the site.
func firstPaintPages(t testing.TB, e *env) map[string]string {
	heaviest, size := "", 0
	filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		if buf.Len() > size {
			rel, _ := filepath.Rel(e.dir, filepath.Dir(p))
			heaviest, size = e.prefix+filepath.ToSlash(rel)+"/", buf.Len()
		}
		return nil
	})
	pages := map[string]string{"home": e.prefix + "es/", "report": e.prefix + "es/denunciar/", "heaviest": heaviest}
	for name, p := range pages {
		rel := strings.TrimPrefix(p, e.prefix) + "index.html"
		if _, err := os.Stat(filepath.Join(e.dir, filepath.FromSlash(rel))); err != nil {
			t.Fatalf("%s page %s: %v", name, p, err)
		}
	}
	return pages
}

// coldLoad opens url in a fresh browser context (no cache, no connection kept from before)
// with the network throttled, and measures the paint (in the browser that paints).
func coldLoad(t testing.TB, url string, th throttle) paintResult {
	t.Helper()
	ctx, cancel := chromedp.NewContext(paintingBrowser(t), chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	steps := []func() error{
		func() error { _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); return err },
		func() error {
			_, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
			return err
		},
		func() error {
			_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{{
					Latency: th.latencyMS, DownloadThroughput: th.down, UploadThroughput: th.up,
				}},
			})
			return err
		},
		func() error { return chromedp.Do(ctx, chromedp.Navigate(url)) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("%s (%s): %v", url, th.name, err)
		}
	}
	// The paint entry may come a frame after the load event.
	const js = `new Promise(done => {
	  const read = () => {
	    const p = performance.getEntriesByName('first-contentful-paint')[0];
	    if (!p) { requestAnimationFrame(read); return; }
	    const nav = performance.getEntriesByType('navigation')[0];
	    const res = performance.getEntriesByType('resource');
	    done({
	      FCP: p.startTime, ResponseEnd: nav.responseEnd,
	      Resources: res.map(r => r.initiatorType + ' ' + r.name),
	      Blocking: res.filter(r => r.renderBlockingStatus === 'blocking').map(r => r.name),
	    });
	  };
	  read();
	})`
	r, err := chromedp.Run(ctx, chromedp.Evaluate[paintResult](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s (%s): reading the paint timing: %v", url, th.name, err)
	}
	return r
}

// TestFirstPaint: on a cold cache and a throttled connection, the home, report and heaviest
// pages request no stylesheet and have no render-blocking resource, so they paint from their
// first response. The same check on the page as it was before (the stylesheet as a file) must
// find the blocking request: the check can see what it looks for.
//
// The times are logged, not asserted: on a shared machine the renderer's CPU share moves the
// paint by seconds; BenchmarkFirstPaint prints them before and after.
func TestFirstPaint(t *testing.T) {
	t.Parallel()
	e := site(t)
	pages := firstPaintPages(t, e)
	for _, th := range throttles {
		for _, name := range []string{"home", "report", "heaviest"} {
			t.Run(th.name+"/"+name, func(t *testing.T) {
				t.Parallel()
				r := coldLoad(t, e.url(pages[name]), th)
				t.Logf("%s: first contentful paint %.0f ms, document received at %.0f ms", pages[name], r.FCP, r.ResponseEnd)
				if css := stylesheetRequests(r); len(css) > 0 {
					t.Errorf("%s requests a stylesheet: %q", pages[name], css)
				}
				if len(r.Blocking) > 0 {
					t.Errorf("%s: render-blocking resources %q", pages[name], r.Blocking)
				}
				if r.FCP <= 0 {
					t.Errorf("%s: no first contentful paint", pages[name])
				}
			})
		}
	}
	t.Run("before", func(t *testing.T) {
		t.Parallel()
		before := t.TempDir()
		externalStylesheet(t, e.dir, before, e.prefix)
		srv := httptest.NewServer(Handler(before, e.prefix, langs))
		defer srv.Close()
		r := coldLoad(t, srv.URL+pages["home"], throttles[1])
		if len(stylesheetRequests(r)) != 1 || len(r.Blocking) != 1 {
			t.Errorf("with the stylesheet as a file, the home page should make one render-blocking request for it; got requests %q, blocking %q", r.Resources, r.Blocking)
		}
	})
}

// stylesheetRequests are the requests for CSS among a load's resources.
func stylesheetRequests(r paintResult) []string {
	var css []string
	for _, res := range r.Resources {
		if strings.HasPrefix(res, "css ") || strings.HasSuffix(res, ".css") || (strings.HasPrefix(res, "link ") && !strings.HasSuffix(res, ".js")) {
			css = append(css, res)
		}
	}
	return css
}

var styleRe = regexp.MustCompile(`(?s)<style>(.*?)</style>`)

// externalStylesheet writes a copy of the built site in dir as it was before the stylesheet
// was inlined: each page's <style> becomes <link rel="stylesheet"> to css/main.min.css, and
// the policy allows 'self' styles only.
func externalStylesheet(t testing.TB, src, dir, prefix string) {
	t.Helper()
	var css []byte
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".html") {
			if m := styleRe.FindSubmatch(b); m != nil {
				css = m[1]
				b = styleRe.ReplaceAll(b, []byte(`<link rel="stylesheet" href="`+prefix+`css/main.min.css">`))
				b = regexp.MustCompile(`style-src 'self' '[^']*'`).ReplaceAll(b, []byte("style-src 'self'"))
			}
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if css == nil {
		t.Fatal("no page has a <style> element: is the stylesheet still inlined?")
	}
	os.MkdirAll(filepath.Join(dir, "css"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "css", "main.min.css"), css, 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkFirstPaint prints the first contentful paint (fcp-ms) of the home, report and
// heaviest pages, cold cache, Slow 3G and Fast 3G, with the stylesheet as a file (before)
// and in the page (after). Run with -benchtime 1x: each load takes seconds by design.
func BenchmarkFirstPaint(b *testing.B) {
	e := site(b)
	pages := firstPaintPages(b, e)
	before := b.TempDir()
	externalStylesheet(b, e.dir, before, e.prefix)
	srv := httptest.NewServer(Handler(before, e.prefix, langs))
	defer srv.Close()
	for _, th := range throttles {
		for _, name := range []string{"home", "report", "heaviest"} {
			for _, variant := range []struct{ name, origin string }{{"before", srv.URL}, {"after", e.srv.URL}} {
				b.Run(fmt.Sprintf("%s/%s/%s", th.name, name, variant.name), func(b *testing.B) {
					var sum float64
					for range b.N {
						sum += coldLoad(b, variant.origin+pages[name], th).FCP
					}
					b.ReportMetric(sum/float64(b.N), "fcp-ms")
					b.ReportMetric(0, "ns/op")
				})
			}
		}
	}
}
