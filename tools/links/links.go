// Package links checks the Markdown of the pages, parsed with goldmark the way Hugo parses it:
// internal links resolve to a page of the same language, external links are http(s), images
// have alt text and come from this site, there is no raw HTML, and every shortcode exists in
// the site's layouts. Anchors (#id) are checked by Hugo itself, against the ids it made: the
// link render hook (site/layouts/_markup/render-link.html) fails the build on a missing one.
package links

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/mdtext"
)

// Pos is a place in a page's file: line and column (1-based), as in the messages.
type Pos struct {
	Line int `json:"l"`
	Col  int `json:"c"`
}

// Link is one link or image of a page.
type Link struct {
	Dest  string `json:"dest"`
	Pos          // where it starts in the file
	Image bool   `json:"img,omitempty"`
	Alt   string `json:"alt,omitempty"`  // images: the alt text
	Auto  bool   `json:"auto,omitempty"` // an autolink (<https://…> or a bare address)
}

// Shortcode is a shortcode's name and place, for the check that it exists.
type Shortcode struct {
	Name string `json:"name"`
	Pos
}

// Facts are what the checks across pages need from one page's parse: they depend on the
// page's bytes and the site's Markdown settings only, so a caller may keep them (JSON) and
// give them back for an unchanged page (see Doc).
type Facts struct {
	Links      []Link      `json:"links,omitempty"`
	HTML       []Pos       `json:"html,omitempty"` // raw HTML
	Shortcodes []Shortcode `json:"sc,omitempty"`
}

// Doc is what the checks need from one parsed page: the page (its front matter, read at
// every run) and the facts of its body.
type Doc struct {
	Page *content.Page
	Facts
}

// Parse parses one page's body (t, prepared by mdtext.New; its shortcodes masked) with md, the
// site's Markdown (markdown.Config.New).
func Parse(md goldmark.Markdown, p *content.Page, t *mdtext.Text) *Doc {
	src := t.Masked()
	root := md.Parser().Parse(text.NewReader(src))
	d := &Doc{Page: p}
	at := func(off int) Pos {
		l, c := t.Index.Pos(off)
		return Pos{l, c}
	}
	for _, sc := range t.Shortcodes {
		d.Shortcodes = append(d.Shortcodes, Shortcode{sc.Name, at(sc.Start)})
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			d.Links = append(d.Links, Link{Dest: string(n.Destination), Pos: at(n.Pos())})
		case *ast.Image:
			d.Links = append(d.Links, Link{Dest: string(n.Destination), Pos: at(n.Pos()), Image: true, Alt: strings.TrimSpace(plainText(n, src))})
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				u := string(n.URL(src))
				if !strings.Contains(u, "://") {
					u = "http://" + u // linkify's www.example.org
				}
				d.Links = append(d.Links, Link{Dest: u, Pos: at(n.Pos()), Auto: true})
			}
		case *ast.RawHTML:
			off := n.Pos()
			if off < 0 && n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
			d.HTML = append(d.HTML, at(off))
		case *ast.HTMLBlock:
			off := n.Pos()
			if off < 0 && n.Lines().Len() > 0 {
				off = n.Lines().At(0).Start
			}
			d.HTML = append(d.HTML, at(off))
		}
		return ast.WalkContinue, nil
	})
	return d
}

// Site is the set of parsed pages the links resolve against.
type Site struct {
	// Docs are the parsed pages.
	Docs []*Doc
	// Shortcodes are the names of the site's shortcodes (nil: not checked).
	Shortcodes []string
	// Langs are the site's languages, default first: a missing page is looked for in each.
	Langs []string
}

// Check resolves every link of every page and reports the problems.
func (s *Site) Check() []diag.Diagnostic {
	byPath := map[string]map[string]*Doc{} // lang → logical path → doc
	byKey := map[string]map[string]*Doc{}  // lang → translationKey → doc
	for _, d := range s.Docs {
		l := d.Page.Lang
		if byPath[l] == nil {
			byPath[l], byKey[l] = map[string]*Doc{}, map[string]*Doc{}
		}
		byPath[l][d.Page.LogicalPath()] = d
		if k := d.Page.TranslationKey(); k != "" {
			byKey[l][k] = d
		}
	}
	var ds []diag.Diagnostic
	for _, d := range s.Docs {
		p := d.Page
		errf := func(at Pos, format string, args ...any) {
			ds = append(ds, diag.Errorf(p.File, at.Line, at.Col, format, args...))
		}
		warnf := func(at Pos, format string, args ...any) {
			ds = append(ds, diag.Warnf(p.File, at.Line, at.Col, format, args...))
		}
		for _, at := range d.HTML {
			errf(at, "raw HTML is not allowed (Hugo leaves it out of the page): write Markdown instead")
		}
		if s.Shortcodes != nil {
			for _, sc := range d.Shortcodes {
				if !slices.Contains(s.Shortcodes, sc.Name) {
					errf(sc.Pos, "unknown shortcode %q: the site has %s (site/layouts/_shortcodes)", sc.Name, strings.Join(s.Shortcodes, ", "))
				}
			}
		}
		sources := sourceURLs(p)
		for _, ln := range d.Links {
			s.checkLink(d, ln, byPath, byKey, errf)
			if p.FrontMatter != nil && !ln.Image && isExternal(ln.Dest) && !sources[normURL(ln.Dest)] {
				warnf(ln.Pos, "external link %q is not one of the page's sources: add it to sources (title and url), or link to a source that is", ln.Dest)
			}
		}
	}
	return ds
}

func (s *Site) checkLink(d *Doc, ln Link, byPath, byKey map[string]map[string]*Doc, errf func(Pos, string, ...any)) {
	p := d.Page
	what := "link"
	if ln.Image {
		what = "image"
		if ln.Alt == "" {
			errf(ln.Pos, "image %q has no alt text: describe it between the brackets, ![what it shows](%s)", ln.Dest, ln.Dest)
		}
	}
	dest := ln.Dest
	switch {
	case dest == "":
		errf(ln.Pos, "%s with no address: write (/path) for a page of this site or (https://…) for another site", what)
	case strings.HasPrefix(dest, "#"):
		// An anchor of this page: checked by the link render hook against Hugo's heading ids.
	case strings.HasPrefix(dest, "//"):
		errf(ln.Pos, "%s %q: write the full address with https://", what, dest)
	case strings.HasPrefix(dest, "/"):
		if ln.Image {
			return // a file of this site (static/ or assets/): checked by the build
		}
		s.checkInternal(d, ln, byPath, byKey, errf)
	default:
		u, err := url.Parse(dest)
		switch {
		case err != nil || u.Scheme == "":
			errf(ln.Pos, "%s %q: internal links start with \"/\" and give the content path in this language (e.g. %s); other sites need https://", what, dest, examplePath(byPath[p.Lang]))
		case u.Scheme == "tel" || u.Scheme == "sms":
			errf(ln.Pos, "%s %q: phone numbers come from the hotline data: write {{< hotline \"id\" >}}", what, dest)
		case u.Scheme != "http" && u.Scheme != "https":
			errf(ln.Pos, "%s %q: only http:// and https:// addresses may be linked", what, dest)
		case u.Host == "":
			errf(ln.Pos, "%s %q has no host: write the full address", what, dest)
		case ln.Image:
			errf(ln.Pos, "image %q comes from another site: the site loads nothing from other sites; add the file to the site", dest)
		}
	}
}

func (s *Site) checkInternal(d *Doc, ln Link, byPath, byKey map[string]map[string]*Doc, errf func(Pos, string, ...any)) {
	p, dest, off := d.Page, ln.Dest, ln.Pos
	path, _, _ := strings.Cut(dest, "#") // the anchor: checked by the link render hook
	path, _, _ = strings.Cut(path, "?")
	path = unescape(path)
	if path != "/" {
		path = strings.TrimSuffix(path, "/")
	}
	if strings.HasSuffix(path, ".md") {
		errf(off, "link %q: write the content path without \".md\": %s", dest, strings.TrimSuffix(strings.TrimSuffix(path, ".md"), "/_index"))
		return
	}
	target := byPath[p.Lang][path]
	if target == nil {
		hint := fmt.Sprintf("write the content path in this language, e.g. %s", examplePath(byPath[p.Lang]))
		for _, lang := range s.Langs {
			if lang == p.Lang {
				continue
			}
			if other := byPath[lang][path]; other != nil {
				if same := byKey[p.Lang][other.Page.TranslationKey()]; same != nil {
					hint = fmt.Sprintf("that is the %s page; in %s write %s", lang, p.Lang, same.Page.LogicalPath())
				} else {
					hint = fmt.Sprintf("that is the %s page, which has no %s translation", lang, p.Lang)
				}
				break
			}
		}
		errf(off, "link to a missing page %q: %s", dest, hint)
	}
}

// sourceURLs are the addresses in a page's front matter `sources`, normalised.
func sourceURLs(p *content.Page) map[string]bool {
	out := map[string]bool{}
	ss, _ := p.Params["sources"].([]any)
	for _, s := range ss {
		if m, ok := s.(map[string]any); ok {
			if u, ok := m["url"].(string); ok {
				out[normURL(u)] = true
			}
		}
	}
	return out
}

func isExternal(dest string) bool {
	u, err := url.Parse(dest)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// normURL compares addresses without their fragment and final slash.
func normURL(s string) string {
	s, _, _ = strings.Cut(s, "#")
	return strings.TrimSuffix(s, "/")
}

// examplePath is a page of the language for the messages: the first, in order, of the pages
// in a section whose names follow the rules, else the first top-level page.
func examplePath(pages map[string]*Doc) string {
	var nested, top []string
	for p := range pages {
		if p == "/" || content.CheckSlug(p[strings.LastIndex(p, "/")+1:]) != "" {
			continue
		}
		if strings.Count(p, "/") == 2 {
			nested = append(nested, p)
		} else {
			top = append(top, p)
		}
	}
	switch {
	case len(nested) > 0:
		return slices.Min(nested)
	case len(top) > 0:
		return slices.Min(top)
	}
	return "/"
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// plainText is the text of a node (an image's alt text): text, strings and the first child of
// other inline nodes, entities resolved.
func plainText(n ast.Node, src []byte) string {
	var buf bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		plainTo(c, src, &buf)
	}
	return string(util.ResolveEntityNames(buf.Bytes()))
}

func plainTo(c ast.Node, src []byte, buf *bytes.Buffer) {
	if c == nil {
		return
	}
	switch c := c.(type) {
	case *ast.RawHTML:
	case *ast.String:
		buf.Write(c.Value)
	case *ast.Text:
		buf.Write(c.Segment.Value(src))
		if c.HardLineBreak() || c.SoftLineBreak() {
			buf.WriteByte('\n')
		}
	default:
		plainTo(c.FirstChild(), src, buf)
	}
}

// ShortcodeNames returns the names of the shortcodes in dir (site/layouts/_shortcodes).
func ShortcodeNames(dir string) ([]string, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return []string{}, nil
		}
		return nil, err
	}
	var names []string
	for _, e := range es {
		if e.IsDir() {
			continue
		}
		n, _, _ := strings.Cut(e.Name(), ".")
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, nil
}
