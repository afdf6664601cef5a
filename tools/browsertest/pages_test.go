package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestEveryPage loads every page of every language once, with JavaScript on, and checks it
// in every way that needs no reload: the browser's emulation (viewport, device scale, mobile,
// default font size, colour scheme) changes between the checks and the page lays itself out
// again, which each check confirms before it measures (see settle).
//
// At 390 px, just loaded, light scheme (a phone):
//   - privacy: no cookie (document.cookie), localStorage, sessionStorage or IndexedDB;
//   - the quick exit stays on screen, not covered, after scrolling to the bottom;
//   - axe-core, WCAG 2.0/2.1/2.2 A and AA: zero violations.
//
// Then: axe-core in the dark scheme at 390 px (the rules the colours can change, see
// axeDarkRules), and at 1280 px in the light scheme (the whole set); reflow (see
// reflowProblems) at 320 px, at 195 px (a phone at 200 % zoom), at 390 px with 200 % text and
// on a desktop at 400 %. Last, privacy again: no request of the whole visit left the test
// server. After every page, the browser's cookie jar holds no cookie for the site or the quick
// exit's destination.
func TestEveryPage(t *testing.T) {
	t.Parallel()
	src := axeSource(t)
	browser(t) // skips (or fails in CI) without Chromium, before building anything
	e := site(t)
	if f := darkSchemeOutsideCSS(t, e.dir); len(f) > 0 {
		t.Errorf("these files ask for the colour scheme outside the page's stylesheet, where the dark-scheme check (darkSchemeJS) cannot see it; run every axe rule in the dark scheme (axeDarkRules): %s", strings.Join(f, ", "))
	}
	inTabs(t, e.pages, []tabOption{withScript(src), phone.apply}, func(t *testing.T, tb *tab, p string) {
		st := eval[storageState](t, tb, storageJS)
		if st.Local+st.Session+st.IDB > 0 || st.Cookie != "" {
			t.Errorf("%s stores something in the browser: localStorage %d, sessionStorage %d, IndexedDB %d, document.cookie %q",
				p, st.Local, st.Session, st.IDB, st.Cookie)
		}
		if pos := eval[string](t, tb, quickExitBottomJS); pos != "" {
			t.Errorf("%s at 390 px, scrolled to the bottom: the quick exit is %s", p, strings.TrimSpace(pos))
		}
		for _, a := range axeModes {
			for _, v := range axeCheck(t, tb, a) {
				t.Errorf("%s at %s: axe %s (%s): %s\n    targets: %s\n    %s", p, a.name, v.ID, v.Impact, v.Help,
					strings.Join(v.Targets, " | "), strings.ReplaceAll(strings.TrimSpace(v.Summary), "\n", "\n    "))
			}
		}
		for _, m := range zoomModes {
			for _, pr := range reflowProblems(t, tb, m) {
				t.Errorf("%s at %s: %s", p, m.name, pr)
			}
		}
		if f := tb.foreignRequests(); len(f) > 0 {
			t.Errorf("%s requests other sites:\n  %s", p, strings.Join(f, "\n  "))
		}
		if err := phone.apply(tb.ctx); err != nil { // the next page loads on a phone
			t.Fatal(err)
		}
	})
	// The cookie jar is the browser's: every tab above used it.
	tb := newTab(t)
	urls := []string{e.srv.URL + e.prefix}
	for _, x := range e.exits {
		urls = append(urls, x)
	}
	res, err := chromedp.Call(tb.ctx, network.GetCookies, network.GetCookiesParams{URLs: urls})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cookies {
		t.Errorf("cookie set: %s=%s (domain %s, path %s)", c.Name, c.Value, c.Domain, c.Path)
	}
}

type storageState struct {
	Local   int    `json:"local"`
	Session int    `json:"session"`
	Cookie  string `json:"cookie"`
	IDB     int    `json:"idb"`
}

const storageJS = `(async () => ({
	local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
	idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
}))()`

// quickExitBottomJS: "" when the quick exit is entirely on screen and on top after scrolling
// to the bottom, else what is wrong (measured at once, as reflowJS does). It scrolls back to
// the top.
const quickExitBottomJS = `(async () => {
	window.scrollTo(0, document.documentElement.scrollHeight);
	const b = document.getElementById('quick-exit');
	let problem = '';
	if (!b) {
		problem = 'missing';
	} else {
		const r = b.getBoundingClientRect();
		if (r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
			problem = 'outside the screen at ' + JSON.stringify({top: r.top, left: r.left, bottom: r.bottom, right: r.right}) + ' (viewport ' + innerWidth + 'x' + innerHeight + ', scrolled ' + scrollY + ')';
		} else {
			const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
			if (!b.contains(hit)) problem = 'covered by ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing');
		}
	}
	window.scrollTo(0, 0);
	return problem;
})()`

// view is how the tab shows the page: a zoomMode and a colour scheme.
type view struct {
	zoomMode
	dark bool
}

// phone and desktop are the widths every page is checked at (axe), the page loads on a phone.
var (
	phone   = zoomMode{"390px", 390, 844, true, 1, 16}
	desktop = zoomMode{"1280px", 1280, 900, false, 1, 16}
)

// apply sets the tab's viewport, default font size and colour scheme.
func (v view) apply(ctx context.Context) error {
	if err := v.zoomMode.apply(ctx); err != nil {
		return err
	}
	scheme := "light"
	if v.dark {
		scheme = "dark"
	}
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
	return err
}

// shown is what the page in the tab says about its own layout.
type shown struct {
	Width   int64   `json:"width"`   // document.documentElement.clientWidth
	Height  int64   `json:"height"`  // innerHeight
	Scale   float64 `json:"scale"`   // devicePixelRatio
	Font    float64 `json:"font"`    // the default font size, px (font-size: medium)
	Dark    bool    `json:"dark"`    // prefers-color-scheme: dark matches
	Settled bool    `json:"settled"` // all of them as asked
}

// settle applies v and waits (a few frames at most) until the page is laid out for it: its
// width, device pixel ratio, default font size and colour scheme are v's (not its height: a
// phone shows more of a page that is too wide, which the reflow check reports). A change of
// emulation reaches the page asynchronously; measuring before it did would check the old
// layout.
func settle(t *testing.T, tb *tab, v view) {
	t.Helper()
	if err := v.apply(tb.ctx); err != nil {
		t.Fatal(err)
	}
	s := eval[shown](t, tb, fmt.Sprintf(`(async () => {
		const want = {width: %d, height: %d, scale: %g, font: %d, dark: %t};
		const probe = document.createElement('div');
		const read = () => {
			probe.style.fontSize = 'medium';
			probe.style.fontFamily = 'serif';
			document.documentElement.appendChild(probe);
			const font = parseFloat(getComputedStyle(probe).fontSize);
			probe.remove();
			const s = {width: document.documentElement.clientWidth, height: innerHeight, scale: devicePixelRatio, font,
				dark: matchMedia('(prefers-color-scheme: dark)').matches};
			s.settled = s.width === want.width && s.scale === want.scale && s.font === want.font && s.dark === want.dark;
			return s;
		};
		let s = read();
		for (let i = 0; i < 60 && !s.settled; i++) {
			await new Promise(r => requestAnimationFrame(r));
			s = read();
		}
		return s;
	})()`, v.width, v.height, v.scale, v.fontSize, v.dark))
	if !s.Settled {
		t.Fatalf("%s: the page did not take the emulated view: width %d (want %d; height %d, want %d), device pixel ratio %g (want %g), default font %g px (want %d), dark %v (want %v)",
			v.name, s.Width, v.width, s.Height, v.height, s.Scale, v.scale, s.Font, v.fontSize, s.Dark, v.dark)
	}
	for _, m := range eval[[]string](t, tb, stillnessJS) {
		t.Errorf("at %s: %s", v.name, m)
	}
}

// descJS defines desc(el), how the checks name an element in their messages: its tag, id
// and classes ("the document" for none).
const descJS = `const desc = el => !el ? 'the document' : el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');`

// stillnessJS lists what would move on the page if the browser drew frames: running CSS
// transitions and animations (document.getAnimations()) and smooth scrolling. The tests'
// browser draws none (see browser), so these would be measured frozen at their start, and
// the checks would see another page than a reader does: the tests must then use
// paintingBrowser, or the page stop moving (TestStillnessSeesTransition).
const stillnessJS = `(() => {
	` + descJS + `
	const moving = document.getAnimations().map(a => location.pathname + ': ' + (a.transitionProperty ? 'the transition of ' + a.transitionProperty : 'the animation ' + (a.animationName || a.id || '(script)')) + ' on ' + desc(a.effect && a.effect.target) + ' runs: this browser draws no frames, so it stays at its start');
	for (const el of [document.documentElement, document.body]) {
		if (el && getComputedStyle(el).scrollBehavior === 'smooth') moving.push(location.pathname + ': ' + desc(el) + ' scrolls smoothly (scroll-behavior: smooth): this browser draws no frames, so a scroll would not move');
	}
	return moving;
})()`

// axeSource is axe-core's script (node_modules/axe-core), for withScript.
func axeSource(t *testing.T) string {
	t.Helper()
	axePath := filepath.Join(repoRoot(t), "node_modules", "axe-core", "axe.min.js")
	requireFile(t, axePath, "axe-core")
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// axeTags are the rule sets every page must pass: WCAG 2.0, 2.1 and 2.2, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// widths are the phone and desktop widths every page is checked at.
var widths = []int64{phone.width, desktop.width}

// axeMode is one axe-core run: the view, and the rules (nil: every rule of axeTags).
type axeMode struct {
	name  string
	view  view
	rules []string
}

// axeModes: every rule at 390 px and at 1280 px in the light scheme, and in the dark scheme
// at 390 px the rules whose result the colours decide (axeDarkRules).
var axeModes = []axeMode{
	{"390 px, light scheme", view{phone, false}, nil},
	{"390 px, dark scheme", view{phone, true}, axeDarkRules},
	{"1280 px, light scheme", view{desktop, false}, nil},
}

type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
	Summary string   `json:"summary"`
}

// axeCheck shows the page in a's view and runs axe-core (injected by the tab) on it.
func axeCheck(t *testing.T, tb *tab, a axeMode) []axeViolation {
	t.Helper()
	settle(t, tb, a.view)
	rules := a.rules
	if rules != nil && a.view.dark {
		if pr := eval[[]string](t, tb, darkSchemeJS); len(pr) > 0 {
			t.Errorf("at %s the dark scheme changes more than colours, so every axe rule runs (axeDarkRules assumes colours only):\n    %s", a.name, strings.Join(pr, "\n    "))
			rules = nil
		}
	}
	return eval[[]axeViolation](t, tb, axeRunJS(rules))
}

// axeRunJS runs axe-core with the rules (nil: every rule of axeTags) and lists the violations.
func axeRunJS(rules []string) string {
	only := map[string]any{"type": "tag", "values": axeTags}
	if rules != nil {
		only = map[string]any{"type": "rule", "values": rules}
	}
	o, _ := json.Marshal(only)
	return fmt.Sprintf(`axe.run(document, {runOnly: %s, resultTypes: ['violations']})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
			targets: v.nodes.map(n => n.target.join(' ')),
			summary: v.nodes.length ? (v.nodes[0].failureSummary || '') : ''})))`, o)
}
