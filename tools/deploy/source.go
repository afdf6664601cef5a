// Package deploy reads the one source of the site's HTTP response headers
// (deploy/headers.toml), generates the host configurations that live in the repository from
// it (nginx, Apache, netlify.toml, CloudFront, `hugo deploy`) and checks that the shipped ones
// are what it generates, byte for byte. Hugo renders the rest from the same file, mounted as
// data: the pages' Content-Security-Policy <meta> and public/_headers (Netlify, Cloudflare
// Pages). The real-nginx test (tools/nginxtest) proves the nginx configuration by HTTP.
package deploy

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"protege/tools/diag"
)

// SourceFile is the header source, relative to the repository root.
const SourceFile = "deploy/headers.toml"

// Header is one response header.
type Header struct {
	Name  string `toml:"name"`
	Value string `toml:"value"`
}

// CacheRule gives a Cache-Control value to the paths it matches.
type CacheRule struct {
	Name string `toml:"name"`
	// Folders are top-level folders of the site ("css"): every file directly in them.
	Folders []string `toml:"folders"`
	// Extensions are file extensions without the dot ("pdf"), anywhere; case matters.
	Extensions []string `toml:"extensions"`
	Control    string   `toml:"control"`
}

// MediaType is a Content-Type for file extensions that the hosts' own lists lack.
type MediaType struct {
	Name       string   `toml:"name"`
	Type       string   `toml:"type"`       // "text/vcard"
	Extensions []string `toml:"extensions"` // without the dot, lower case
}

// Value is the Content-Type header sent: text types with their charset (every text file of
// the site is UTF-8).
func (m MediaType) Value() string {
	if strings.HasPrefix(m.Type, "text/") {
		return m.Type + "; charset=utf-8"
	}
	return m.Type
}

// Default reports whether the rule is the catch-all rule (no folders, no extensions).
func (r CacheRule) Default() bool { return len(r.Folders) == 0 && len(r.Extensions) == 0 }

// Source is deploy/headers.toml.
type Source struct {
	CSP struct {
		Directives []string `toml:"directives"`
		HeaderOnly []string `toml:"header_only"`
	} `toml:"csp"`
	Permissions struct {
		Deny []string `toml:"deny"`
	} `toml:"permissions_policy"`
	Other []Header    `toml:"header"`
	Cache []CacheRule `toml:"cache"`
	Types []MediaType `toml:"media_type"`

	// StyleHash replaces StylePlaceholder in the directives ("sha256-…"); LoadSite sets it.
	StyleHash string `toml:"-"`
}

// MetaCSP is the policy of the pages' <meta http-equiv="Content-Security-Policy">.
func (s *Source) MetaCSP() string { return s.policy(s.CSP.Directives) }

// HeaderCSP is the policy sent as a header: the meta policy plus the header-only directives.
func (s *Source) HeaderCSP() string {
	return s.policy(append(slices.Clip(s.CSP.Directives), s.CSP.HeaderOnly...))
}

// metaCSPTemplate is the meta policy with the placeholder left in place.
func (s *Source) metaCSPTemplate() string { return strings.Join(s.CSP.Directives, "; ") }

func (s *Source) policy(directives []string) string {
	out := make([]string, len(directives))
	for i, d := range directives {
		out[i] = s.fill(d)
	}
	return strings.Join(out, "; ")
}

// PermissionsPolicy is "camera=(), microphone=(), …".
func (s *Source) PermissionsPolicy() string {
	parts := make([]string, len(s.Permissions.Deny))
	for i, f := range s.Permissions.Deny {
		parts[i] = f + "=()"
	}
	return strings.Join(parts, ", ")
}

// Security are the security headers, in the order they are sent; every response gets them.
func (s *Source) Security() []Header {
	return append([]Header{
		{"Content-Security-Policy", s.HeaderCSP()},
		{"Permissions-Policy", s.PermissionsPolicy()},
	}, s.Other...)
}

// Value returns a security header's value by name (any case), or "" when absent.
func (s *Source) Value(name string) string {
	for _, h := range s.Security() {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// CacheFor returns the cache rule of a URL path below the site's base ("/css/a.css", "/es/").
func (s *Source) CacheFor(urlPath string) CacheRule {
	p := strings.TrimPrefix(urlPath, "/")
	first, rest, nested := strings.Cut(p, "/")
	ext := ""
	if !strings.HasSuffix(p, "/") {
		ext = strings.TrimPrefix(path.Ext(p), ".")
	}
	for _, r := range s.Cache {
		switch {
		case r.Default():
			return r
		case nested && rest != "" && !strings.Contains(rest, "/") && slices.Contains(r.Folders, first):
			return r
		case ext != "" && slices.Contains(r.Extensions, ext):
			return r
		}
	}
	return CacheRule{}
}

// ContentType is the Content-Type the source gives a URL path, or "" when the host's own
// list of types decides.
func (s *Source) ContentType(urlPath string) string {
	if strings.HasSuffix(urlPath, "/") {
		return ""
	}
	ext := strings.TrimPrefix(path.Ext(urlPath), ".")
	for _, m := range s.Types {
		if slices.Contains(m.Extensions, ext) {
			return m.Value()
		}
	}
	return ""
}

// DefaultCache is the catch-all rule (pages and everything else).
func (s *Source) DefaultCache() CacheRule { return s.Cache[len(s.Cache)-1] }

// Expected are the headers a response for urlPath must carry: the security headers, then
// Cache-Control.
func (s *Source) Expected(urlPath string) []Header {
	return append(s.Security(), Header{"Cache-Control", s.CacheFor(urlPath).Control})
}

var (
	tokenRe     = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	featureRe   = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	folderRe    = regexp.MustCompile(`^[a-z0-9_-]+$`)
	extensionRe = regexp.MustCompile(`^[a-z0-9]+$`)
	directiveRe = regexp.MustCompile(`^[a-z-]+( [ -:<-~]+)?$`) // printable ASCII but ';' and '"'
	mediaTypeRe = regexp.MustCompile(`^[a-z]+/[a-z0-9.+-]+$`)
)

// Load reads and validates the header source. The diagnostics name file positions where
// they can; any error diagnostic means the source is unusable.
func Load(file string) (*Source, []diag.Diagnostic) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, []diag.Diagnostic{diag.Errorf(file, 0, 0, "%v", err)}
	}
	return Parse(file, data)
}

// Parse is Load on data already read; file names it in messages.
func Parse(file string, data []byte) (*Source, []diag.Diagnostic) {
	var s Source
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		var de *toml.DecodeError
		var sm *toml.StrictMissingError
		switch {
		case errors.As(err, &sm):
			var ds []diag.Diagnostic
			for _, e := range sm.Errors {
				line, col := e.Position()
				ds = append(ds, diag.Errorf(file, line, col, "unknown key %q", strings.Join(e.Key(), ".")))
			}
			return nil, ds
		case errors.As(err, &de):
			line, col := de.Position()
			return nil, []diag.Diagnostic{diag.Errorf(file, line, col, "%s", de.Error())}
		}
		return nil, []diag.Diagnostic{diag.Errorf(file, 0, 0, "%v", err)}
	}
	ds := s.validate(file, data)
	diag.Sort(ds)
	if diag.HasErrors(ds) {
		return nil, ds
	}
	return &s, ds
}

// validate checks what the generators rely on: names that are tokens, values that fit in a
// double-quoted string of every format, a catch-all cache rule at the end.
func (s *Source) validate(file string, data []byte) []diag.Diagnostic {
	var ds []diag.Diagnostic
	bad := func(needle, format string, args ...any) {
		ds = append(ds, diag.Errorf(file, lineOf(data, needle), 0, format, args...))
	}
	if len(s.CSP.Directives) == 0 {
		bad("[csp]", "csp.directives: empty; the policy needs at least default-src")
	}
	for _, d := range append(slices.Clip(s.CSP.Directives), s.CSP.HeaderOnly...) {
		if !directiveRe.MatchString(d) {
			bad(d, "csp: %q is not one directive (name, a space, its values; no ';', no quotes)", d)
		}
	}
	seen := map[string]bool{}
	for _, f := range s.Permissions.Deny {
		if !featureRe.MatchString(f) {
			bad(f, "permissions_policy.deny: %q is not a feature name", f)
		}
		if seen[f] {
			ds = append(ds, diag.Errorf(file, lastLineOf(data, `"`+f+`"`), 0, "permissions_policy.deny: %q listed twice", f))
		}
		seen[f] = true
	}
	names := map[string]bool{"content-security-policy": true, "permissions-policy": true}
	for _, h := range s.Other {
		key := strings.ToLower(h.Name)
		switch {
		case !tokenRe.MatchString(h.Name):
			bad(h.Name, "header name %q is not a token", h.Name)
		case key == "cache-control":
			bad(h.Name, "Cache-Control comes from the [[cache]] rules, not a [[header]]")
		case names[key]:
			bad(h.Name, "header %s is set twice (Content-Security-Policy and Permissions-Policy come from their own tables)", h.Name)
		}
		names[key] = true
		if err := checkValue(h.Value); err != nil {
			bad(h.Name, "header %s: %v", h.Name, err)
		}
	}
	if len(s.Cache) == 0 {
		bad("", "no [[cache]] rule; the last one (no folders, no extensions) covers everything")
		return ds
	}
	for i, r := range s.Cache {
		at := "name = \"" + r.Name + "\""
		if r.Name == "" {
			bad("[[cache]]", "[[cache]] rule %d has no name", i+1)
		}
		last := i == len(s.Cache)-1
		switch {
		case last && !r.Default():
			bad(at, "cache rule %q: the last rule must have no folders and no extensions (it covers everything else)", r.Name)
		case !last && r.Default():
			bad(at, "cache rule %q: only the last rule may have no folders and no extensions", r.Name)
		}
		for _, f := range r.Folders {
			if !folderRe.MatchString(f) {
				bad(f, "cache rule %q: folder %q is not a plain top-level folder name", r.Name, f)
			}
		}
		for _, e := range r.Extensions {
			if !extensionRe.MatchString(e) {
				bad(e, "cache rule %q: extension %q: lower case, without the dot", r.Name, e)
			}
		}
		if r.Control == "" {
			bad(at, "cache rule %q has no control value", r.Name)
		} else if err := checkValue(r.Control); err != nil {
			bad(r.Control, "cache rule %q: %v", r.Name, err)
		}
	}
	// Netlify and Cloudflare Pages join the values of one header set by two matching rules
	// with a comma: public/_headers sets Cache-Control only on paths that do not overlap and
	// leaves pages to the hosts' default, which the catch-all rule must therefore be.
	if d := s.Cache[len(s.Cache)-1]; d.Default() && d.Control != HostDefaultCacheControl {
		bad("name = \""+d.Name+"\"", "cache rule %q: %q; the last rule must be %q, what Netlify and Cloudflare Pages send for a page (a rule of its own there would overlap the others, whose values they join with a comma)",
			d.Name, d.Control, HostDefaultCacheControl)
	}
	exts := map[string]bool{}
	for _, r := range s.Cache {
		for _, e := range r.Extensions {
			exts[e] = true
		}
	}
	for _, m := range s.Types {
		at := "name = \"" + m.Name + "\""
		if m.Name == "" {
			bad("[[media_type]]", "a [[media_type]] has no name")
		}
		if !mediaTypeRe.MatchString(m.Type) {
			bad(at, "media type %q: type %q is not type/subtype in lower case", m.Name, m.Type)
		}
		if len(m.Extensions) == 0 {
			bad(at, "media type %q has no extensions", m.Name)
		}
		for _, e := range m.Extensions {
			switch {
			case !extensionRe.MatchString(e):
				bad(at, "media type %q: extension %q: lower case, without the dot", m.Name, e)
			case exts[e]:
				bad(at, "media type %q: extension %q already has a cache rule or a media type (nginx chooses one location per file)", m.Name, e)
			}
			exts[e] = true
		}
	}
	return ds
}

func checkValue(v string) error {
	switch {
	case v == "":
		return errors.New("empty value")
	case strings.TrimSpace(v) != v:
		return errors.New("value starts or ends with a space")
	case strings.ContainsAny(v, "\"\\\r\n\t"):
		return fmt.Errorf("value %q holds a double quote, a backslash or a control character", v)
	}
	return nil
}

// lineOf is the first line of data holding needle (1-based), or 0.
func lineOf(data []byte, needle string) int {
	if needle == "" {
		return 0
	}
	i := bytes.Index(data, []byte(needle))
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}

// lastLineOf is the last line of data holding needle (1-based), or 0.
func lastLineOf(data []byte, needle string) int {
	i := bytes.LastIndex(data, []byte(needle))
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}
