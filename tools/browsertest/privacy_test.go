package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

type storageState struct {
	Local   int    `json:"local"`
	Session int    `json:"session"`
	Cookie  string `json:"cookie"`
	IDB     int    `json:"idb"`
}

// TestPrivacy visits every page with JavaScript on: no request leaves the test server (every
// request of the tab goes through the test's interception), no cookie is set, and
// localStorage, sessionStorage and IndexedDB stay empty.
func TestPrivacy(t *testing.T) {
	t.Parallel()
	browser(t) // skips (or fails in CI) without Chromium, before building anything
	e := site(t)
	inTabs(t, e.pages, []tabOption{viewport(390)}, func(t *testing.T, tb *tab, p string) {
		st := eval[storageState](t, tb, `(async () => ({
			local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
			idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
		}))()`)
		if st.Local+st.Session+st.IDB > 0 || st.Cookie != "" {
			t.Errorf("%s stores something in the browser: localStorage %d, sessionStorage %d, IndexedDB %d, document.cookie %q",
				p, st.Local, st.Session, st.IDB, st.Cookie)
		}
		if f := tb.foreignRequests(); len(f) > 0 {
			t.Errorf("%s requests other sites:\n  %s", p, strings.Join(f, "\n  "))
		}
	})
	// The cookie jar is the browser's: every tab above used it.
	tb := newTab(t, viewport(390))
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
