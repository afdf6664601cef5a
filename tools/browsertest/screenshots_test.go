package browsertest

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// pageTypes are the page types a person should look at, by their Spanish path (the other
// languages are found through the page's hreflang alternates).
var pageTypes = []struct{ name, es string }{
	{"home", "es/"},
	{"section", "es/guias/"},
	{"guide", "es/guias/turistas/"},
	{"report", "es/denunciar/"},
	{"materials", "es/materiales/"},
}

// TestScreenshots saves a full-page screenshot of each page type, in each language, at 390
// and 1280 px, to test-artifacts/screenshots/ (ignored by git). It fails only when a page
// cannot be found or captured; looking at the pictures is a person's job, so it runs when
// asked: `make screenshots` (PROTEGE_SCREENSHOTS=1), which the pull-request workflow runs to
// keep the pictures for the reviewer. It asserts nothing the other tests do not, and drawing
// 50 full pages cost about 35 CPU-s of every `go test ./...`.
func TestScreenshots(t *testing.T) {
	if os.Getenv("PROTEGE_SCREENSHOTS") == "" {
		t.Skip("screenshots are taken by `make screenshots` (PROTEGE_SCREENSHOTS=1)")
	}
	t.Parallel()
	b := paintingBrowser(t) // skips (or fails in CI) without Chromium, before building anything
	e := site(t)
	out := filepath.Join(repoRoot(t), "test-artifacts", "screenshots")
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	type shot struct{ name, path string }
	shots := []shot{{"chooser", e.prefix}, {"404-root", e.prefix + "no-such-page/"}}
	tb := newTabIn(t, b, viewport(1280))
	for _, pt := range pageTypes {
		es := e.prefix + pt.es
		tb.open(t, es)
		shots = append(shots, shot{pt.name + "-es", es})
		for _, l := range langs[1:] {
			href := eval[string](t, tb, fmt.Sprintf(`(document.querySelector('link[rel=alternate][hreflang=%q]') || {}).href || ''`, l))
			u, err := url.Parse(href)
			if href == "" || err != nil {
				t.Errorf("%s has no %s translation to photograph", es, l)
				continue
			}
			shots = append(shots, shot{pt.name + "-" + l, u.Path})
		}
	}
	for _, l := range langs {
		shots = append(shots, shot{"404-" + l, e.prefix + l + "/no-such-page/"})
	}
	// Each page loaded once, on a phone, and photographed there, then on the desktop and, for
	// the report and root pages, as a reader with low vision sees them: a phone at 200 % zoom
	// (195 CSS px) and 200 % text at 390 px. The pages are shared out between two tabs.
	lowVision := []struct {
		suffix string
		mode   zoomMode
	}{{"195", zoomModes[1]}, {"390-text200", zoomModes[2]}}
	t.Run("shots", func(t *testing.T) {
		const tabs = 2
		for i := range tabs {
			t.Run(fmt.Sprint(i+1), func(t *testing.T) {
				t.Parallel()
				tb := newTabIn(t, b)
				for j := i; j < len(shots); j += tabs {
					s := shots[j]
					if err := phone.apply(tb.ctx); err != nil {
						t.Fatal(err)
					}
					tb.open(t, s.path)
					for _, m := range []zoomMode{phone, desktop} {
						settle(t, tb, view{m, false})
						png, err := screenshot(tb.ctx, true)
						if err != nil {
							t.Errorf("%s at %d px: %v", s.path, m.width, err)
							continue
						}
						if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("%s-%d.png", s.name, m.width)), png, 0o644); err != nil {
							t.Fatal(err)
						}
					}
					if !strings.HasPrefix(s.name, "report-") && s.name != "chooser" && s.name != "404-root" {
						continue
					}
					for _, lv := range lowVision {
						settle(t, tb, view{lv.mode, false})
						png, err := fullPageAt(tb, lv.mode)
						if err != nil {
							t.Errorf("%s at %s: %v", s.path, lv.mode.name, err)
							continue
						}
						if err := os.WriteFile(filepath.Join(out, s.name+"-"+lv.suffix+".png"), png, 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
			})
		}
	})
	t.Logf("screenshots of %d pages at %v px, and of the report and root pages at 195 px and with 200 %% text, in %s", len(shots), widths, out)
}

// fullPageAt photographs the whole page in mode m. chromedp.FullScreenshot (captureBeyondViewport)
// resets the default font size that SetFontSizes set, so the text would be back at 100 %:
// instead the viewport is made as tall as the page, the mode's font size set again, and the
// viewport captured.
func fullPageAt(tb *tab, m zoomMode) ([]byte, error) {
	defer m.apply(tb.ctx)
	for range 2 { // the page's height follows the font size: measure again once applied
		h, err := chromedp.Run(tb.ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
		if err != nil {
			return nil, err
		}
		tall := m
		tall.height = min(h, 16000/int64(m.scale))
		if err := tall.apply(tb.ctx); err != nil {
			return nil, err
		}
	}
	return screenshot(tb.ctx, false)
}
