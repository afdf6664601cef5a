package browsertest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// exitPages are the page before and the page left by quick exit: a language's home page and
// the first page of its main menu.
func exitPages(t *testing.T, tb *tab, lang string) (before, exited string) {
	t.Helper()
	before = tb.e.prefix + lang + "/"
	tb.open(t, before)
	href := eval[string](t, tb, `(document.querySelector('main a[href^="/"], nav a[href^="/"]:not([hreflang])') || {}).pathname || ''`)
	if href == "" || href == before {
		t.Fatalf("%s: no internal link to leave from", before)
	}
	return before, href
}

// exitBy leaves the page with trigger while the neutral page is held back, checks the cover
// overlay, then lets the neutral page load and checks where the tab is and its history.
func exitBy(t *testing.T, tb *tab, before, exited string, trigger chromedp.Action[chromedp.Void]) {
	t.Helper()
	tb.mu.Lock()
	hold := make(chan struct{})
	tb.hold = hold
	tb.mu.Unlock()
	released := false
	release := func() {
		if !released {
			close(hold)
			released = true
		}
	}
	defer release()
	// While the neutral page is held back, DevTools cannot query the leaving page; a
	// MutationObserver installed beforehand reports the overlay through the console instead.
	wctx, cancelW := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancelW()
	msgs := chromedp.Events(wctx, runtime.ConsoleAPICalled)
	eval[chromedp.Void](t, tb, `new MutationObserver((ms, obs) => {
		const o = document.querySelector('.quick-exit-overlay');
		if (!o) return;
		obs.disconnect();
		const r = o.getBoundingClientRect();
		const covers = r.width >= innerWidth && r.height >= innerHeight && getComputedStyle(o).visibility !== 'hidden';
		// Announced: an alert whose text arrives once it is in the page (a mutation of the
		// overlay itself, seen by this observer only after the overlay was inserted).
		const announced = o.getAttribute('role') === 'alert' && o.textContent.trim() !== '' &&
			ms.some(m => m.target === o && m.addedNodes.length > 0);
		console.log('protege-overlay ' + (!covers ? 'does not cover the viewport: ' + JSON.stringify(r) :
			!announced ? 'covers, but is not an alert whose text is set after insertion (screen readers may not announce it)' : 'covers'));
	}).observe(document.body, {childList: true, subtree: true, characterData: true})`)
	if err := chromedp.Do(tb.ctx, trigger); err != nil {
		t.Fatalf("%s: %v", exited, err)
	}
	overlay := "did not appear"
	for ev, err := range msgs {
		if err != nil {
			break
		}
		if len(ev.Args) > 0 {
			var text string
			if json.Unmarshal(ev.Args[0].Value, &text) == nil && strings.HasPrefix(text, "protege-overlay ") {
				overlay = strings.TrimPrefix(text, "protege-overlay ")
				break
			}
		}
	}
	if overlay != "covers" {
		t.Errorf("%s: while leaving, the cover overlay (.quick-exit-overlay) %s", exited, overlay)
	}
	release()
	wctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.ID("neutral"))); err != nil {
		t.Fatalf("%s: the neutral page did not load after quick exit: %v", exited, err)
	}
	if loc := eval[string](t, tb, `location.href`); loc != tb.e.exitFor(exited) {
		t.Errorf("%s: quick exit landed on %s, want %s", exited, loc, tb.e.exitFor(exited))
	}
	// The exited page is gone from the tab's history: Back leads to the page before it.
	h, err := chromedp.Run(tb.ctx, chromedp.NavigationEntries())
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, en := range h.Entries {
		urls = append(urls, en.URL)
	}
	if slices.Contains(urls, tb.e.url(exited)) {
		t.Errorf("%s: the exited page is still in the tab's history %v (Back would return to it)", exited, urls)
	}
	if h.CurrentIndex > 0 {
		// history.back(), then wait (bounded) for the tab's main frame to navigate.
		// (The evaluation may answer "Inspected target navigated": the back navigation
		// is under way.)
		nctx, cancelN := context.WithTimeout(tb.ctx, 10*time.Second)
		defer cancelN()
		navigated := chromedp.Events(nctx, page.FrameNavigated)
		chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](`history.back()`))
		for ev, err := range navigated {
			if err != nil || ev.Frame.ParentID == "" {
				break
			}
		}
		loc := tb.e.exitFor(exited)
		if l, err := chromedp.Run(tb.ctx, chromedp.Location()); err == nil {
			loc = l
		}
		switch loc {
		case tb.e.url(exited):
			t.Errorf("%s: history.back() after quick exit returned to the exited page", exited)
		case tb.e.url(before):
		default:
			t.Errorf("%s: history.back() after quick exit went to %s, want the page before it, %s", exited, loc, tb.e.url(before))
		}
	}
}

// timeoutStatus is the quick exit's live region when the Shift count timed out.
type timeoutStatus struct {
	Text string  `json:"text"`
	Want string  `json:"want"`
	MS   float64 `json:"ms"`
}

// shiftKey sends one real press of the Shift key.
func shiftKey(ctx context.Context, tg *chromedp.Target) error {
	for _, ev := range []input.DispatchKeyEventParams{
		{Type: input.DispatchKeyEventTypeRawKeyDown, Key: "Shift", Code: "ShiftLeft", WindowsVirtualKeyCode: 16, NativeVirtualKeyCode: 16, Modifiers: int64(chromedp.ModifierShift)},
		{Type: input.DispatchKeyEventTypeKeyUp, Key: "Shift", Code: "ShiftLeft", WindowsVirtualKeyCode: 16, NativeVirtualKeyCode: 16},
	} {
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, ev); err != nil {
			return err
		}
	}
	return nil
}

// shiftLetter types Shift+A: Shift used as a modifier, not a press of Shift on its own.
func shiftLetter(ctx context.Context, tg *chromedp.Target) error {
	shift := int64(chromedp.ModifierShift)
	for _, ev := range []input.DispatchKeyEventParams{
		{Type: input.DispatchKeyEventTypeRawKeyDown, Key: "Shift", Code: "ShiftLeft", WindowsVirtualKeyCode: 16, NativeVirtualKeyCode: 16, Modifiers: shift},
		{Type: input.DispatchKeyEventTypeKeyDown, Key: "A", Code: "KeyA", Text: "A", UnmodifiedText: "a", WindowsVirtualKeyCode: 65, NativeVirtualKeyCode: 65, Modifiers: shift},
		{Type: input.DispatchKeyEventTypeKeyUp, Key: "A", Code: "KeyA", WindowsVirtualKeyCode: 65, NativeVirtualKeyCode: 65, Modifiers: shift},
		{Type: input.DispatchKeyEventTypeKeyUp, Key: "Shift", Code: "ShiftLeft", WindowsVirtualKeyCode: 16, NativeVirtualKeyCode: 16},
	} {
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, ev); err != nil {
			return err
		}
	}
	return nil
}

// TestQuickExit: with JavaScript, a click and Shift pressed three times both cover the page and
// replace it with the neutral page, so that Back does not return to it.
func TestQuickExit(t *testing.T) {
	t.Parallel()
	browser(t)
	t.Run("exit", func(t *testing.T) {
		for _, lang := range langs {
			t.Run("click/"+lang, func(t *testing.T) {
				t.Parallel()
				tb := newTab(t, viewport(1280))
				before, exited := exitPages(t, tb, lang)
				tb.open(t, exited)
				exitBy(t, tb, before, exited, chromedp.Click(chromedp.ID("quick-exit")))
			})
			t.Run("shift3/"+lang, func(t *testing.T) {
				t.Parallel()
				tb := newTab(t, viewport(1280))
				before, exited := exitPages(t, tb, lang)
				tb.open(t, exited)
				exitBy(t, tb, before, exited, chromedp.Steps(chromedp.Func(shiftKey), chromedp.Func(shiftKey), chromedp.Func(shiftKey)))
			})
		}
	})
	if t.Failed() {
		return
	}
	// Two presses are not an exit.
	t.Run("shift2", func(t *testing.T) {
		t.Parallel()
		tb := newTab(t, viewport(1280))
		_, exited := exitPages(t, tb, "es")
		tb.open(t, exited)
		if err := chromedp.Do(tb.ctx, chromedp.Func(shiftKey), chromedp.Func(shiftKey)); err != nil {
			t.Fatal(err)
		}
		if loc := eval[string](t, tb, `location.href`); loc != tb.e.url(exited) {
			t.Errorf("two Shift presses left the page for %s", loc)
		}
	})
	// Capital letters typed with Shift are not presses of Shift (GOV.UK: Shift used as a
	// modifier is ignored).
	t.Run("shift-modifier", func(t *testing.T) {
		t.Parallel()
		tb := newTab(t, viewport(1280))
		_, exited := exitPages(t, tb, "en")
		tb.open(t, exited)
		if err := chromedp.Do(tb.ctx, chromedp.Func(shiftLetter), chromedp.Func(shiftLetter), chromedp.Func(shiftLetter), chromedp.Func(shiftKey), chromedp.Func(shiftKey)); err != nil {
			t.Fatal(err)
		}
		if loc := eval[string](t, tb, `location.href`); loc != tb.e.url(exited) {
			t.Errorf("three Shift+A and two Shift presses left the page for %s", loc)
		}
	})
	// The count of Shift presses starts again 5 seconds after the last one, and says so.
	t.Run("shift-timeout", func(t *testing.T) {
		t.Parallel()
		tb := newTab(t, viewport(1280))
		_, exited := exitPages(t, tb, "fr")
		tb.open(t, exited)
		// Wait for the live region to announce the time-out (a MutationObserver, at most
		// 15 s), and measure when it did: not before the 5 s from the second press.
		eval[chromedp.Void](t, tb, `window.protegeT0 = performance.now()`)
		if err := chromedp.Do(tb.ctx, chromedp.Func(shiftKey), chromedp.Func(shiftKey)); err != nil {
			t.Fatal(err)
		}
		st := eval[timeoutStatus](t, tb, `new Promise(done => {
			const status = document.getElementById('quick-exit-status');
			const want = document.getElementById('quick-exit').getAttribute('data-timeout') || '';
			const report = () => done({text: status.textContent, want, ms: performance.now() - window.protegeT0});
			if (want !== '' && status.textContent === want) return report();
			new MutationObserver((ms, obs) => {
				if (status.textContent === want) { obs.disconnect(); report(); }
			}).observe(status, {childList: true, subtree: true, characterData: true});
			setTimeout(report, 15000);
		})`)
		if st.Want == "" || st.Text != st.Want {
			t.Errorf("15 s after two Shift presses the live region says %q, want the time-out message %q", st.Text, st.Want)
		} else if st.MS < 5000 {
			t.Errorf("the live region announced the time-out %.0f ms after the first of two Shift presses, before the 5 s", st.MS)
		}
		if err := chromedp.Do(tb.ctx, chromedp.Func(shiftKey)); err != nil {
			t.Fatal(err)
		}
		if loc := eval[string](t, tb, `location.href`); loc != tb.e.url(exited) {
			t.Errorf("two Shift presses, the time-out, then a third left the page for %s", loc)
		}
	})
}
