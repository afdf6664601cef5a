package browsertest

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

type navLink struct {
	Href     string `json:"href"`
	Raw      string `json:"raw"`
	Text     string `json:"text"`
	HrefLang string `json:"hreflang"`
}

// TestWithoutJavaScript: with scripts off every page shows its title and text, its menus and
// language switcher are plain links that lead somewhere, and the quick exit still works.
func TestWithoutJavaScript(t *testing.T) {
	t.Parallel()
	browser(t) // skips (or fails in CI) without Chromium, before building anything
	e := site(t)
	var mu sync.Mutex
	targets := map[string]string{} // absolute href → first page linking to it
	inTabs(t, e.pages, []tabOption{jsOff, viewport(390)}, func(t *testing.T, tb *tab, p string) {
		h1 := eval[string](t, tb, `(document.querySelector('h1') || {}).innerText || ''`)
		main := eval[string](t, tb, `(document.querySelector('main') || {}).innerText || ''`)
		if strings.TrimSpace(h1) == "" {
			t.Errorf("%s without JavaScript: no visible <h1> text", p)
		}
		if len(strings.TrimSpace(main)) <= len(strings.TrimSpace(h1)) {
			t.Errorf("%s without JavaScript: <main> shows no text besides the title", p)
		}
		links := eval[[]navLink](t, tb, `[...document.querySelectorAll('nav a, a#quick-exit')].map(a => ({href: a.href, raw: a.getAttribute('href') || '', text: a.innerText, hreflang: a.hreflang}))`)
		mu.Lock()
		defer mu.Unlock()
		for _, l := range links {
			if l.Raw == "" || l.Raw == "#" || strings.HasPrefix(strings.ToLower(l.Raw), "javascript:") {
				t.Errorf("%s: the link %q has no real address (href=%q): without JavaScript it goes nowhere", p, l.Text, l.Raw)
				continue
			}
			if strings.HasPrefix(l.Href, e.srv.URL) {
				if first, seen := targets[l.Href]; !seen || p < first {
					targets[l.Href] = p
				}
			}
		}
		if f := tb.foreignRequests(); len(f) > 0 {
			t.Errorf("%s requests other sites without JavaScript:\n  %s", p, strings.Join(f, "\n  "))
		}
	})
	tb := newTab(t, jsOff, viewport(390))
	if len(targets) == 0 {
		t.Fatal("no navigation link found on any page")
	}
	// Every menu and language-switcher target is a page (not the 404 page).
	for _, href := range slices.Sorted(maps.Keys(targets)) {
		u, _ := url.Parse(href)
		u.Fragment = ""
		resp, err := http.Get(u.String())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: navigation link %s answers %s", targets[href], strings.TrimPrefix(href, e.srv.URL), resp.Status)
		}
	}
	// The language switcher, followed without JavaScript, leads to a page in that language.
	for _, l := range langs {
		home := e.prefix + l + "/"
		tb.open(t, home)
		sw := eval[[]navLink](t, tb, `[...document.querySelectorAll('nav a[hreflang]')].map(a => ({href: a.href, raw: a.getAttribute('href'), text: a.innerText, hreflang: a.hreflang}))`)
		if len(sw) < len(langs) {
			t.Errorf("%s: the language switcher has %d links (want one per language, %d)", home, len(sw), len(langs))
		}
		for _, s := range sw {
			tb.open(t, home)
			if _, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`nav a[hreflang="`+s.HrefLang+`"]`))); err != nil {
				t.Errorf("%s: following the %s link: %v", home, s.HrefLang, err)
				continue
			}
			lang := eval[string](t, tb, `document.documentElement.lang`)
			loc := eval[string](t, tb, `location.href`)
			if lang != s.HrefLang || loc != s.Href {
				t.Errorf("%s: the %q switcher link led to %s (lang %q), want %s (lang %q)", home, s.Text, loc, lang, s.Href, s.HrefLang)
			}
		}
	}
	// The quick exit is a plain link to the configured destination.
	for _, p := range []string{e.prefix, e.prefix + "es/", e.prefix + "en/", e.prefix + "fr/"} {
		tb.open(t, p)
		if _, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.ID("quick-exit"))); err != nil {
			t.Errorf("%s: clicking the quick exit without JavaScript: %v", p, err)
			continue
		}
		if loc := eval[string](t, tb, `location.href`); loc != e.exitFor(p) {
			t.Errorf("%s: without JavaScript the quick exit led to %s, want %s", p, loc, e.exitFor(p))
		}
	}
	if f := tb.foreignRequests(); len(f) > 0 {
		t.Errorf("requests to other sites without JavaScript:\n  %s", strings.Join(f, "\n  "))
	}
}
