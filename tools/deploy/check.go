package deploy

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"protege/tools/diag"
)

// MetaFile is the template partial holding the pages' CSP and referrer <meta> tags.
const MetaFile = "site/layouts/_partials/security-meta.html"

// Checker reads one shipped configuration back and compares it with the source.
type Checker func(file string, data []byte, s *Source, o Options) []diag.Diagnostic

// Checkers are the readers of each generated file, by path from the repository root.
var Checkers = map[string]Checker{
	"deploy/nginx/protege.conf":                          CheckNginx,
	"deploy/apache/.htaccess":                            CheckApache,
	"deploy/netlify/netlify.toml":                        CheckNetlify,
	"deploy/cloudflare/_headers":                         CheckCloudflare,
	"deploy/aws/cloudfront-response-headers-policy.json": CheckCloudFront,
	"deploy/hugo-deploy.toml":                            CheckHugoDeploy,
}

// Check loads the source under root and checks every shipped configuration: that it is
// what the source generates (drift), that it sends what the source says when read back
// with its own format's rules, and that the pages' <meta> tags carry the same policy.
// langs are the site's languages, default first.
func Check(root string, langs []string) []diag.Diagnostic {
	s, ds := LoadSite(root)
	if s == nil {
		return ds
	}
	o := Options{Base: "/", Langs: langs}
	gen, err := Generate(s, o)
	if err != nil {
		return append(ds, diag.Errorf(SourceFile, 0, 0, "%v", err))
	}
	for _, g := range gen {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(g.Path)))
		if errors.Is(err, fs.ErrNotExist) {
			ds = append(ds, diag.Errorf(g.Path, 0, 0, "missing; run `protege deploy-configs` to write it"))
			continue
		} else if err != nil {
			ds = append(ds, diag.Errorf(g.Path, 0, 0, "%v", err))
			continue
		}
		if !bytes.Equal(data, g.Data) {
			line, want := firstDiff(data, g.Data)
			ds = append(ds, diag.Errorf(g.Path, line, 0, "differs from what %s and %s generate (this line should read %q); run `make deploy-configs` (`make build` does it)", SourceFile, StyleFile, want))
		}
		if c := Checkers[g.Path]; c != nil {
			ds = append(ds, c(g.Path, data, s, o)...)
		}
	}
	meta, err := os.ReadFile(filepath.Join(root, MetaFile))
	if err != nil {
		ds = append(ds, diag.Errorf(MetaFile, 0, 0, "%v", err))
	} else {
		ds = append(ds, CheckMeta(MetaFile, meta, s)...)
	}
	diag.Sort(ds)
	return ds
}

// Write generates every configuration for o.Base into root (the repository's deploy/
// files) or, when out is set, into out (the same names without the "deploy/" folder). It
// returns the files written.
func Write(root, out string, o Options) ([]string, []diag.Diagnostic) {
	s, ds := LoadSite(root)
	if s == nil {
		return nil, ds
	}
	gen, err := Generate(s, o)
	if err != nil {
		return nil, append(ds, diag.Errorf(SourceFile, 0, 0, "%v", err))
	}
	var written []string
	for _, g := range gen {
		p := filepath.Join(root, filepath.FromSlash(g.Path))
		if out != "" {
			p = filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(g.Path, "deploy/")))
		}
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, g.Data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, append(ds, diag.Errorf(p, 0, 0, "%v", err))
		}
		if err := os.WriteFile(p, g.Data, 0o644); err != nil {
			return written, append(ds, diag.Errorf(p, 0, 0, "%v", err))
		}
		written = append(written, p)
	}
	return written, ds
}

var (
	metaTagRe  = regexp.MustCompile(`(?is)<meta\b[^>]*>`)
	metaAttrRe = regexp.MustCompile(`(?is)([a-z][a-z-]*)\s*=\s*"([^"]*)"`)
)

// MetaStyleHash is how security-meta.html writes the stylesheet's hash in its policy (Hugo
// computes it); CheckMeta reads it as the source's StylePlaceholder.
const MetaStyleHash = "'{{ $styleHash }}'"

// CheckMeta compares the <meta> CSP and referrer policy of the pages with the source: the
// meta policy is the header policy without the header-only directives (frame-ancestors),
// directive for directive, in the same order; the template's MetaStyleHash stands where the
// source has StylePlaceholder.
func CheckMeta(file string, data []byte, s *Source) []diag.Diagnostic {
	var ds []diag.Diagnostic
	var csp, ref []string
	var cspLine, refLine int
	for _, loc := range metaTagRe.FindAllIndex(data, -1) {
		attrs := map[string]string{}
		for _, m := range metaAttrRe.FindAllSubmatch(data[loc[0]:loc[1]], -1) {
			attrs[strings.ToLower(string(m[1]))] = string(m[2])
		}
		line := bytes.Count(data[:loc[0]], []byte("\n")) + 1
		switch {
		case strings.EqualFold(attrs["http-equiv"], "Content-Security-Policy"):
			csp, cspLine = append(csp, attrs["content"]), line
		case strings.EqualFold(attrs["name"], "referrer"):
			ref, refLine = append(ref, attrs["content"]), line
		}
	}
	switch {
	case len(csp) != 1:
		ds = append(ds, diag.Errorf(file, cspLine, 0, "want one <meta http-equiv=\"Content-Security-Policy\">, found %d", len(csp)))
	case normalizeCSP(strings.ReplaceAll(csp[0], MetaStyleHash, StylePlaceholder)) != s.metaCSPTemplate():
		ds = append(ds, diag.Errorf(file, cspLine, 0, "the <meta> Content-Security-Policy %q differs from %s's %q (the header's policy without %s; %s written %s)",
			csp[0], SourceFile, s.metaCSPTemplate(), strings.Join(s.CSP.HeaderOnly, ", "), StylePlaceholder, MetaStyleHash))
	}
	switch want := s.Value("Referrer-Policy"); {
	case len(ref) != 1:
		ds = append(ds, diag.Errorf(file, refLine, 0, "want one <meta name=\"referrer\">, found %d", len(ref)))
	case ref[0] != want:
		ds = append(ds, diag.Errorf(file, refLine, 0, "<meta name=\"referrer\"> is %q; the Referrer-Policy header is %q", ref[0], want))
	}
	return ds
}

// normalizeCSP rewrites a policy as "d1; d2; …" (single spaces, no empty directive).
func normalizeCSP(p string) string {
	var out []string
	for _, d := range strings.Split(p, ";") {
		if f := strings.Fields(d); len(f) > 0 {
			out = append(out, strings.Join(f, " "))
		}
	}
	return strings.Join(out, "; ")
}

// firstDiff is the 1-based line where two texts first differ, with the wanted line.
func firstDiff(got, want []byte) (int, string) {
	g := bytes.Split(got, []byte("\n"))
	w := bytes.Split(want, []byte("\n"))
	for i := range max(len(g), len(w)) {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) || i >= len(g) || i >= len(w) {
			return i + 1, string(wl)
		}
	}
	return 0, ""
}
