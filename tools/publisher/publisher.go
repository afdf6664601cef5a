// Package publisher reads and checks content/data/publisher.yaml, the one place where the
// organisation that publishes the site is named: name (per language where it differs), e-mail,
// web address, and optional postal address and phone. The site's footer, About, accessibility
// and privacy pages and every PDF of the kit show it; `make release` refuses to build without it.
//
// It also decides whether a base URL is fit for publication (Placeholder): the release build
// refuses example.org and its kin, reserved test names, localhost and IP addresses.
package publisher

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"protege/tools/diag"
)

// File is the publisher file, relative to the repository root.
const File = "content/data/publisher.yaml"

// Publisher is the decoded file. Empty fields are not set yet.
type Publisher struct {
	Name    map[string]string // per language; a single name is copied to every language
	Email   string
	URL     string
	Address string
	Phone   string

	langs []string       // the site's languages, default first; the name may be given per language
	lines map[string]int // line of each key, for messages
}

// Line is the line of key in the file (0 when absent).
func (p *Publisher) Line(key string) int { return p.lines[key] }

// NameIn is the name in a language ("" when not set).
func (p *Publisher) NameIn(lang string) string { return p.Name[lang] }

var keys = []string{"name", "email", "url", "address", "phone"}

var phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{5,20}$`)

// Load reads and validates the file. A missing file is an error diagnostic, not an err.
// langs are the site's languages, the default first.
func Load(path string, langs []string) (*Publisher, []diag.Diagnostic) {
	b, err := os.ReadFile(path)
	if err != nil {
		return &Publisher{Name: map[string]string{}, langs: langs}, []diag.Diagnostic{diag.Errorf(path, 0, 0,
			"cannot read the publisher file (who publishes the site; see docs/deploy.md): %v", err)}
	}
	return Validate(path, b, langs)
}

// Validate decodes the file's bytes and checks them: known keys only, strings only, the name
// as one string or per language (one of langs, the default first, which the others fall back
// to), an e-mail address, an https address, a phone
// number. Empty values are allowed: they mean "not set yet" (see Missing).
func Validate(file string, src []byte, langs []string) (*Publisher, []diag.Diagnostic) {
	p := &Publisher{Name: map[string]string{}, lines: map[string]int{}, langs: langs}
	def := ""
	if len(langs) > 0 {
		def = langs[0]
	}
	var ds []diag.Diagnostic
	errf := func(line int, format string, args ...any) {
		ds = append(ds, diag.Errorf(file, line, 0, format, args...))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		errf(yamlLine(err.Error()), "malformed YAML: %v", err)
		return p, ds
	}
	if len(doc.Content) == 0 {
		errf(1, "empty file: it needs the keys %s", strings.Join(keys, ", "))
		return p, ds
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		errf(m.Line, "the file must be a mapping of %s", strings.Join(keys, ", "))
		return p, ds
	}
	scalar := func(k, v *yaml.Node) (string, bool) {
		if v.Kind != yaml.ScalarNode || (v.Tag != "!!str" && v.Tag != "!!null") {
			errf(v.Line, "%s: want text in quotes", k.Value)
			return "", false
		}
		if v.Tag == "!!null" {
			return "", true
		}
		return strings.TrimSpace(v.Value), true
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if !slices.Contains(keys, k.Value) {
			errf(k.Line, "unknown key %q: the keys are %s", k.Value, strings.Join(keys, ", "))
			continue
		}
		if _, dup := p.lines[k.Value]; dup {
			errf(k.Line, "%s is given twice", k.Value)
			continue
		}
		p.lines[k.Value] = k.Line
		switch k.Value {
		case "name":
			if v.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(v.Content); j += 2 {
					lk, lv := v.Content[j], v.Content[j+1]
					if !slices.Contains(langs, lk.Value) {
						errf(lk.Line, "name: unknown language %q (%s)", lk.Value, strings.Join(langs, ", "))
						continue
					}
					if s, ok := scalar(lk, lv); ok {
						p.Name[lk.Value] = s
					}
				}
				if p.Name[def] == "" && slices.ContainsFunc(langs, func(l string) bool { return p.Name[l] != "" }) {
					errf(v.Line, "name: the name in the default language (%s) is missing; the other languages fall back to it", def)
				}
				for _, l := range langs {
					if p.Name[l] == "" {
						p.Name[l] = p.Name[def]
					}
				}
				continue
			}
			if s, ok := scalar(k, v); ok {
				for _, l := range langs {
					p.Name[l] = s
				}
			}
		default:
			s, ok := scalar(k, v)
			if !ok {
				continue
			}
			switch k.Value {
			case "email":
				p.Email = s
				if s != "" {
					if a, err := mail.ParseAddress(s); err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
						errf(v.Line, "email %q: want a plain address such as name@organisation.cr", s)
					}
				}
			case "url":
				p.URL = s
				if s != "" {
					if u, err := url.Parse(s); err != nil || u.Scheme != "https" || u.Host == "" {
						errf(v.Line, "url %q: want an https address such as https://organisation.cr/", s)
					}
				}
			case "address":
				p.Address = s
			case "phone":
				p.Phone = s
				if s != "" && !phoneRe.MatchString(s) {
					errf(v.Line, "phone %q: want digits, spaces and \"-\", with an optional leading +", s)
				}
			}
		}
	}
	for _, k := range keys[:3] {
		if _, ok := p.lines[k]; !ok {
			errf(1, "the key %s is missing (leave its value empty until it is known)", k)
		}
	}
	return p, ds
}

// Missing lists, for the release build, what is not set or not real: the name, the e-mail and
// the web address are required, and none may point at a placeholder domain.
func (p *Publisher) Missing() []string {
	var out []string
	for _, l := range p.langs {
		if strings.TrimSpace(p.Name[l]) == "" {
			out = append(out, "name (the organisation that publishes the site)")
			break
		}
	}
	if p.Email == "" {
		out = append(out, "email (where readers write to the publisher)")
	} else if why := Placeholder("https://" + p.Email[strings.LastIndex(p.Email, "@")+1:] + "/"); why != "" {
		out = append(out, fmt.Sprintf("email %q: %s", p.Email, why))
	}
	if p.URL == "" {
		out = append(out, "url (the publisher's own web site)")
	} else if why := Placeholder(p.URL); why != "" {
		out = append(out, fmt.Sprintf("url %q: %s", p.URL, why))
	}
	return out
}

// Placeholder says why a base URL cannot be published ("" when it can): not an absolute
// http(s) address, or a host that is a placeholder (example.org, example.com, example.net and
// their subdomains; any name under .example, .test, .invalid or .localhost; localhost) or an
// IP address.
func Placeholder(base string) string {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "not an absolute https address"
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if net.ParseIP(host) != nil {
		return "an IP address, not the site's name"
	}
	if host == "localhost" {
		return "localhost is this computer, not the public site"
	}
	for _, d := range []string{"example.org", "example.com", "example.net"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return d + " is a placeholder domain"
		}
	}
	for _, tld := range []string{"example", "test", "invalid", "localhost"} {
		if host == tld || strings.HasSuffix(host, "."+tld) {
			return "." + tld + " is a reserved name that no public site has"
		}
	}
	return ""
}

// ReleaseProblems lists why a release build cannot go ahead with this base URL and publisher
// file: each says what to set. Empty when the release may proceed.
func ReleaseProblems(base string, p *Publisher, file string, ds []diag.Diagnostic) []string {
	var out []string
	if why := Placeholder(base); why != "" {
		out = append(out, fmt.Sprintf("base URL %q: %s. Set the address the site is published at: make release BASE_URL=https://your-domain/ (with its subpath, if any)", base, why))
	}
	for _, d := range ds {
		if d.Severity == diag.Error {
			out = append(out, d.String())
		}
	}
	if m := p.Missing(); len(m) > 0 {
		out = append(out, fmt.Sprintf("%s: the publisher is not set: fill in %s (communications staff; see the comments in the file)", file, strings.Join(m, "; ")))
	}
	return out
}

var yamlLineRe = regexp.MustCompile(`line ([0-9]+)`)

func yamlLine(msg string) int {
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return n
	}
	return 0
}
