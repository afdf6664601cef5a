package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// zoomMode is a way a reader with low vision sees the site: a narrow viewport (a phone, or a
// desktop zoomed in), possibly with the browser's text size doubled.
type zoomMode struct {
	name          string
	width, height int64
	mobile        bool
	scale         float64 // device pixels per CSS px
	fontSize      int64   // the browser's default font size (16 is 100 %)
}

var zoomModes = []zoomMode{
	{"320px", 320, 640, true, 1, 16},                       // WCAG 1.4.10's 320 CSS px
	{"195px (390px phone at 200%)", 195, 422, true, 2, 16}, // page zoom on a phone
	{"390px with 200% text", 390, 844, true, 1, 32},        // WCAG 1.4.4
	{"1280px desktop at 400%", 320, 225, false, 4, 16},     // a 1280×900 screen at 400 % zoom
}

// apply sets the tab's viewport and default font size.
func (m zoomMode) apply(ctx context.Context) error {
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(m.scale)}
	if m.mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(m.width, m.height, opts...)); err != nil {
		return err
	}
	_, err := chromedp.Call(ctx, page.SetFontSizes, page.SetFontSizesParams{FontSizes: &page.FontSizes{Standard: m.fontSize, Fixed: m.fontSize * 13 / 16}})
	return err
}

// reflowJS reports, for the page as shown, what breaks reflow: a page wider than the viewport
// (with the elements that stick out), and a quick exit not entirely on screen, at the top and
// after scrolling to the bottom. It also checks that headings' names are their text only.
// It measures right after scrolling, without waiting for frames: scrolling, the sticky quick
// exit's position and hit testing are up to date synchronously (on all 89 pages, in the five
// views, the quick exit's box, the scroll position and the element on top were the same
// measured at once and two frames later), and each frame costs the browser a repaint.
const reflowJS = `(async () => {
	const problems = [];
	` + descJS + `
	const vw = document.documentElement.clientWidth;
	const sw = document.documentElement.scrollWidth;
	if (sw > vw) {
		// The innermost elements whose box ends past the right edge.
		const out = [...document.body.querySelectorAll('*')].filter(el => {
			const r = el.getBoundingClientRect();
			return r.width > 0 && r.right > vw + 0.5 && ![...el.children].some(c => c.getBoundingClientRect().right > vw + 0.5);
		}).slice(0, 3).map(el => desc(el) + ' (right ' + Math.round(el.getBoundingClientRect().right) + ': ' + JSON.stringify((el.textContent || '').trim().slice(0, 40)) + ')');
		problems.push('the page is ' + sw + ' px wide in a ' + vw + ' px viewport; sticking out: ' + out.join(', '));
	}
	const b = document.getElementById('quick-exit');
	if (!b) {
		problems.push('no quick exit');
	} else {
		for (const where of ['top', 'bottom']) {
			window.scrollTo(0, where === 'top' ? 0 : document.documentElement.scrollHeight);
			const r = b.getBoundingClientRect();
			if (r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > vw) {
				problems.push('at the ' + where + ' the quick exit is outside the viewport: ' + JSON.stringify({top: Math.round(r.top), left: Math.round(r.left), bottom: Math.round(r.bottom), right: Math.round(r.right)}) + ' in ' + vw + 'x' + innerHeight);
			} else {
				const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
				if (!b.contains(hit)) problems.push('at the ' + where + ' the quick exit is covered by ' + (hit ? desc(hit) : 'nothing'));
			}
		}
		window.scrollTo(0, 0);
	}
	for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
		if (h.querySelector('a, .visually-hidden') || /#\s*$/.test(h.textContent))
			problems.push('the heading ' + JSON.stringify(h.textContent.trim()) + ' holds a link or hidden text: its accessible name is not its text');
	}
	return problems;
})()`

// reflowProblems shows the page (loaded) in mode m, light scheme, and lists what breaks
// reflow (reflowJS).
func reflowProblems(t *testing.T, tb *tab, m zoomMode) []string {
	t.Helper()
	settle(t, tb, view{m, false})
	return eval[[]string](t, tb, reflowJS)
}

// focusLogJS installs, once per page, a listener that measures the focused element after
// each Tab press (on its keyup: the keydown has moved the focus and the browser has scrolled
// the element into view), as obscuredJS did from outside: the corners of each of its boxes (a
// link may wrap over several lines), a little inside, must hit the element itself. The log
// ends at the first press that focuses nothing (the body) or the first element again (the
// focus went round); from then on Tab presses are held (their keydown is cancelled), so the
// focus stays where the walk ended until the log is read (protegeFocus.take()).
const focusLogJS = `(() => {
	if (window.protegeFocus) return;
	` + descJS + `
	const descHref = el => desc(el) + (el.getAttribute && el.getAttribute('href') ? ' href=' + el.getAttribute('href') : '');
	const measure = () => {
		const a = document.activeElement;
		if (!a || a === document.body || a === document.documentElement) return {desc: 'body'};
		const vw = document.documentElement.clientWidth;
		let points = 0, hidden = 0, by = '';
		for (const r of a.getClientRects()) {
			if (r.width < 4 || r.height < 4) continue;
			const d = Math.min(8, r.width / 4, r.height / 4); // inside rounded corners
			for (const [x, y] of [[r.left + d, r.top + d], [r.right - d, r.top + d], [r.left + d, r.bottom - d], [r.right - d, r.bottom - d]]) {
				points++;
				const hit = (x < 0 || y < 0 || x > vw || y > innerHeight) ? null : document.elementFromPoint(x, y);
				if (!hit || !(a === hit || a.contains(hit))) {
					hidden++;
					if (!by) by = hit ? descHref(hit) : 'outside the viewport';
				}
			}
		}
		return {desc: descHref(a) + ' ' + JSON.stringify((a.textContent || '').trim().slice(0, 30)), points, hidden, by};
	};
	const st = {log: [], first: '', done: false, presses: 0};
	window.protegeFocus = {
		take() { const r = {log: st.log, done: st.done, presses: st.presses}; st.log = []; st.first = ''; st.done = false; st.presses = 0; return r; },
		state() { return {log: [], done: st.done, presses: st.presses}; },
	};
	addEventListener('keydown', ev => { if (ev.key === 'Tab' && st.done) ev.preventDefault(); }, true);
	addEventListener('keyup', ev => {
		if (ev.key !== 'Tab' || st.done) return;
		st.presses++;
		const o = measure();
		if (o.desc === 'body' || o.desc === st.first) { st.done = true; return; }
		if (!st.first) st.first = o.desc;
		st.log.push(o);
	}, true);
})()`

// focusWalk is one direction's tab stops, as focusLogJS logged them.
type focusWalk struct {
	Log     []obscured `json:"log"`
	Done    bool       `json:"done"`
	Presses int        `json:"presses"`
}

// focusProblems tabs forwards through every focusable element of the loaded page p, then
// backwards (real Tab and Shift+Tab key presses, in batches: the page logs each stop), and
// lists the focused elements covered, even in part, by the quick exit or anything else.
func focusProblems(t *testing.T, tb *tab, p string, m zoomMode) (problems []string, stops int) {
	t.Helper()
	eval[chromedp.Void](t, tb, focusLogJS)
	for _, dir := range []string{"Tab", "Shift+Tab"} {
		var opts []chromedp.KeyOption
		if dir == "Shift+Tab" {
			opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
		}
		const batch, most = 24, 400
		var w focusWalk
		for presses := 0; presses < most && !w.Done; presses += batch {
			keys := make([]chromedp.Action[chromedp.Void], batch)
			for i := range keys {
				keys[i] = chromedp.KeyEvent(kb.Tab, opts...)
			}
			if err := chromedp.Do(tb.ctx, keys...); err != nil {
				t.Fatal(err)
			}
			w = eval[focusWalk](t, tb, `protegeFocus.state()`)
		}
		w = eval[focusWalk](t, tb, `protegeFocus.take()`)
		if !w.Done {
			problems = append(problems, fmt.Sprintf("%s: after %d presses the focus has not gone round the page", dir, w.Presses))
		}
		stops += len(w.Log)
		for _, o := range w.Log {
			if o.Hidden > 0 {
				problems = append(problems, fmt.Sprintf("%s: the focused %s is hidden at %d of its %d corners, by %s", dir, o.Desc, o.Hidden, o.Points, o.By))
			}
		}
	}
	return problems, stops
}

type obscured struct {
	Desc   string `json:"desc"`
	Points int    `json:"points"`
	Hidden int    `json:"hidden"`
	By     string `json:"by"`
}

// focusSample: in each language the home page, the tourists' guide (long, many links), the
// report page and the materials page.
func focusSample(t *testing.T, tb *tab) []string {
	var pages []string
	for _, pt := range []string{"home", "guide", "report", "materials"} {
		for _, pt2 := range pageTypes {
			if pt2.name != pt {
				continue
			}
			es := tb.e.prefix + pt2.es
			pages = append(pages, es)
			tb.open(t, es)
			for _, l := range langs[1:] {
				if p := eval[string](t, tb, fmt.Sprintf(`(document.querySelector('link[rel=alternate][hreflang=%q]') || {pathname: ''}).pathname || new URL(document.querySelector('link[rel=alternate][hreflang=%q]').href).pathname`, l, l)); p != "" {
					pages = append(pages, p)
				}
			}
		}
	}
	return pages
}

// TestFocusNotObscured (WCAG 2.4.11): tabbing forwards through every focusable element of a
// sample of pages, then backwards, no focused element is covered, even in part, by the quick
// exit or anything else, on a phone at 200 % zoom and on a desktop.
func TestFocusNotObscured(t *testing.T) {
	t.Parallel()
	browser(t)
	site(t)
	for _, m := range []zoomMode{zoomModes[1], desktop} {
		t.Run(strings.Fields(m.name)[0], func(t *testing.T) {
			t.Parallel()
			tb := newTab(t, m.apply)
			for _, p := range focusSample(t, tb) {
				tb.open(t, p)
				problems, stops := focusProblems(t, tb, p, m)
				for _, pr := range problems {
					t.Errorf("%s at %s, %s", p, m.name, pr)
				}
				if stops < 10 {
					t.Errorf("%s at %s: only %d tab stops checked (want the whole page forwards and backwards)", p, m.name, stops)
				}
			}
		})
	}
}

type target struct {
	Desc string  `json:"desc"`
	W    float64 `json:"w"`
	H    float64 `json:"h"`
}

// TestTargetSize (WCAG 2.5.8): the language switch, main menu and footer links are at least
// 24 × 24 CSS px, on a phone and on a desktop.
func TestTargetSize(t *testing.T) {
	t.Parallel()
	browser(t)
	e := site(t)
	for _, w := range widths {
		tb := newTab(t, viewport(w))
		for _, l := range langs {
			p := e.prefix + l + "/"
			tb.open(t, p)
			ts := eval[[]target](t, tb, `[...document.querySelectorAll('.lang-switch a, .main-nav a, .site-footer a, .brand')].map(a => {
				const r = a.getBoundingClientRect();
				return {desc: a.textContent.trim().slice(0, 40), w: r.width, h: r.height};
			})`)
			if len(ts) < 10 {
				t.Errorf("%s: only %d header and footer links found", p, len(ts))
			}
			for _, tg := range ts {
				if tg.W < 24 || tg.H < 24 {
					t.Errorf("%s at %d px: the link %q is %.1f × %.1f CSS px (want at least 24 × 24)", p, w, tg.Desc, tg.W, tg.H)
				}
			}
		}
	}
}

type rootLine struct {
	Href    string  `json:"href"`
	Visible bool    `json:"visible"`
	Bottom  float64 `json:"bottom"`
	Hit     bool    `json:"hit"`
}

// TestRootPagesNumbers: a reader who types the bare domain from a poster (the root language
// chooser) or a wrong address (the root 404 page) sees 911, and the OIJ and PANI lines, as
// tap-to-call links in the first screen, without scrolling.
func TestRootPagesNumbers(t *testing.T) {
	t.Parallel()
	browser(t)
	e := site(t)
	// The lines every language's help panel shows (911 first), from the Spanish home page.
	tb := newTab(t, viewport(390))
	tb.open(t, e.prefix+"es/")
	panel := eval[[]string](t, tb, `[...document.querySelectorAll('.help-panel a[href^="tel:"]')].map(a => a.getAttribute('href'))`)
	if len(panel) < 3 || panel[0] != "tel:911" {
		t.Fatalf("the help panel's phone lines are %v, want 911 first and two more", panel)
	}
	for _, m := range []zoomMode{{"390px", 390, 844, true, 1, 16}, zoomModes[0], {"1280px", 1280, 900, false, 1, 16}} {
		tb := newTab(t, m.apply)
		for _, p := range []string{e.prefix, e.prefix + "no-such-page/"} {
			tb.open(t, p)
			lines := eval[[]rootLine](t, tb, `[...document.querySelectorAll('main a[href^="tel:"]')].map(a => {
				const r = a.getBoundingClientRect();
				const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
				return {href: a.getAttribute('href'), visible: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== 'hidden', bottom: r.bottom, hit: !!hit && a.contains(hit)};
			})`)
			seen := map[string]bool{}
			for _, l := range lines {
				seen[l.Href] = true
				if !l.Visible || l.Bottom > float64(m.height) || !l.Hit {
					t.Errorf("%s at %s: the %s link is not visible in the first screen (bottom %.0f of %d, visible %v, on top %v)", p, m.name, l.Href, l.Bottom, m.height, l.Visible, l.Hit)
				}
			}
			for _, want := range panel {
				if !seen[want] {
					t.Errorf("%s at %s: no %s link in <main> (found %v)", p, m.name, want, lines)
				}
			}
		}
	}
}
