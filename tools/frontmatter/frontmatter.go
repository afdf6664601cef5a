// Package frontmatter checks the front matter of a content page: required keys and their
// types, the length of the description, the `reviewed` date, the audience, the sources, and
// keys nobody reads (a typo, most of the time).
package frontmatter

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/textfile"
)

// Audiences are the values `audience` may list.
var Audiences = []string{"tourists", "hotel-staff", "tour-operators", "drivers", "informal-workers",
	"businesses", "young-people", "everyone"}

// Known are the front matter keys the site reads. Any other key is reported as a warning.
// sourceChecked (a translation only) records the Spanish commit the translation was last
// checked against (read by tools/l10nstatus).
var Known = []string{"title", "description", "translationKey", "audience", "reviewed", "weight",
	"sources", "untranslated", "summary", "lead", "chooser", "notFoundTitle", "notFoundLink",
	"layout", "sourceChecked"}

// AddressKeys are the front matter keys with which Hugo changes a page's address (aliases,
// url, slug), its outputs, or whether and when it is published (draft, build, dates, …),
// compared without case as Hugo does. Each is an error unless docs/content-conventions.md
// allows it for that file (see ParseAllowed): an alias over the report page's address must
// never ship by accident.
var AddressKeys = []string{"aliases", "url", "slug", "draft", "outputs", "build", "_build",
	"cascade", "headless", "sitemap", "sites", "date", "publishdate", "pubdate", "published",
	"expirydate", "unpublished"}

// AllowedHeading is the heading of docs/content-conventions.md whose table lists the
// address keys a file may use: | `key` | `content/…/file.md` | why |.
const AllowedHeading = "## Front matter keys that change an address or publication"

// ParseAllowed reads the table under AllowedHeading: key (lower case) → files.
func ParseAllowed(doc []byte) map[string][]string {
	out := map[string][]string{}
	in := false
	for _, l := range strings.Split(string(doc), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "## ") {
			in = l == AllowedHeading
			continue
		}
		if m := allowedRow.FindStringSubmatch(l); in && m != nil {
			k := strings.ToLower(m[1])
			out[k] = append(out[k], m[2])
		}
	}
	return out
}

var allowedRow = regexp.MustCompile("^\\|\\s*`([A-Za-z_]+)`\\s*\\|\\s*`(content/[^`]+)`\\s*\\|")

// Options of CheckWith.
type Options struct {
	Today   time.Time           // a reviewed date after it is an error
	Allowed map[string][]string // address keys allowed per file (ParseAllowed); paths as in Page.File
	// DefaultLang is the site's default language, the source of the translations.
	DefaultLang string
}

// NoSources are the translationKeys of the pages that may have no sources: the privacy and
// accessibility statements say what this site itself does, and the home page only points to
// the pages (and the hotline data) that carry the sources. Every other page states facts and
// must list where they come from.
var NoSources = []string{"home", "privacy", "accessibility"}

// Description length, in characters: search engines show about 160.
const (
	MinDescription = 70
	MaxDescription = 160
)

// Title length, in characters: search results show about 60 before cutting, and the printed
// materials set the title of a document on at most two lines. The longest title today has 69.
const MaxTitle = 80

// MaxKey is the longest translationKey, in characters.
const MaxKey = 60

var keyRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// CheckKey says what is wrong with a translationKey, or returns "". `protege new` uses it too.
func CheckKey(key string) string {
	switch {
	case !keyRe.MatchString(key):
		return fmt.Sprintf("%q must be lowercase letters and digits joined by \"-\", e.g. guide-hotels", key)
	case len(key) > MaxKey:
		return fmt.Sprintf("%q has %d characters, at most %d", key, len(key), MaxKey)
	}
	return ""
}

// CheckTitle says what is wrong with a title, or returns "". `protege new` uses it too.
func CheckTitle(title string) string {
	if c := textfile.Control(title); c != "" {
		return "contains a " + c + "; retype it without that character"
	}
	if n := utf8.RuneCountInString(title); n > MaxTitle {
		return fmt.Sprintf("is too long: %d characters, at most %d (search results cut it after about 60, and the printed materials have two lines for it)", n, MaxTitle)
	}
	return ""
}

// Check returns the problems of one page's front matter. o.Today is the current date (a
// `reviewed` date after it is an error), o.Allowed the address keys some files may use. A page whose front matter could not be read at all is
// reported by content.Load; Check then sees an empty front matter.
func Check(p *content.Page, o Options) []diag.Diagnostic {
	c := &checker{p: p, today: dateOf(o.Today), def: o.DefaultLang, fields: map[string]field{}}
	if fm := p.FrontMatter; fm != nil {
		for i := 0; i+1 < len(fm.Content); i += 2 {
			k, v := fm.Content[i], fm.Content[i+1]
			c.fields[k.Value] = field{k, v}
			lk := strings.ToLower(k.Value)
			if slices.Contains(AddressKeys, lk) {
				if !slices.Contains(o.Allowed[lk], filepathToSlash(p.File)) {
					c.errf(k, "front matter key %q changes the page's address or publication (Hugo acts on it): remove it, or list it for this file under %q in docs/content-conventions.md with the reason", k.Value, strings.TrimPrefix(AllowedHeading, "## "))
				}
				continue
			}
			if !slices.Contains(Known, k.Value) {
				c.warn(k, "unknown front matter key %q: the site does not read it (known keys: %s); check the spelling or remove it", k.Value, strings.Join(Known, ", "))
			}
		}
	}
	c.title()
	c.description()
	c.translationKey()
	c.reviewed()
	c.audience()
	c.sources()
	c.optional()
	return c.ds
}

type field struct{ key, val *yaml.Node }

type checker struct {
	p      *content.Page
	today  time.Time
	def    string // the default language
	fields map[string]field
	ds     []diag.Diagnostic
}

// line and col of a node of the front matter in the file (the front matter starts on line 2).
func pos(n *yaml.Node) (int, int) { return n.Line + 1, n.Column }

func (c *checker) errf(n *yaml.Node, format string, args ...any) {
	l, col := 1, 1
	if n != nil {
		l, col = pos(n)
	}
	c.ds = append(c.ds, diag.Errorf(c.p.File, l, col, format, args...))
}

func (c *checker) warn(n *yaml.Node, format string, args ...any) {
	l, col := pos(n)
	c.ds = append(c.ds, diag.Warnf(c.p.File, l, col, format, args...))
}

// str returns a required or optional text value; nil when absent or wrong.
func (c *checker) str(key string, required bool, hint string) *yaml.Node {
	f, ok := c.fields[key]
	if !ok {
		if required {
			c.errf(nil, "missing %s: %s", key, hint)
		}
		return nil
	}
	v := f.val
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		c.errf(v, "%s must be text in quotes, e.g. %s: \"…\"", key, key)
		return nil
	}
	if strings.TrimSpace(v.Value) == "" {
		if required {
			c.errf(v, "%s is empty: %s", key, hint)
		}
		return nil
	}
	return v
}

func (c *checker) title() {
	if v := c.str("title", true, "add title: \"…\", the page's heading"); v != nil {
		if msg := CheckTitle(v.Value); msg != "" {
			c.errf(v, "title %s", msg)
		}
	}
}

func (c *checker) description() {
	v := c.str("description", true, "add description: \"…\", one or two sentences of 70 to 160 characters shown by search engines and in lists")
	if v == nil {
		return
	}
	n := utf8.RuneCountInString(v.Value)
	switch {
	case textfile.Control(v.Value) != "":
		c.errf(v, "description contains a %s; retype it without that character", textfile.Control(v.Value))
	case n < MinDescription:
		c.errf(v, "description is too short: %d characters, it needs %d to %d; say in a full sentence what the page offers and to whom", n, MinDescription, MaxDescription)
	case n > MaxDescription:
		c.errf(v, "description is too long: %d characters, it needs %d to %d; search engines cut it after about %d", n, MinDescription, MaxDescription, MaxDescription)
	}
}

func (c *checker) translationKey() {
	v := c.str("translationKey", true, "add translationKey: the same key in the es, en and fr files of this page, e.g. translationKey: guide-hotels")
	if v != nil {
		if msg := CheckKey(v.Value); msg != "" {
			c.errf(v, "translationKey %s", msg)
		}
	}
}

func (c *checker) reviewed() {
	f, ok := c.fields["reviewed"]
	ex := c.today.Format("2006-01-02")
	if !ok {
		c.errf(nil, "missing reviewed: add the date the text was last checked against its sources, e.g. reviewed: %s", ex)
		return
	}
	t, ok := parseDate(f.val)
	switch {
	case !ok:
		c.errf(f.val, "reviewed %q is not a date: write it as YYYY-MM-DD, e.g. reviewed: %s", f.val.Value, ex)
	case t.After(c.today):
		c.errf(f.val, "reviewed %s is in the future: write the date the text was actually checked (today is %s)", f.val.Value, ex)
	}
}

func (c *checker) audience() {
	f, ok := c.fields["audience"]
	hint := "list who the page is for, e.g. audience: [hotel-staff]; known values: " + strings.Join(Audiences, ", ")
	if !ok {
		c.errf(nil, "missing audience: %s", hint)
		return
	}
	v := f.val
	if v.Kind != yaml.SequenceNode {
		c.errf(v, "audience must be a list in brackets, e.g. audience: [%s]", v.Value)
		return
	}
	if len(v.Content) == 0 {
		c.errf(v, "audience is empty: %s", hint)
		return
	}
	for _, a := range v.Content {
		if a.Kind != yaml.ScalarNode || !slices.Contains(Audiences, a.Value) {
			c.errf(a, "unknown audience %q: known values are %s", a.Value, strings.Join(Audiences, ", "))
		}
	}
}

func (c *checker) sources() {
	f, ok := c.fields["sources"]
	exempt := slices.Contains(NoSources, c.p.TranslationKey())
	hint := "list where every fact on the page comes from, each as \"- title: …\" and \"url: https://…\" (from shared/reference)"
	if !ok {
		if !exempt {
			c.errf(nil, "missing sources: %s", hint)
		}
		return
	}
	v := f.val
	if v.Kind != yaml.SequenceNode {
		c.errf(v, "sources must be a list: %s", hint)
		return
	}
	if len(v.Content) == 0 && !exempt {
		c.errf(v, "sources is empty: %s", hint)
		return
	}
	for _, s := range v.Content {
		if s.Kind != yaml.MappingNode {
			c.errf(s, "a source must be written as \"- title: …\" with \"url: https://…\" below it")
			continue
		}
		var title, u *yaml.Node
		for i := 0; i+1 < len(s.Content); i += 2 {
			k, val := s.Content[i], s.Content[i+1]
			switch k.Value {
			case "title":
				title = val
			case "url":
				u = val
			default:
				c.errf(k, "unknown key %q in a source: a source has title and url", k.Value)
			}
		}
		if title == nil || title.Kind != yaml.ScalarNode || strings.TrimSpace(title.Value) == "" {
			c.errf(s, "the source has no title: add title: \"…\", the name of the page or document")
		}
		switch {
		case u == nil || u.Kind != yaml.ScalarNode || u.Value == "":
			c.errf(s, "the source has no url: add url: \"https://…\"")
		case !isHTTP(u.Value):
			c.errf(u, "source url %q must be a full https:// (or http://) address", u.Value)
		}
	}
}

// optional checks the types of the optional keys.
func (c *checker) optional() {
	for _, key := range []string{"summary", "lead", "chooser", "notFoundTitle", "notFoundLink", "layout"} {
		c.str(key, false, "")
	}
	if f, ok := c.fields["untranslated"]; ok && f.val.Tag != "!!bool" {
		c.errf(f.val, "untranslated must be true or false (without quotes)")
	}
	if f, ok := c.fields["weight"]; ok {
		if _, err := strconv.Atoi(f.val.Value); f.val.Tag != "!!int" || err != nil {
			c.errf(f.val, "weight must be a whole number, e.g. weight: 20")
		}
	}
	if f, ok := c.fields["outputs"]; ok {
		if f.val.Kind != yaml.SequenceNode {
			c.errf(f.val, "outputs must be a list, e.g. outputs: [html]")
		}
	}
	if f, ok := c.fields["untranslated"]; ok && f.val.Value == "true" && c.p.Lang == c.def {
		c.errf(f.val, "the page in the default language (%s) is the source of its translations: remove untranslated", c.def)
	}
}

func filepathToSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }

func parseDate(n *yaml.Node) (time.Time, bool) {
	if n.Kind != yaml.ScalarNode {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, n.Value); err == nil {
			return dateOf(t), true
		}
	}
	return time.Time{}, false
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
