// Package browsertest tests the built site in a real browser (headless Chromium driven by
// chromedp) and with the W3C Nu Html Checker: axe-core on every page at phone and desktop
// widths, every page without JavaScript, the quick exit, the keyboard path, privacy (no
// request to another origin, no cookie, no storage), and screenshots of each page type for a
// person to look at. The tests are in the _test.go files; this file holds what they share
// with the host: a static file server that behaves like the production hosts.
//
// Which site: PROTEGE_PUBLIC (set by `make test` after `make build`), otherwise the tests
// build the site into a temporary folder with tools/sitebuild. Without Chromium (Debian's
// /usr/bin/chromium, or PROTEGE_CHROMIUM), Java or node_modules (npm ci) the tests skip with
// a loud message, and fail when CI=true.
//
// The browser never reaches the network. It resolves no host name but 127.0.0.1
// (--host-resolver-rules), and every request of every tab pauses in the test (the DevTools
// Fetch domain): requests to the test server go on; the quick exit's destination, whatever
// the build configured (the production address in public/), is answered by the test with a
// neutral page from "another site", so the quick exit is tested for real (a cross-site
// location.replace) with no rebuild and no internet; anything else is blocked and reported.
//
//	go test ./tools/browsertest/                           # builds the site itself
//	PROTEGE_PUBLIC=$PWD/public go test ./tools/browsertest/ # after make build
package browsertest

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Handler serves the built site in dir below the URL path prefix ("/" or "/sub/") like a
// static host: a folder serves its index.html, a folder without its trailing slash redirects,
// and a missing path gets status 404 with the language's 404 page (/es/… → /es/404.html) or
// the root one.
func Handler(dir, prefix string, langs []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") && p != "/" {
			p += "/"
		}
		rel, ok := strings.CutPrefix(p, prefix)
		if !ok && p+"/" == prefix {
			rel, ok = "", true
		}
		if ok {
			file := filepath.Join(dir, filepath.FromSlash(rel))
			if fi, err := os.Stat(file); err == nil {
				if fi.IsDir() {
					if !strings.HasSuffix(p, "/") {
						http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
						return
					}
					file = filepath.Join(file, "index.html")
				}
				if _, err := os.Stat(file); err == nil {
					http.ServeFile(w, r, file)
					return
				}
			}
		}
		notFound := filepath.Join(dir, "404.html")
		for _, l := range langs {
			if strings.HasPrefix(rel, l+"/") {
				if _, err := os.Stat(filepath.Join(dir, l, "404.html")); err == nil {
					notFound = filepath.Join(dir, l, "404.html")
				}
			}
		}
		b, err := os.ReadFile(notFound)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(b)
	})
}
