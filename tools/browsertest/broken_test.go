package browsertest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The checks that share one load per page (TestEveryPage) change the tab's emulation between
// measurements instead of loading the page again. These tests break a real page on purpose,
// with a stylesheet added after the load, and run the same checks in the same order: each must
// see the breakage in its own mode, and only there (so the emulation did change the layout).

// breakCSS adds css to the loaded page (a constructed stylesheet: the page's policy allows no
// inline style).
func breakCSS(t *testing.T, tb *tab, css string) {
	t.Helper()
	q, _ := json.Marshal(css)
	eval[chromedp.Void](t, tb, fmt.Sprintf(`(() => { const s = new CSSStyleSheet(); s.replaceSync(%s); document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; })()`, q))
}

// openToBreak opens the page at path (under the site's prefix) in a new tab of the tests'
// browser, set up with opts, for a test to break; it returns the tab and the page's URL path.
func openToBreak(t *testing.T, path string, opts ...tabOption) (*tab, string) {
	t.Helper()
	browser(t)
	p := site(t).prefix + path
	tb := newTab(t, opts...)
	tb.open(t, p)
	return tb, p
}

// TestReflowSeesBreakage: a page that overflows only below 200 px, and whose quick exit is
// pushed off screen only when the text is at 200 %, fails the reflow check at 195 px and at
// 200 % text, and passes at 320 px and on the desktop at 400 % (what TestEveryPage runs after
// loading at 390 px).
func TestReflowSeesBreakage(t *testing.T) {
	t.Parallel()
	tb, p := openToBreak(t, "es/", phone.apply)
	breakCSS(t, tb, `@media (max-width: 200px) { main::after { content: ""; display: block; width: 250px; height: 1px; } }
		.quick-exit { transform: translateX(calc(20rem - 320px)); }`)
	want := map[string]string{
		zoomModes[0].name: "",
		zoomModes[1].name: "px wide in a 195 px viewport",
		zoomModes[2].name: "the quick exit is outside the viewport",
		zoomModes[3].name: "",
	}
	for _, m := range zoomModes {
		got := strings.Join(reflowProblems(t, tb, m), "\n")
		switch w := want[m.name]; {
		case w == "" && got != "":
			t.Errorf("%s broken only below 200 px and at 200 %% text, at %s: the reflow check reports %s", p, m.name, got)
		case w != "" && !strings.Contains(got, w):
			t.Errorf("%s broken at %s: the reflow check reports %q, want %q", p, m.name, got, w)
		}
	}
}

// TestFocusNotObscuredSeesCover: without the scroll padding that keeps a focused element
// below the sticky quick exit, tabbing backwards on a phone at 200 % zoom focuses elements
// under it, and the check says so.
func TestFocusNotObscuredSeesCover(t *testing.T) {
	t.Parallel()
	m := zoomModes[1]
	tb, p := openToBreak(t, "es/guias/turistas/", m.apply)
	breakCSS(t, tb, `html { scroll-padding: 0 !important; }`)
	problems, stops := focusProblems(t, tb, p, m)
	covered := 0
	for _, pr := range problems {
		if strings.Contains(pr, "by ") && strings.Contains(pr, "quick-exit") {
			covered++
		}
	}
	if covered == 0 {
		t.Errorf("%s at %s without scroll padding: the focus check found no element under the quick exit in %d stops (problems: %q)", p, m.name, stops, problems)
	}
}

// TestAxeDarkSeesColours: a link colour too dark for the dark background, in the dark scheme
// only, is a violation of the rules axe runs in the dark scheme (axeDarkRules), and not in
// the light scheme.
func TestAxeDarkSeesColours(t *testing.T) {
	t.Parallel()
	tb, p := openToBreak(t, "es/denunciar/", withScript(axeSource(t)), phone.apply)
	breakCSS(t, tb, `@media (prefers-color-scheme: dark) { :root { --link: #2a3338; --link-visited: #2a3338; } }`)
	for _, a := range axeModes[:2] {
		var ids []string
		for _, v := range axeCheck(t, tb, a) {
			ids = append(ids, v.ID)
		}
		switch {
		case !a.view.dark && len(ids) > 0:
			t.Errorf("%s with a dark-only link colour, at %s: axe reports %v", p, a.name, ids)
		case a.view.dark && !strings.Contains(strings.Join(ids, " "), "color-contrast"):
			t.Errorf("%s with links too dark for the dark background, at %s: axe reports %v, want color-contrast", p, a.name, ids)
		}
	}
}

// TestStillnessSeesTransition: a page whose colours change with a transition, or that
// scrolls smoothly, is reported by settle's stillness check: the tests' browser draws no
// frames, so a running transition would be measured at its start (here: the light colours
// in the dark scheme).
func TestStillnessSeesTransition(t *testing.T) {
	t.Parallel()
	tb, p := openToBreak(t, "es/", phone.apply)
	if got := eval[[]string](t, tb, stillnessJS); len(got) > 0 {
		t.Fatalf("%s as built: the stillness check reports %q, want nothing", p, got)
	}
	breakCSS(t, tb, `body { transition: background-color 2s; } html { scroll-behavior: smooth; }`)
	if err := (view{phone, true}).apply(tb.ctx); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(eval[[]string](t, tb, stillnessJS), "\n") // getAnimations updates the styles first
	for _, want := range []string{"the transition of background-color on body", "html scrolls smoothly"} {
		if !strings.Contains(got, want) {
			t.Errorf("%s with a transition on the body's colours and smooth scrolling, in the dark scheme: the stillness check reports %q, want %q", p, got, want)
		}
	}
}
