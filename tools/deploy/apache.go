package deploy

import (
	"fmt"
	"regexp"
	"strings"

	"protege/tools/diag"
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

// apacheItem is a directive the checker understands, or an <If>/<ElseIf>/<Else> chain.
type apacheItem struct {
	line        int
	header      string // Header always set: name
	value       string // its value, or the ErrorDocument target
	errDoc      bool
	branches    []*apacheBranch
	chainClosed bool
}

type apacheBranch struct {
	re    *regexp.Regexp // nil for <Else>
	items []*apacheItem
}

var (
	apacheHeaderRe = regexp.MustCompile(`^Header\s+always\s+set\s+(\S+)\s+"([^"]*)"$`)
	apacheErrDocRe = regexp.MustCompile(`^ErrorDocument\s+404\s+(\S+)$`)
	apacheIfRe     = regexp.MustCompile(`^<(If|ElseIf)\s+"%\{REQUEST_URI\}\s+=~\s+m#(.*)#(i?)">$`)
)

// parseApache reads the directives the generated file uses; others are ignored, except
// other forms of Header (reported, because they would not reach 404 pages).
func parseApache(file, data string) ([]*apacheItem, []diag.Diagnostic) {
	var top []*apacheItem
	type frame struct {
		list *[]*apacheItem
		tag  string
	}
	stack := []frame{{&top, ""}}
	var errs []diag.Diagnostic
	bad := func(n int, f string, a ...any) { errs = append(errs, diag.Errorf(file, n, 0, f, a...)) }
	for i, raw := range strings.Split(data, "\n") {
		n := i + 1
		l := strings.TrimSpace(raw)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		cur := stack[len(stack)-1]
		switch {
		case strings.HasPrefix(l, "<IfModule"):
			stack = append(stack, frame{cur.list, "IfModule"})
		case l == "<Else>" || apacheIfRe.MatchString(l):
			var br apacheBranch
			tag := "Else"
			if m := apacheIfRe.FindStringSubmatch(l); m != nil {
				tag = m[1]
				expr := m[2]
				if m[3] == "i" {
					expr = "(?i)" + expr
				}
				re, err := regexp.Compile(expr)
				if err != nil {
					bad(n, "%v", err)
					re = regexp.MustCompile(`^\b$`)
				}
				br.re = re
			}
			list := *cur.list
			if tag == "If" {
				*cur.list = append(list, &apacheItem{line: n, branches: []*apacheBranch{&br}})
			} else if len(list) == 0 || list[len(list)-1].branches == nil || list[len(list)-1].chainClosed {
				bad(n, "<%s> without an <If> before it", tag)
				*cur.list = append(list, &apacheItem{line: n, branches: []*apacheBranch{&br}})
			} else {
				last := list[len(list)-1]
				last.branches = append(last.branches, &br)
				last.chainClosed = tag == "Else"
			}
			stack = append(stack, frame{&br.items, tag})
		case strings.HasPrefix(l, "<If") || strings.HasPrefix(l, "<ElseIf"):
			bad(n, "cannot read this condition: want <If \"%%{REQUEST_URI} =~ m#regexp#\">")
			stack = append(stack, frame{new([]*apacheItem), "If"})
		case strings.HasPrefix(l, "</"):
			tag := strings.Trim(l, "</>")
			if len(stack) == 1 || cur.tag != tag {
				bad(n, "unexpected %s", l)
				continue
			}
			stack = stack[:len(stack)-1]
		case apacheHeaderRe.MatchString(l):
			m := apacheHeaderRe.FindStringSubmatch(l)
			*cur.list = append(*cur.list, &apacheItem{line: n, header: m[1], value: m[2]})
		case strings.HasPrefix(l, "Header"):
			bad(n, "want `Header always set Name \"value\"` (without `always`, 404 pages would not get it)")
		case apacheErrDocRe.MatchString(l):
			m := apacheErrDocRe.FindStringSubmatch(l)
			*cur.list = append(*cur.list, &apacheItem{line: n, errDoc: true, value: m[1]})
		}
	}
	if len(stack) != 1 {
		bad(0, "unclosed <%s>", stack[len(stack)-1].tag)
	}
	return top, errs
}

// apacheEval applies the items to a request URI: the headers set (later wins) with their
// lines, and the 404 error document.
func apacheEval(items []*apacheItem, uri string, hdr map[string]Header, lines map[string]int, errDoc *string) {
	for _, it := range items {
		switch {
		case it.branches != nil:
			for _, br := range it.branches {
				if br.re == nil || br.re.MatchString(uri) {
					apacheEval(br.items, uri, hdr, lines, errDoc)
					break
				}
			}
		case it.errDoc:
			*errDoc = it.value
		default:
			key := strings.ToLower(it.header)
			hdr[key] = Header{it.header, it.value}
			lines[key] = it.line
		}
	}
}

// CheckApache reads an .htaccess back for every sample path below o.Base.
func CheckApache(file string, data []byte, s *Source, o Options) []diag.Diagnostic {
	items, ds := parseApache(file, string(data))
	ps := newProblems(file)
	p := o.prefix()
	for _, sp := range samplePaths(s, o.langs()) {
		got, lines := map[string]Header{}, map[string]int{}
		apacheEval(items, p+sp, got, lines, new(string))
		for _, h := range s.Expected(sp) {
			g, ok := got[strings.ToLower(h.Name)]
			switch {
			case !ok:
				ps.add(0, p+sp, "no %s header (want %q)", h.Name, h.Value)
			case g.Value != h.Value:
				ps.add(lines[strings.ToLower(h.Name)], p+sp, "%s is %q, want %q", h.Name, g.Value, h.Value)
			}
		}
	}
	missing := map[string]string{p + "/missing/page/": p + "/404.html"}
	for _, l := range o.langs() {
		missing[p+"/"+l+"/missing/page/"] = p + "/" + l + "/404.html"
	}
	for uri, want := range missing {
		var doc string
		apacheEval(items, uri, map[string]Header{}, map[string]int{}, &doc)
		if doc != want {
			ps.add(0, uri, "a missing page gets ErrorDocument %q, want %q", doc, want)
		}
	}
	ds = append(ds, ps.diagnostics()...)
	diag.Sort(ds)
	return ds
}
