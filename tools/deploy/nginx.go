package deploy

import (
	"fmt"
	"regexp"
	"strings"

	"protege/tools/diag"
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
charset_types text/css text/plain text/xml application/javascript application/json image/svg+xml;
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

func writeNginxHeaders(b *strings.Builder, indent string, s *Source, r CacheRule) {
	for _, h := range s.Security() {
		fmt.Fprintf(b, "%sadd_header %s \"%s\" always;\n", indent, h.Name, h.Value)
	}
	fmt.Fprintf(b, "%sadd_header Cache-Control \"%s\" always;\n", indent, r.Control)
}

// nginxBlock is a parsed block: its directives and nested blocks.
type nginxBlock struct {
	args       []string // "location", "~", "regex" (empty for the file itself)
	line       int
	directives []nginxDirective
	blocks     []*nginxBlock
}

type nginxDirective struct {
	args []string
	line int
}

// parseNginx parses nginx configuration syntax: directives ending in ';', blocks in braces,
// '#' comments, single- or double-quoted arguments.
func parseNginx(data string) (*nginxBlock, error) {
	root := &nginxBlock{}
	stack := []*nginxBlock{root}
	var args []string
	var cur strings.Builder
	inWord := false
	line, argLine := 1, 0
	flush := func() {
		if inWord {
			args = append(args, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			flush()
			line++
		case c == ' ' || c == '\t' || c == '\r':
			flush()
		case c == '#' && !inWord:
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case (c == '"' || c == '\'') && !inWord:
			j := i + 1
			for j < len(data) && data[j] != c {
				if data[j] == '\\' {
					j++
				}
				if j < len(data) && data[j] == '\n' {
					line++
				}
				j++
			}
			if j >= len(data) {
				return nil, fmt.Errorf("line %d: unterminated quoted string", line)
			}
			if len(args) == 0 {
				argLine = line
			}
			args = append(args, data[i+1:j])
			i = j
		case c == ';':
			flush()
			if len(args) == 0 {
				return nil, fmt.Errorf("line %d: empty directive", line)
			}
			top := stack[len(stack)-1]
			top.directives = append(top.directives, nginxDirective{args, argLine})
			args = nil
		case c == '{':
			flush()
			blk := &nginxBlock{args: args, line: argLine}
			top := stack[len(stack)-1]
			top.blocks = append(top.blocks, blk)
			stack = append(stack, blk)
			args = nil
		case c == '}':
			flush()
			if len(args) > 0 || len(stack) == 1 {
				return nil, fmt.Errorf("line %d: unexpected }", line)
			}
			stack = stack[:len(stack)-1]
		default:
			if !inWord && len(args) == 0 {
				argLine = line
			}
			inWord = true
			cur.WriteByte(c)
		}
	}
	flush()
	if len(args) > 0 || len(stack) != 1 {
		return nil, fmt.Errorf("line %d: unexpected end of file", line)
	}
	return root, nil
}

// nginxHeaders are the add_header directives of a block, with their lines.
func (b *nginxBlock) headers() (names []string, values map[string]string, lines map[string]int, dups []nginxDirective) {
	values, lines = map[string]string{}, map[string]int{}
	for _, d := range b.directives {
		if d.args[0] != "add_header" {
			continue
		}
		if len(d.args) < 3 {
			dups = append(dups, d)
			continue
		}
		key := strings.ToLower(d.args[1])
		if _, ok := values[key]; ok {
			dups = append(dups, d)
			continue
		}
		names = append(names, d.args[1])
		values[key] = d.args[2]
		lines[key] = d.line
		if len(d.args) != 4 || d.args[3] != "always" {
			dups = append(dups, d) // reported as "not always"
		}
	}
	return
}

// nginxSelect returns the location block nginx picks for a URI among regex locations (the
// only kind the file uses), or nil for the server level.
func nginxSelect(root *nginxBlock, uri string) (*nginxBlock, error) {
	for _, blk := range root.blocks {
		if len(blk.args) != 3 || blk.args[0] != "location" || (blk.args[1] != "~" && blk.args[1] != "~*") {
			return nil, fmt.Errorf("line %d: only regex locations (location ~ \"...\") are expected here", blk.line)
		}
		expr := blk.args[2]
		if blk.args[1] == "~*" {
			expr = "(?i)" + expr
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", blk.line, err)
		}
		if re.MatchString(uri) {
			return blk, nil
		}
	}
	return nil, nil
}

// samplePaths are URL paths below the base, one or more per kind of file, on which every
// config is read back.
func samplePaths(s *Source, langs []string) []string {
	ps := []string{"/", "/index.html", "/404.html", "/sitemap.xml", "/robots.txt"}
	for _, l := range langs {
		ps = append(ps, "/"+l+"/", "/"+l+"/a-page/", "/"+l+"/404.html", "/"+l+"/a-section/a-page/index.html")
	}
	for _, r := range s.Cache {
		for _, f := range r.Folders {
			ps = append(ps, "/"+f+"/main.min.0123456789abcdef."+f, "/"+f+"/x")
		}
		for _, e := range r.Extensions {
			ps = append(ps, "/a."+e, "/materials/b."+e)
			if len(langs) > 0 {
				ps = append(ps, "/"+langs[0]+"/a-folder/c."+e)
			}
		}
	}
	return ps
}

// CheckNginx reads an nginx configuration back: for every sample path, under the root and
// under a subpath, the location nginx picks must send every header with its value; a
// language's folder must have its 404 page.
func CheckNginx(file string, data []byte, s *Source, o Options) []diag.Diagnostic {
	root, err := parseNginx(string(data))
	if err != nil {
		return []diag.Diagnostic{diag.Errorf(file, 0, 0, "cannot parse: %v", err)}
	}
	ps := newProblems(file)
	for _, base := range []string{"", "/sub"} {
		for _, p := range samplePaths(s, o.langs()) {
			blk, err := nginxSelect(root, base+p)
			if err != nil {
				return []diag.Diagnostic{diag.Errorf(file, 0, 0, "%v", err)}
			}
			// A location with no add_header of its own inherits the server level's.
			where, line, from := "server level", 0, root
			if blk != nil {
				if _, vals, _, _ := blk.headers(); len(vals) > 0 {
					where, line, from = fmt.Sprintf("location %s %q", blk.args[1], blk.args[2]), blk.line, blk
				}
			}
			compareHeaders(ps, line, where, base+p, from, s.Expected(p))
		}
	}
	checkNginx404(ps, root, o)
	return ps.diagnostics()
}

func compareHeaders(ps *problems, line int, where, uri string, blk *nginxBlock, want []Header) {
	_, got, lines, bad := blk.headers()
	for _, d := range bad {
		ps.add(d.line, "", "add_header %s: want `add_header Name \"value\" always;`, once per header and location", strings.Join(d.args[1:], " "))
	}
	for _, h := range want {
		v, ok := got[strings.ToLower(h.Name)]
		switch {
		case !ok:
			ps.add(line, uri, "%s: no %s header (want %q)", where, h.Name, h.Value)
		case v != h.Value:
			ps.add(lines[strings.ToLower(h.Name)], uri, "%s: %s is %q, want %q", where, h.Name, v, h.Value)
		}
	}
}

// checkNginx404 checks the server-level error page and the one of each language's folder.
func checkNginx404(ps *problems, root *nginxBlock, o Options) {
	if got := errorPage(root); got != "$protege_base/404.html" {
		ps.add(0, "", "server level: error_page 404 is %q, want %q", got, "$protege_base/404.html")
	}
	for _, l := range o.langs() {
		for _, base := range []string{"", "/sub"} {
			uri := base + "/" + l + "/missing/"
			blk, err := nginxSelect(root, uri)
			if err != nil {
				ps.add(0, "", "%v", err)
				return
			}
			if blk == nil {
				ps.add(0, uri, "no location gives a missing page of %s its language's 404 page", l)
				continue
			}
			re := regexp.MustCompile(blk.args[2])
			m := re.FindStringSubmatch(uri)
			lang := ""
			if i := re.SubexpIndex("protege_lang"); i >= 0 {
				lang = m[i]
			}
			page := errorPage(blk)
			if page == "" {
				page = errorPage(root) // inherited
			}
			got := strings.ReplaceAll(page, "$protege_lang", lang)
			if want := "$protege_base/" + l + "/404.html"; got != want {
				ps.add(blk.line, uri, "location %q: a missing page gets error page %q, want %q", blk.args[2], got, want)
			}
		}
	}
}

func errorPage(b *nginxBlock) string {
	for _, d := range b.directives {
		if d.args[0] == "error_page" && len(d.args) == 3 && d.args[1] == "404" {
			return d.args[2]
		}
	}
	return ""
}
