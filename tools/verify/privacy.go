package verify

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"protege/tools/verify/dom"
)

// loadRels are the <link rel> values that make the browser fetch the href.
var loadRels = []string{"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "preload",
	"modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch", "manifest"}

// loads lists, per element, the attributes whose URL the browser fetches.
var loads = map[string][]string{
	"script": {"src"}, "img": {"src", "srcset"}, "source": {"src", "srcset"}, "video": {"src", "poster"},
	"audio": {"src"}, "track": {"src"}, "iframe": {"src"}, "frame": {"src"}, "embed": {"src"},
	"object": {"data"}, "input": {"src"}, "image": {"href", "xlink:href"}, "use": {"href", "xlink:href"},
}

// forbiddenJS are the APIs no script of the site may touch: storage, cookies, network calls.
var forbiddenJS = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`document\s*\.\s*cookie`), "document.cookie"},
	{regexp.MustCompile(`\blocalStorage\b`), "localStorage"},
	{regexp.MustCompile(`\bsessionStorage\b`), "sessionStorage"},
	{regexp.MustCompile(`\bindexedDB\b`), "indexedDB"},
	{regexp.MustCompile(`\bsendBeacon\b`), "navigator.sendBeacon"},
	{regexp.MustCompile(`\bfetch\s*\(`), "fetch("},
	{regexp.MustCompile(`\bXMLHttpRequest\b`), "XMLHttpRequest"},
}

var (
	cssURL    = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)
	cssImport = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
)

// checkPrivacy: nothing from another origin, no inline script, no inline style but the one
// the policy lists by its hash, the security metas,
// safe external links, and no storage or network calls in the site's scripts.
// The pages are checked by checkPagePrivacy, in parallel (Run); this checks the stylesheets and
// scripts.
func (s *site) checkPrivacy() {
	for _, rel := range sortedKeys(s.files) {
		switch {
		case strings.HasSuffix(rel, ".css"):
			b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
			if err != nil {
				s.errorf(rel, 0, "%v", err)
				continue
			}
			s.checkCSS(rel, 1, s.prefix+rel, b)
		case strings.HasSuffix(rel, ".js") || strings.HasSuffix(rel, ".mjs"):
			b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
			if err != nil {
				s.errorf(rel, 0, "%v", err)
				continue
			}
			s.checkJS(rel, b)
		}
	}
}

func (s *site) checkPagePrivacy(p *page) {
	p.doc.Walk(func(n *dom.Node) {
		for _, a := range n.Attrs {
			k := strings.ToLower(a.Key)
			if len(k) > 2 && strings.HasPrefix(k, "on") {
				s.errorf(p.rel, n.Line, "inline event handler %s= on <%s> (the CSP forbids inline script: use a listener in assets/js)", k, n.Tag)
			}
			if k == "style" {
				s.errorf(p.rel, n.Line, "style attribute on <%s> (the CSP forbids inline styles, style-src 'self': use a class in assets/css)", n.Tag)
				s.checkCSS(p.rel, n.Line, p.url, []byte(a.Val))
			}
			if (k == "href" || k == "src" || k == "action" || k == "formaction") &&
				strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				s.errorf(p.rel, n.Line, "javascript: URL on <%s> (inline script, forbidden by the CSP)", n.Tag)
			}
		}
		switch n.Tag {
		case "style":
			s.checkInlineStyle(p, n)
			s.checkCSS(p.rel, n.Line, p.url, []byte(n.RawText()))
		case "script":
			if _, ok := n.Attr("src"); !ok {
				s.errorf(p.rel, n.Line, "inline <script> (every script must be an external file with src: the CSP forbids inline script)")
			}
		case "link":
			if slices.ContainsFunc(loadRels, func(r string) bool { return n.HasToken("rel", r) }) {
				s.checkOrigin(p, n, "href", n.AttrOr("href"))
			}
		case "a", "area":
			s.checkExternalLink(p, n)
		}
		for _, attr := range loads[n.Tag] {
			v, ok := n.Attr(attr)
			if !ok {
				continue
			}
			if attr == "srcset" {
				for _, c := range strings.Split(v, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						s.checkOrigin(p, n, attr, f[0])
					}
				}
				continue
			}
			s.checkOrigin(p, n, attr, v)
		}
	})
	if p.kind == redirect {
		return
	}
	s.checkCSP(p)
	if r := metaNamed(p.doc, "referrer"); r == nil {
		s.errorf(p.rel, 1, "no <meta name=\"referrer\" content=\"no-referrer\">")
	} else if strings.TrimSpace(r.AttrOr("content")) != "no-referrer" {
		s.errorf(p.rel, r.Line, "referrer policy is %q, not no-referrer", r.AttrOr("content"))
	}
}

func (s *site) checkOrigin(p *page, n *dom.Node, attr, v string) {
	if t := s.resolve(p.url, v); t.external {
		s.errorf(p.rel, n.Line, "<%s %s=%q> loads from another origin (%s): nothing may be loaded from another site", n.Tag, attr, v, t.origin)
	}
}

func (s *site) checkExternalLink(p *page, n *dom.Node) {
	href, ok := n.Attr("href")
	if !ok {
		return
	}
	if t := s.resolve(p.url, href); !t.external {
		return
	}
	if !n.HasToken("rel", "noopener") || !n.HasToken("rel", "noreferrer") {
		s.errorf(p.rel, n.Line, "external link %s needs rel=\"noopener noreferrer\" (has rel=%q)", href, n.AttrOr("rel"))
	}
}

func (s *site) checkCSP(p *page) {
	m := p.doc.First(func(n *dom.Node) bool {
		return n.Tag == "meta" && strings.EqualFold(n.AttrOr("http-equiv"), "content-security-policy")
	})
	if m == nil {
		s.errorf(p.rel, 1, "no Content-Security-Policy meta (<meta http-equiv=\"Content-Security-Policy\">)")
		return
	}
	policy := m.AttrOr("content")
	if strings.Contains(policy, "'unsafe-inline'") || strings.Contains(policy, "'unsafe-eval'") {
		s.errorf(p.rel, m.Line, "the Content-Security-Policy allows 'unsafe-inline' or 'unsafe-eval'")
	}
	var script []string
	found := false
	for _, d := range strings.Split(policy, ";") {
		f := strings.Fields(d)
		if len(f) > 0 && strings.EqualFold(f[0], "script-src") {
			script, found = f[1:], true
		}
	}
	if !found || !slices.Equal(script, []string{"'self'"}) {
		s.errorf(p.rel, m.Line, "the Content-Security-Policy must have script-src 'self' and nothing else (has %q)", strings.Join(script, " "))
	}
}

// styleSources are the sources of the policy's style-src (default-src when it has none).
func styleSources(policy string) []string {
	var style, def []string
	for _, d := range strings.Split(policy, ";") {
		f := strings.Fields(d)
		switch {
		case len(f) == 0:
		case strings.EqualFold(f[0], "style-src"):
			style = f[1:]
		case strings.EqualFold(f[0], "default-src"):
			def = f[1:]
		}
	}
	if style == nil {
		return def
	}
	return style
}

// checkInlineStyle: a <style> element is applied only when the policy lists the hash of its
// text (sha256, the form the build writes). The page's <meta> policy must list it, and so must
// the HTTP headers the host configs send (o.StyleHash, when given): a browser applies a style
// only if every policy allows it.
func (s *site) checkInlineStyle(p *page, n *dom.Node) {
	sum := sha256.Sum256([]byte(n.RawText()))
	h := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	m := p.doc.First(func(n *dom.Node) bool {
		return n.Tag == "meta" && strings.EqualFold(n.AttrOr("http-equiv"), "content-security-policy")
	})
	if m == nil {
		s.errorf(p.rel, n.Line, "<style> element on a page without a Content-Security-Policy listing its hash '%s'", h)
	} else if src := styleSources(m.AttrOr("content")); !slices.Contains(src, "'"+h+"'") {
		s.errorf(p.rel, n.Line, "<style> element whose hash '%s' is not in the page's Content-Security-Policy style-src (%s): browsers would ignore it; the build computes the hash from assets/css (site/layouts/_partials/css.html)",
			h, strings.Join(src, " "))
	}
	if s.o.StyleHash != "" && h != s.o.StyleHash {
		s.errorf(p.rel, n.Line, "<style> element whose hash '%s' is not the one the host configs send ('%s', deploy/headers.toml with assets/css/main.css): run `make deploy-configs`",
			h, s.o.StyleHash)
	}
}

// checkCSS looks for url() and @import to another origin in a stylesheet or style attribute.
// base is the URL path the relative URLs resolve against.
func (s *site) checkCSS(rel string, line0 int, base string, b []byte) {
	report := func(i int, u, what string) {
		if t := s.resolve(base, u); t.external {
			s.errorf(rel, line0+bytes.Count(b[:i], []byte{'\n'}), "%s %s loads from another origin (%s): nothing may be loaded from another site (fonts included)", what, u, t.origin)
		}
	}
	for _, m := range cssURL.FindAllSubmatchIndex(b, -1) {
		report(m[0], firstGroup(b, m), "CSS url()")
	}
	for _, m := range cssImport.FindAllSubmatchIndex(b, -1) {
		report(m[0], firstGroup(b, m), "CSS @import")
	}
}

func firstGroup(b []byte, m []int) string {
	for g := 1; 2*g+1 < len(m); g++ {
		if m[2*g] >= 0 {
			return string(b[m[2*g]:m[2*g+1]])
		}
	}
	return ""
}

func (s *site) checkJS(rel string, b []byte) {
	for _, f := range forbiddenJS {
		for _, m := range f.re.FindAllIndex(b, -1) {
			s.errorf(rel, 1+bytes.Count(b[:m[0]], []byte{'\n'}), "script uses %s: the site stores nothing and calls no server from scripts", f.what)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
