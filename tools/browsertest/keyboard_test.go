package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focused describes document.activeElement after a key press.
type focused struct {
	Desc      string `json:"desc"`
	SkipLink  bool   `json:"skipLink"`
	Href      string `json:"href"`
	ID        string `json:"id"`
	QuickExit bool   `json:"quickExit"`
	PanelTel  bool   `json:"panelTel"`
	Visible   bool   `json:"visible"`
	Style     string `json:"style"`
}

const focusedJS = `(() => {
	const a = document.activeElement;
	if (!a || a === document.body) return {desc: 'body'};
	const s = getComputedStyle(a);
	const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
	const shadow = s.boxShadow && s.boxShadow !== 'none';
	const panel = document.querySelector('.help-panel a[href^="tel:"]');
	return {
		desc: a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + (a.className ? '.' + String(a.className).split(' ').join('.') : '') + (a.getAttribute('href') ? ' href=' + a.getAttribute('href') : ''),
		skipLink: a.classList.contains('skip-link'), href: a.getAttribute('href') || '', id: a.id,
		quickExit: a.id === 'quick-exit', panelTel: a === panel,
		visible: outline || shadow, style: 'outline ' + s.outlineStyle + ' ' + s.outlineWidth + ', box-shadow ' + s.boxShadow,
	};
})()`

func press(t *testing.T, tb *tab, key string) focused {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(key)); err != nil {
		t.Fatal(err)
	}
	return eval[focused](t, tb, focusedJS)
}

// keyboardPages: the root chooser, and in each language the home page, a content page and
// the 404 page.
func keyboardPages(t *testing.T, tb *tab) []string {
	pages := []string{tb.e.prefix}
	for _, l := range langs {
		_, content := exitPages(t, tb, l)
		pages = append(pages, tb.e.prefix+l+"/", content, tb.e.prefix+l+"/404.html")
	}
	return pages
}

// TestKeyboard: the first Tab reaches the skip links, "skip to content" moves focus to main,
// focus is always visible, and the quick exit and the help panel's first number are among the
// first 8 tab stops.
func TestKeyboard(t *testing.T) {
	t.Parallel()
	browser(t)
	tb := newTab(t, viewport(1280))
	for _, p := range keyboardPages(t, tb) {
		chooser := p == tb.e.prefix
		tb.open(t, p)
		var stops []string
		quickExitAt, panelAt := 0, 0
		for i := 1; i <= 15; i++ {
			f := press(t, tb, kb.Tab)
			stops = append(stops, f.Desc)
			if f.Desc == "body" {
				break
			}
			if i == 1 && !f.SkipLink {
				t.Errorf("%s: the first Tab focuses %s, not a skip link", p, f.Desc)
			}
			if !f.Visible {
				t.Errorf("%s: tab stop %d (%s) has no visible focus (%s)", p, i, f.Desc, f.Style)
			}
			if f.QuickExit && quickExitAt == 0 {
				quickExitAt = i
			}
			if f.PanelTel && panelAt == 0 {
				panelAt = i
			}
		}
		order := fmt.Sprintf("\n    tab order: %s", strings.Join(stops, " → "))
		if quickExitAt == 0 || quickExitAt > 8 {
			t.Errorf("%s: the quick exit is not among the first 8 tab stops%s", p, order)
		}
		if !chooser { // the root chooser has no help panel
			if panelAt == 0 || panelAt > 8 {
				t.Errorf("%s: the help panel's first phone number is not among the first 8 tab stops (it is stop %d)%s", p, panelAt, order)
			}
		}
		// "Skip to content" moves the focus to <main>.
		if chooser {
			continue
		}
		tb.open(t, p)
		found := false
		for i := 0; i < 4 && !found; i++ {
			f := press(t, tb, kb.Tab)
			found = f.SkipLink && strings.HasSuffix(f.Href, "#main")
		}
		if !found {
			t.Errorf("%s: no skip link to #main among the first 4 tab stops", p)
			continue
		}
		if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		if in := eval[bool](t, tb, `document.activeElement === document.querySelector('main')`); !in {
			t.Errorf("%s: activating the skip link leaves the focus on %s, not on <main>", p, eval[focused](t, tb, focusedJS).Desc)
		}
	}
}
