package deploy

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"protege/tools/diag"
)

// Netlify renders deploy/netlify/netlify.toml: build settings, headers and the per-language
// 404 pages.
func Netlify(s *Source, o Options) (string, error) {
	if err := checkHostDefault(s, "Netlify"); err != nil {
		return "", err
	}
	p := o.prefix()
	var b strings.Builder
	b.WriteString(comment("#",
		"Protege on Netlify. Netlify reads netlify.toml at the repository root: copy this file there.",
		generatedNote,
		"See docs/deploy.md.",
	))
	b.WriteString(`
[build]
  # The release build: Netlify's $URL is the site's main address. It refuses to build until
  # content/data/publisher.yaml is filled in (docs/deploy.md, "Release build").
  command = "make release BASE_URL=$URL/"
  publish = "public"

[build.environment]
  # The Go that starts make; the Makefile runs go.mod's toolchain (go1.27.3), which any go
  # command from 1.21 on downloads by itself.
  GO_VERSION = "1.27.x"

# Security headers on every response. Cache-Control only on paths that do not overlap (Netlify
# would join two values with a comma); pages keep Netlify's default, "` + HostDefaultCacheControl + `".
`)
	fmt.Fprintf(&b, "[[headers]]\n  for = \"%s/*\"\n  [headers.values]\n", p)
	for _, h := range s.Security() {
		fmt.Fprintf(&b, "    %s = \"%s\"\n", h.Name, h.Value)
	}
	for _, r := range s.Cache[:len(s.Cache)-1] {
		for _, g := range cacheGlobs(r, o.Base) {
			fmt.Fprintf(&b, "\n# %s\n[[headers]]\n  for = \"%s\"\n  [headers.values]\n    Cache-Control = \"%s\"\n", r.Name, g, r.Control)
		}
	}
	b.WriteString("\n# Not found in a language's folder: that language's page, with status 404 (only when no\n# file matches: these rules are not forced). Elsewhere Netlify sends /404.html by itself.\n")
	for _, l := range o.langs() {
		fmt.Fprintf(&b, "[[redirects]]\n  from = \"%s/%s/*\"\n  to = \"%s/%s/404.html\"\n  status = 404\n\n", p, l, p, l)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// globRule is one path rule of netlify.toml or _headers.
type globRule struct {
	pattern string
	line    int
	headers []Header
	lines   []int // of each header
}

// globRegexp turns a Netlify/Cloudflare path pattern into a regexp: "*" matches anything
// (slashes included), ":name" one path segment.
func globRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '*':
			b.WriteString(".*")
		case c == ':' && (i == 0 || p[i-1] == '/'):
			for i+1 < len(p) && p[i+1] != '/' {
				i++
			}
			b.WriteString("[^/]+")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// checkGlobRules reads path rules back as Netlify and Cloudflare apply them: every matching
// rule adds its headers, and a header set by two matching rules is an error (the hosts join
// the values). Pages must get no Cache-Control: the host's default applies.
func checkGlobRules(file string, rules []globRule, s *Source, o Options, host string) []diag.Diagnostic {
	ps := newProblems(file)
	if err := checkHostDefault(s, host); err != nil {
		ps.add(0, "", "%v", err)
	}
	type origin struct {
		rule *globRule
		line int
	}
	p := o.prefix()
	for _, sp := range samplePaths(s, o.langs()) {
		uri := p + sp
		got := map[string]Header{}
		from := map[string]origin{}
		for i := range rules {
			r := &rules[i]
			if !globRegexp(r.pattern).MatchString(uri) {
				continue
			}
			for j, h := range r.headers {
				key := strings.ToLower(h.Name)
				if prev, dup := from[key]; dup {
					ps.add(r.lines[j], uri, "%s is also set by %q (line %d): %s would join the two values with a comma", h.Name, prev.rule.pattern, prev.line, host)
				}
				got[key] = h
				from[key] = origin{r, r.lines[j]}
			}
		}
		want := s.Expected(sp)
		if s.CacheFor(sp).Default() {
			want = want[:len(want)-1]
			if h, ok := got["cache-control"]; ok {
				ps.add(from["cache-control"].line, uri, "Cache-Control %q on a page: pages keep %s's default", h.Value, host)
			}
		}
		for _, h := range want {
			key := strings.ToLower(h.Name)
			g, ok := got[key]
			switch {
			case !ok:
				ps.add(0, uri, "no %s header (want %q)", h.Name, h.Value)
			case g.Value != h.Value:
				ps.add(from[key].line, uri, "%s is %q, want %q", h.Name, g.Value, h.Value)
			}
		}
	}
	return ps.diagnostics()
}

// netlifyConfig is the part of netlify.toml the check reads.
type netlifyConfig struct {
	Build struct {
		Command string `toml:"command"`
		Publish string `toml:"publish"`
	} `toml:"build"`
	Headers []struct {
		For    string            `toml:"for"`
		Values map[string]string `toml:"values"`
	} `toml:"headers"`
	Redirects []struct {
		From   string `toml:"from"`
		To     string `toml:"to"`
		Status int    `toml:"status"`
		Force  bool   `toml:"force"`
	} `toml:"redirects"`
}

// CheckNetlify parses netlify.toml (TOML) and reads its headers and redirects back.
func CheckNetlify(file string, data []byte, s *Source, o Options) []diag.Diagnostic {
	var c netlifyConfig
	if err := toml.Unmarshal(data, &c); err != nil {
		return []diag.Diagnostic{diag.Errorf(file, 0, 0, "cannot parse: %v", err)}
	}
	var ds []diag.Diagnostic
	if c.Build.Command != "make release BASE_URL=$URL/" || c.Build.Publish != "public" {
		ds = append(ds, diag.Errorf(file, lineOf(data, "[build]"), 0, "[build]: command %q, publish %q; want \"make release BASE_URL=$URL/\", \"public\"", c.Build.Command, c.Build.Publish))
	}
	var rules []globRule
	for _, h := range c.Headers {
		r := globRule{pattern: h.For, line: lineOf(data, `for = "`+h.For+`"`)}
		for _, name := range slices.Sorted(maps.Keys(h.Values)) {
			r.headers = append(r.headers, Header{name, h.Values[name]})
			r.lines = append(r.lines, lineAfter(data, r.line, name+" = "))
		}
		rules = append(rules, r)
	}
	ds = append(ds, checkGlobRules(file, rules, s, o, "Netlify")...)
	p := o.prefix()
	for _, l := range o.langs() {
		from, to := p+"/"+l+"/*", p+"/"+l+"/404.html"
		found := false
		for _, r := range c.Redirects {
			if r.From == from {
				found = true
				if r.To != to || r.Status != 404 || r.Force {
					ds = append(ds, diag.Errorf(file, lineOf(data, `from = "`+from+`"`), 0, "redirect from %s: want to %q, status 404, not forced", from, to))
				}
			}
		}
		if !found {
			ds = append(ds, diag.Errorf(file, 0, 0, "no redirect from %q to %q with status 404 (the %s 404 page)", from, to, l))
		}
	}
	diag.Sort(ds)
	return ds
}

// CloudflareHeaders renders deploy/cloudflare/_headers.
func CloudflareHeaders(s *Source, o Options) (string, error) {
	if err := checkHostDefault(s, "Cloudflare Pages"); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(comment("#",
		"Protege on Cloudflare Pages: copied into public/ by the build command (docs/deploy.md).",
		generatedNote,
		"Security headers everywhere; Cache-Control only on paths that do not overlap (Cloudflare",
		"joins two values with a comma); pages keep Cloudflare's default, \""+HostDefaultCacheControl+"\".",
	))
	fmt.Fprintf(&b, "%s/*\n", o.prefix())
	for _, h := range s.Security() {
		fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
	}
	for _, r := range s.Cache[:len(s.Cache)-1] {
		for _, g := range cacheGlobs(r, o.Base) {
			fmt.Fprintf(&b, "\n# %s\n%s\n  Cache-Control: %s\n", r.Name, g, r.Control)
		}
	}
	return b.String(), nil
}

// CloudflareRedirects renders deploy/cloudflare/_redirects: no rule is needed.
func CloudflareRedirects(s *Source, o Options) (string, error) {
	return comment("#",
		"Protege on Cloudflare Pages: copied into public/ by the build command (docs/deploy.md).",
		generatedNote,
		"",
		"No rule is needed: for a missing page Cloudflare Pages sends the nearest 404.html up the",
		"folder tree with status 404, so /es/missing/ gets /es/404.html and /missing gets the",
		"trilingual /404.html. (A _redirects rule cannot answer 404 there anyway.) Add redirects",
		"for moved pages here, one per line: /old/path/ /new/path/ 301",
	), nil
}

// parseHeadersFile parses the _headers format: a path at the start of a line, then its
// indented "Name: value" lines; '#' starts a comment line.
func parseHeadersFile(data []byte) ([]globRule, []diag.Diagnostic, error) {
	var rules []globRule
	var bad []diag.Diagnostic
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		l := strings.TrimRight(raw, " \t\r")
		t := strings.TrimSpace(l)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case l[0] != ' ' && l[0] != '\t':
			if !strings.HasPrefix(t, "/") && !strings.HasPrefix(t, "https://") {
				bad = append(bad, diag.Errorf("", n, 0, "path %q: want a path starting with /", t))
			}
			rules = append(rules, globRule{pattern: t, line: n})
		default:
			if len(rules) == 0 {
				return nil, nil, fmt.Errorf("line %d: header before any path", n)
			}
			if strings.HasPrefix(t, "!") {
				bad = append(bad, diag.Errorf("", n, 0, "%q: detached headers are not expected here", t))
				continue
			}
			name, value, ok := strings.Cut(t, ":")
			if !ok || strings.TrimSpace(name) == "" {
				return nil, nil, fmt.Errorf("line %d: want \"Name: value\"", n)
			}
			r := &rules[len(rules)-1]
			r.headers = append(r.headers, Header{strings.TrimSpace(name), strings.TrimSpace(value)})
			r.lines = append(r.lines, n)
		}
	}
	return rules, bad, nil
}

// CheckCloudflare parses _headers and reads it back for every sample path.
func CheckCloudflare(file string, data []byte, s *Source, o Options) []diag.Diagnostic {
	rules, bad, err := parseHeadersFile(data)
	if err != nil {
		return []diag.Diagnostic{diag.Errorf(file, 0, 0, "cannot parse: %v", err)}
	}
	for i := range bad {
		bad[i].Path = file
	}
	ds := append(bad, checkGlobRules(file, rules, s, o, "Cloudflare Pages")...)
	diag.Sort(ds)
	return ds
}
