package deploy

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"protege/tools/diag"
)

// Options of a generation.
type Options struct {
	// Base is the URL path the site is built for ("/" or "/sub/"); configs that cannot learn
	// it at run time (Apache's ErrorDocument, Netlify and Cloudflare paths) are written for
	// it. The shipped configs are generated for "/".
	Base string
	// Langs are the site's languages, default first (siteconfig).
	Langs []string
}

// prefix is the base without its final slash: "" or "/sub".
func (o Options) prefix() string { return strings.TrimSuffix(o.Base, "/") }

func (o Options) langs() []string { return o.Langs }

// NormalizeBase turns "", "sub", "/sub", "/sub/" into "/" or "/sub/".
func NormalizeBase(b string) (string, error) {
	b = strings.Trim(b, "/")
	if b == "" {
		return "/", nil
	}
	for _, seg := range strings.Split(b, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, " \"'#?%*:\\") {
			return "", fmt.Errorf("base %q: want a plain URL path such as /sub/", b)
		}
	}
	return "/" + b + "/", nil
}

// Generated is one generated configuration file.
type Generated struct {
	Path string // relative to the repository root, with slashes
	Data []byte
}

// HostDefaultCacheControl is what Netlify and Cloudflare Pages send for a file no rule
// gives a Cache-Control. Those hosts join the values of one header set by two matching
// rules with a comma, so their configs set Cache-Control only on paths that do not overlap,
// and leave pages to this default; the source's catch-all rule must therefore equal it.
const HostDefaultCacheControl = "public, max-age=0, must-revalidate"

// Generate renders every host configuration from the source.
func Generate(s *Source, o Options) ([]Generated, error) {
	if o.Base == "" {
		o.Base = "/"
	}
	base, err := NormalizeBase(o.Base)
	if err != nil {
		return nil, err
	}
	o.Base = base
	if s.StyleHash == "" && strings.Contains(s.metaCSPTemplate(), StylePlaceholder) {
		return nil, fmt.Errorf("the policy uses %s but the stylesheet's hash is unknown (load the source with LoadSite)", StylePlaceholder)
	}
	var out []Generated
	for _, g := range []struct {
		path string
		gen  func(*Source, Options) (string, error)
	}{
		{"deploy/nginx/protege.conf", Nginx},
		{"deploy/apache/.htaccess", Apache},
		{"deploy/netlify/netlify.toml", Netlify},
		{"deploy/cloudflare/_headers", CloudflareHeaders},
		{"deploy/cloudflare/_redirects", CloudflareRedirects},
		{"deploy/aws/cloudfront-response-headers-policy.json", CloudFront},
		{"deploy/hugo-deploy.toml", HugoDeploy},
	} {
		text, err := g.gen(s, o)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", g.path, err)
		}
		out = append(out, Generated{g.path, []byte(text)})
	}
	return out, nil
}

// generatedNote is the first comment line of every generated file that allows comments.
const generatedNote = "GENERATED from deploy/headers.toml by `protege deploy-configs`: edit that file, not this one."

// comment renders lines as a comment block with the given marker.
func comment(marker string, lines ...string) string {
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			b.WriteString(marker + "\n")
		} else {
			b.WriteString(marker + " " + l + "\n")
		}
	}
	return b.String()
}

// regexpAlt is "(?:a|b)" (or "a" alone) with every item quoted for a regexp.
func regexpAlt(items []string) string {
	q := make([]string, len(items))
	for i, it := range items {
		q[i] = regexpQuote(it)
	}
	if len(q) == 1 {
		return q[0]
	}
	return "(?:" + strings.Join(q, "|") + ")"
}

// regexpQuote escapes the regexp metacharacters of s (names here are [a-z0-9_-]).
func regexpQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cacheGlobs are the _headers/netlify.toml paths of a non-default rule under base.
func cacheGlobs(r CacheRule, base string) []string {
	var g []string
	for _, f := range r.Folders {
		g = append(g, path.Join(base, f)+"/*")
	}
	for _, e := range r.Extensions {
		g = append(g, path.Join(base, "*."+e))
	}
	return g
}

// checkHostDefault fails when the pages' rule differs from what a host sends by default.
func checkHostDefault(s *Source, host string) error {
	if d := s.DefaultCache(); d.Control != HostDefaultCacheControl {
		return fmt.Errorf("%s: the cache rule %q (%q) must be %q, %s's default: a rule for pages "+
			"would overlap the other rules, whose values %s would join with a comma",
			host, d.Name, d.Control, HostDefaultCacheControl, host, host)
	}
	return nil
}

// problems gathers the problems found on the sample paths: one diagnostic per line and
// message, naming the paths it was seen on.
type problems struct {
	file  string
	order []*problem
	index map[string]*problem
}

type problem struct {
	line  int
	msg   string
	paths []string
}

func newProblems(file string) *problems {
	return &problems{file: file, index: map[string]*problem{}}
}

// add records a problem seen on a sample path ("" when it belongs to no path).
func (ps *problems) add(line int, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	key := fmt.Sprint(line, "\x00", msg)
	p := ps.index[key]
	if p == nil {
		p = &problem{line: line, msg: msg}
		ps.index[key] = p
		ps.order = append(ps.order, p)
	}
	if path != "" && !slices.Contains(p.paths, path) {
		p.paths = append(p.paths, path)
	}
}

func (ps *problems) diagnostics() []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, p := range ps.order {
		msg := p.msg
		switch n := len(p.paths); {
		case n == 1:
			msg += " (on " + p.paths[0] + ")"
		case n == 2:
			msg += " (on " + p.paths[0] + " and " + p.paths[1] + ")"
		case n > 2:
			msg += fmt.Sprintf(" (on %s, %s and %d more paths)", p.paths[0], p.paths[1], n-2)
		}
		ds = append(ds, diag.Errorf(ps.file, p.line, 0, "%s", msg))
	}
	diag.Sort(ds)
	return ds
}
