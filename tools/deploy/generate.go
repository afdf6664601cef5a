package deploy

import (
	"fmt"
	"strings"
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
