package deploy

import (
	"fmt"
	"strings"
)

// Netlify renders deploy/netlify/netlify.toml: build settings and the per-language 404
// pages. The headers are in public/_headers, which Hugo renders from the same source.
func Netlify(s *Source, o Options) (string, error) {
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

# The headers: public/_headers, which Hugo renders from deploy/headers.toml with the site.
`)
	b.WriteString("\n# Not found in a language's folder: that language's page, with status 404 (only when no\n# file matches: these rules are not forced). Elsewhere Netlify sends /404.html by itself.\n")
	for _, l := range o.langs() {
		fmt.Fprintf(&b, "[[redirects]]\n  from = \"%s/%s/*\"\n  to = \"%s/%s/404.html\"\n  status = 404\n\n", p, l, p, l)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
