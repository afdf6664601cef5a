package verify

import (
	"net/url"
	"regexp"
	"strings"

	"protege/tools/verify/dom"
)

// The link checks run on verify's one parse of each page (they replaced htmltest, which parsed
// every page a second time). They keep every check that htmltest ran with the options the
// build gave it (internal links, anchors, images, scripts, meta refresh, mailto and tel,
// doctype; external links are not fetched: the build has no network, and the sources are
// checked by people, with dates):
//
//   - the page opens with the HTML5 doctype;
//   - every internal href, src, cite, data and poster (a, area, link, img, script, iframe,
//     input, audio, video, embed, source, track, object, blockquote, q, ins, del, and the
//     target of a meta refresh) resolves to a file of the built site, with the base URL's path
//     (https://host/sub/ → /sub/…) mapped onto the folder: a link outside that path is broken;
//     a link to a folder needs its trailing slash;
//   - every #fragment of an internal link names an element of the target page (its id, or the
//     name of an <a> or <map>); "#" alone is an error;
//   - <link> has an href, a and link hrefs are not blank, an img has src and alt (alt="" marks
//     a decorative image), a script has src or content, mailto: and tel: are not empty and a
//     mailto: address is well formed, a meta refresh has a delay and an unquoted URL.
//
// An absolute URL of the site's own origin (https://host/sub/page/) is checked as an internal
// link too (htmltest took it for an external one and skipped it), except in the canonical and
// hreflang links, which have checks of their own.

// anchorsOf lists the fragment targets of a page: every id, and the name of <a> and <map>.
func anchorsOf(doc *dom.Node) map[string]bool {
	ids := map[string]bool{}
	doc.Walk(func(n *dom.Node) {
		if id, ok := n.Attr("id"); ok && id != "" {
			ids[id] = true
		}
		if n.Tag == "a" || n.Tag == "map" {
			if name, ok := n.Attr("name"); ok && name != "" {
				ids[name] = true
			}
		}
	})
	return ids
}

// refAttrs are, per element, the attributes holding a URL the link checks follow (a, link,
// img, script and meta have rules of their own).
var refAttrs = map[string][]string{
	"area": {"href"}, "blockquote": {"cite"}, "del": {"cite"}, "ins": {"cite"}, "q": {"cite"},
	"iframe": {"src"}, "input": {"src"}, "audio": {"src"}, "embed": {"src"}, "source": {"src"},
	"track": {"src"}, "video": {"src", "poster"}, "object": {"data"},
}

// checkLinks runs the link checks that look at one page alone, on its parse, and records the
// URLs it links to (addRef) for checkRef.
func (s *site) checkLinks(p *page) {
	if p.doc.DoctypeLine == 0 {
		s.errorf(p.rel, 1, "missing doctype (the page must start with <!DOCTYPE html>)")
	} else if !strings.EqualFold(strings.TrimSpace(p.doc.Doctype), "html") {
		s.errorf(p.rel, p.doc.DoctypeLine, "doctype isn't html5 (<!DOCTYPE %s>; expected <!DOCTYPE html>)", p.doc.Doctype)
	}
	p.doc.Walk(func(n *dom.Node) {
		switch n.Tag {
		case "a", "link":
			s.checkHref(p, n)
		case "img":
			s.checkImg(p, n)
		case "script":
			src, ok := n.Attr("src")
			switch {
			case ok && src == "":
				s.errorf(p.rel, n.Line, "<script> src attribute present but empty")
			case !ok && strings.TrimSpace(n.RawText()) == "":
				s.errorf(p.rel, n.Line, "<script> without src and without content")
			case ok:
				p.addRef(n.Line, src, false)
			}
		case "meta":
			if strings.EqualFold(n.AttrOr("http-equiv"), "refresh") {
				s.checkRefresh(p, n)
			}
		}
		for _, attr := range refAttrs[n.Tag] {
			v, ok := n.Attr(attr)
			if !ok {
				continue
			}
			if strings.TrimSpace(v) == "" {
				s.errorf(p.rel, n.Line, "<%s %s> is blank", n.Tag, attr)
				continue
			}
			p.addRef(n.Line, v, false)
		}
	})
}

// checkHref checks the href of an <a> or a <link>.
func (s *site) checkHref(p *page, n *dom.Node) {
	if n.Tag == "link" && n.AttrOr("rel") == "dns-prefetch" {
		return
	}
	href, ok := n.Attr("href")
	switch {
	case !ok && n.Tag == "link":
		s.errorf(p.rel, n.Line, "<link> without href")
		return
	case !ok:
		return // an <a> without href is a placeholder, not a link
	case strings.TrimSpace(href) == "":
		s.errorf(p.rel, n.Line, "<%s> href blank", n.Tag)
		return
	case strings.TrimSpace(href) == "#":
		s.errorf(p.rel, n.Line, "empty hash: href=\"#\" leads nowhere")
		return
	}
	// The canonical and hreflang links have checks of their own (checkCanonical, checkHreflang).
	own := n.Tag == "link" && (n.HasToken("rel", "canonical") || n.HasToken("rel", "alternate"))
	p.addRef(n.Line, href, !own)
}

func (s *site) checkImg(p *page, n *dom.Node) {
	src, hasSrc := n.Attr("src")
	if alt, ok := n.Attr("alt"); !ok {
		s.errorf(p.rel, n.Line, "<img src=%q> has no alt attribute (alt=\"\" marks a decorative image)", src)
	} else if alt != "" && strings.TrimSpace(alt) == "" {
		s.errorf(p.rel, n.Line, "<img src=%q>: alt text contains only whitespace", src)
	}
	switch {
	case !hasSrc:
		s.errorf(p.rel, n.Line, "<img> without src attribute")
		return
	case strings.TrimSpace(src) == "":
		s.errorf(p.rel, n.Line, "<img> src attribute empty")
		return
	}
	if m, ok := n.Attr("usemap"); ok {
		u, err := url.Parse(strings.TrimSpace(m))
		switch {
		case err != nil || u.Path != "" || u.Host != "" || u.Scheme != "":
			s.errorf(p.rel, n.Line, "usemap %s: only a fragment starting with # is allowed", m)
		case u.Fragment == "":
			s.errorf(p.rel, n.Line, "usemap empty")
		case !p.anchors[u.Fragment]:
			s.errorf(p.rel, n.Line, "broken anchor %s: this page has no element with that id", m)
		}
		if n.Parent != nil && (n.Parent.Tag == "a" || n.Parent.Tag == "button") {
			s.errorf(p.rel, n.Line, "<img> with usemap attribute not allowed inside <%s>", n.Parent.Tag)
		}
	}
	p.addRef(n.Line, src, false)
}

var refreshURL = regexp.MustCompile(`;\s?[Uu][Rr][Ll]=`)

func (s *site) checkRefresh(p *page, n *dom.Node) {
	content, ok := n.Attr("content")
	switch {
	case !ok:
		s.errorf(p.rel, n.Line, "meta refresh without content attribute")
		return
	case content == "":
		s.errorf(p.rel, n.Line, "meta refresh with a blank content attribute")
		return
	}
	parts := refreshURL.Split(content, 2)
	if len(parts) == 2 && parts[1] != "" && (parts[1][0] == '"' || parts[1][0] == '\'') {
		s.errorf(p.rel, n.Line, "the URL in a meta refresh must not start with a quote")
		return
	}
	if !digits(parts[0]) {
		s.errorf(p.rel, n.Line, "meta refresh content %q: the delay must be a whole number of seconds", content)
	}
	if len(parts) == 2 {
		p.addRef(n.Line, parts[1], true)
	}
}

func digits(v string) bool {
	if v == "" {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// emailFormat is the address rule htmltest applied to mailto: links (checkmail's format check).
var emailFormat = regexp.MustCompile("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")

// addRef records a URL of the page (on line) for checkRef, which runs at every run on the
// facts of every page (the target may be another page, which may change or disappear).
func (p *page) addRef(line int, u string, sameOrigin bool) {
	p.f.Refs = append(p.f.Refs, ref{Line: line, URL: u, Same: sameOrigin})
}

// checkRef checks one URL of a page, found on line. sameOrigin says whether an absolute URL
// of the site's own origin is followed like a relative one.
func (s *site) checkRef(p *page, line int, ref string, sameOrigin bool) {
	ref = strings.TrimSpace(ref)
	u, err := url.Parse(ref)
	if err != nil {
		s.errorf(p.rel, line, "bad URL %q: %v", ref, err)
		return
	}
	switch strings.ToLower(u.Scheme) {
	case "mailto":
		if u.Opaque == "" {
			s.errorf(p.rel, line, "mailto: link without an address")
		} else if addr, err := url.QueryUnescape(u.Opaque); err != nil || !emailFormat.MatchString(addr) {
			s.errorf(p.rel, line, "%s: not a valid e-mail address", ref)
		}
		return
	case "tel":
		if u.Opaque == "" {
			s.errorf(p.rel, line, "tel: link without a number")
		}
		return
	case "", "http", "https":
	default:
		return // data:, sms:, javascript: (the privacy checks)…
	}
	if u.Host != "" && !sameOrigin {
		return
	}
	t := s.resolve(p.url, ref)
	if t.external || t.scheme != "" {
		return // another origin: not fetched
	}
	if t.rel == "" {
		s.errorf(p.rel, line, "broken link %s: outside the site's base path %s (every address of the site starts with it)", ref, s.prefix)
		return
	}
	if _, ok := s.files[t.rel]; !ok {
		if _, dir := s.files[t.rel+"/index.html"]; dir {
			s.errorf(p.rel, line, "link %s: add the trailing slash (the target is a folder)", ref)
		} else if s.dirs[t.rel] {
			s.errorf(p.rel, line, "broken link %s: the target is a folder with no index.html", ref)
		} else {
			s.errorf(p.rel, line, "broken link %s: no such page or file in the built site", ref)
		}
		return
	}
	if u.Fragment == "" {
		return
	}
	q := s.byRel[t.rel]
	switch {
	case q == p && !q.anchors[u.Fragment]:
		s.errorf(p.rel, line, "broken anchor %s: this page has no element with that id", ref)
	case q == nil:
		s.errorf(p.rel, line, "broken anchor %s: the target is not an HTML page", ref)
	case !q.anchors[u.Fragment]:
		s.errorf(p.rel, line, "broken anchor %s: the target page has no element with that id", ref)
	}
}
