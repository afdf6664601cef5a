package deploy

import (
	"fmt"
	"strings"
)

// Apache renders deploy/apache/.htaccess for the site's folder. ErrorDocument takes a path
// from the host's root, so the file is written for one base (o.Base).
func Apache(s *Source, o Options) (string, error) {
	p := o.prefix()
	var b strings.Builder
	b.WriteString(comment("#",
		"Protege: Apache httpd 2.4 configuration, to copy into the built site: cp deploy/apache/.htaccess public/",
		generatedNote,
		"",
		fmt.Sprintf("Written for a site built for the path %q.", o.Base)+" For another one (BASE_URL=https://host/sub/):",
		"    go run ./tools/cmd/protege deploy-configs -base /sub/ -out /tmp/protege-deploy",
		"The server must read it: `AllowOverride FileInfo` for the site's folder (Debian's default is",
		"None) and mod_headers (a2enmod headers); mod_deflate compresses text. Cache-Control comes",
		"from mod_headers alone: mod_expires cannot say `immutable`, and with both the response",
		"would carry two max-age values. See docs/deploy.md.",
	))
	b.WriteString("\nAddDefaultCharset utf-8\n")
	for _, m := range s.Types {
		var exts []string
		for _, e := range m.Extensions {
			exts = append(exts, "."+e)
		}
		fmt.Fprintf(&b, "# %s\nAddType %s %s\n", m.Name, m.Type, strings.Join(exts, " "))
		if strings.HasPrefix(m.Type, "text/") {
			fmt.Fprintf(&b, "AddCharset utf-8 %s\n", strings.Join(exts, " "))
		}
	}
	b.WriteString("\n# Not found: the page of the language in the path, otherwise the trilingual one.\n")
	fmt.Fprintf(&b, "ErrorDocument 404 %s/404.html\n", p)
	for i, l := range o.langs() {
		tag := "ElseIf"
		if i == 0 {
			tag = "If"
		}
		fmt.Fprintf(&b, "<%s \"%%{REQUEST_URI} =~ m#^%s/%s/#\">\n    ErrorDocument 404 %s/%s/404.html\n</%s>\n",
			tag, regexpQuote(p), l, p, l, tag)
	}
	b.WriteString("\n<IfModule mod_headers.c>\n")
	for _, h := range s.Security() {
		fmt.Fprintf(&b, "    Header always set %s \"%s\"\n", h.Name, h.Value)
	}
	b.WriteString("    # Cache-Control: the first matching rule.\n")
	for i, r := range s.Cache {
		switch {
		case r.Default():
			b.WriteString("    <Else>\n")
		case i == 0:
			fmt.Fprintf(&b, "    <If \"%s\">\n", apacheExpr(r, p))
		default:
			fmt.Fprintf(&b, "    <ElseIf \"%s\">\n", apacheExpr(r, p))
		}
		fmt.Fprintf(&b, "        # %s\n        Header always set Cache-Control \"%s\"\n", r.Name, r.Control)
		switch {
		case r.Default():
			b.WriteString("    </Else>\n")
		case i == 0:
			b.WriteString("    </If>\n")
		default:
			b.WriteString("    </ElseIf>\n")
		}
	}
	b.WriteString("</IfModule>\n")
	b.WriteString("\n<IfModule mod_deflate.c>\n    AddOutputFilterByType DEFLATE text/html text/css text/xml text/plain application/javascript text/javascript application/json application/xml image/svg+xml\n</IfModule>\n")
	return b.String(), nil
}

func apacheExpr(r CacheRule, prefix string) string {
	var alts []string
	if len(r.Folders) > 0 {
		alts = append(alts, "^"+regexpQuote(prefix)+"/"+regexpAlt(r.Folders)+"/[^/]+$")
	}
	if len(r.Extensions) > 0 {
		alts = append(alts, `\.`+regexpAlt(r.Extensions)+"$")
	}
	return "%{REQUEST_URI} =~ m#" + strings.Join(alts, "|") + "#"
}
