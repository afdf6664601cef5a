package deploy

import (
	"fmt"
	"strings"
)

// Nginx renders deploy/nginx/protege.conf: server-level directives and locations, included
// in a server block that sets `root` and `$protege_base` (the base is read at run time, so
// the file is the same for every base).
func Nginx(s *Source, o Options) (string, error) {
	var b strings.Builder
	b.WriteString(comment("#",
		"Protege: nginx configuration for the built site.",
		generatedNote,
		"",
		"Include it in the server block that serves the site; that block says where the site is",
		"and under which URL path it was built:",
		"",
		"    server {",
		"        listen 443 ssl;",
		"        server_name protege.example.org;",
		"        # ssl_certificate ...; ssl_certificate_key ...;",
		"        root /srv/protege/public;   # the output of `make build`",
		"        set $protege_base \"\";       # \"/sub\" for a site built with BASE_URL=https://host/sub/",
		"        include /etc/nginx/snippets/protege.conf;",
		"    }",
		"",
		"Subpath: with `set $protege_base \"/sub\";`, `root` is the folder that holds the site's",
		"folder: root /srv/www; and the site in /srv/www/sub/. The http block must include",
		"mime.types (Debian's nginx.conf does). See docs/deploy.md.",
	))
	b.WriteString(`
index index.html;
charset utf-8;
charset_types text/css text/plain text/xml application/javascript application/json image/svg+xml` + charsetTypes(s) + `;
server_tokens off;
# Redirects (/es -> /es/) keep the scheme, host and port the browser used.
absolute_redirect off;

# Compression: the .gz copy written by ` + "`protege precompress`" + ` when there is one, else on the fly.
gzip_static on;
gzip on;
gzip_vary on;
gzip_comp_level 6;
gzip_min_length 256;
gzip_types text/css text/xml application/javascript application/json application/xml image/svg+xml;

# Not found: the trilingual page, or the page of the language in the path (below).
error_page 404 $protege_base/404.html;

# Headers. A location that adds a header of its own inherits none of these, so every location
# below repeats the whole list. "always": also on 404 pages and redirects.
`)
	writeNginxHeaders(&b, "", s, s.DefaultCache())
	for _, r := range s.Cache[:len(s.Cache)-1] {
		fmt.Fprintf(&b, "\n# Cache: %s.\n", r.Name)
		fmt.Fprintf(&b, "location %s {\n", nginxLocation(r))
		writeNginxHeaders(&b, "    ", s, r)
		b.WriteString("}\n")
	}
	for _, m := range s.Types {
		// A types block replaces the whole list of the http block, so it stands in a location
		// of its own, which sees only these files; it adds no header, so it keeps the server
		// level's.
		fmt.Fprintf(&b, "\n# %s: %s (nginx's mime.types lacks it).\n", m.Name, m.Value())
		fmt.Fprintf(&b, "location ~ \"\\.%s$\" {\n    types { %s %s; }\n}\n", regexpAlt(m.Extensions), m.Type, strings.Join(m.Extensions, " "))
	}
	langs := o.langs()
	fmt.Fprintf(&b, "\n# Not found in a language's folder: that language's page (%s).\n", strings.Join(langs, ", "))
	fmt.Fprintf(&b, "location ~ \"/(?<protege_lang>%s)/\" {\n", strings.Join(langs, "|"))
	b.WriteString("    error_page 404 $protege_base/$protege_lang/404.html;\n}\n")
	return b.String(), nil
}

// nginxLocation is the regex location of a non-default cache rule. The base is unknown
// here, so folder rules match "/<folder>/<file>" at the end of the path.
func nginxLocation(r CacheRule) string {
	var alts []string
	if len(r.Folders) > 0 {
		alts = append(alts, "/"+regexpAlt(r.Folders)+"/[^/]+$")
	}
	if len(r.Extensions) > 0 {
		alts = append(alts, `\.`+regexpAlt(r.Extensions)+"$")
	}
	return `~ "` + strings.Join(alts, "|") + `"`
}

// charsetTypes are the source's text media types, for charset_types (" text/vcard").
func charsetTypes(s *Source) string {
	var b strings.Builder
	for _, m := range s.Types {
		if strings.HasPrefix(m.Type, "text/") {
			b.WriteString(" " + m.Type)
		}
	}
	return b.String()
}

func writeNginxHeaders(b *strings.Builder, indent string, s *Source, r CacheRule) {
	for _, h := range s.Security() {
		fmt.Fprintf(b, "%sadd_header %s \"%s\" always;\n", indent, h.Name, h.Value)
	}
	fmt.Fprintf(b, "%sadd_header Cache-Control \"%s\" always;\n", indent, r.Control)
}
