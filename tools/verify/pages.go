package verify

import (
	"slices"
	"strings"

	"protege/tools/verify/dom"
)

func canonicalOf(doc *dom.Node) *dom.Node {
	return doc.First(func(n *dom.Node) bool { return n.Tag == "link" && n.HasToken("rel", "canonical") })
}

func metaNamed(doc *dom.Node, name string) *dom.Node {
	return doc.First(func(n *dom.Node) bool { return n.Tag == "meta" && strings.EqualFold(n.AttrOr("name"), name) })
}

// alternate is one <link rel=alternate hreflang=…>.
type alternate struct {
	Hreflang string `json:"lang"`
	Href     string `json:"href"`
	Line     int    `json:"line"`
}

func alternates(doc *dom.Node) []alternate {
	var out []alternate
	for _, n := range doc.All(func(n *dom.Node) bool {
		_, ok := n.Attr("hreflang")
		return n.Tag == "link" && n.HasToken("rel", "alternate") && ok
	}) {
		out = append(out, alternate{n.AttrOr("hreflang"), strings.TrimSpace(n.AttrOr("href")), n.Line})
	}
	return out
}

// checkSiteWide applies the rules that compare pages with each other: the required pages
// and unique titles (in page order, so that "also the title of" names the first page).
func (s *site) checkSiteWide() {
	s.checkRequiredPages()
	titles := map[string]*page{}
	for _, p := range s.pages {
		if p.kind != redirect {
			s.checkTitle(p, titles)
		}
	}
}

// checkPage applies the rules every HTML page follows on its own (hreflang, which compares
// pages, is checked apart). It runs in parallel with the other pages, on the page's parse.
func (s *site) checkPage(p *page) {
	s.checkLang(p)
	if p.kind == redirect {
		return
	}
	s.checkDescription(p)
	s.checkCanonical(p)
	s.checkHeadings(p)
	s.checkLandmarks(p)
	s.checkQuickExit(p)
	s.checkHelpPanel(p)
	s.checkHotlineLinks(p)
	s.checkIDs(p)
}

// checkRequiredPages: the root chooser and the 404 pages that hosts serve for unknown
// addresses exist (the root one, and one per language folder).
func (s *site) checkRequiredPages() {
	want := []string{"index.html", "404.html"}
	for _, l := range sortedKeys(s.o.Langs) {
		if _, ok := s.byRel[l+"/index.html"]; ok {
			want = append(want, l+"/404.html")
		}
	}
	for _, rel := range want {
		if _, ok := s.byRel[rel]; !ok {
			s.errorf(rel, 0, "missing page: the site needs %s (the root chooser, or the 404 page hosts serve for unknown addresses)", rel)
		}
	}
}

// checkIDs: an id names one element of the page (anchors and label references depend on it).
func (s *site) checkIDs(p *page) {
	seen := map[string]int{}
	p.doc.Walk(func(n *dom.Node) {
		id, ok := n.Attr("id")
		if !ok {
			return
		}
		if first, dup := seen[id]; dup {
			s.errorf(p.rel, n.Line, "duplicate id %q (first on line %d): anchors and ARIA references to it are ambiguous", id, first)
			return
		}
		seen[id] = n.Line
	})
}

func (s *site) checkLang(p *page) {
	h := p.doc.First(dom.Tag("html"))
	if h == nil {
		s.errorf(p.rel, 1, "no <html> element (expected <html lang=%q>)", p.locale)
		return
	}
	lang, ok := h.Attr("lang")
	switch {
	case !ok || strings.TrimSpace(lang) == "":
		s.errorf(p.rel, h.Line, "<html> has no lang attribute (expected lang=%q)", p.locale)
	case lang != p.locale:
		where := "/" + p.lang + "/"
		if p.lang == "" {
			where = "the site root"
		}
		s.errorf(p.rel, h.Line, "<html lang=%q> does not match the page's folder %s (expected lang=%q)", lang, where, p.locale)
	}
}

func (s *site) checkTitle(p *page, seen map[string]*page) {
	f := p.f
	if f.Titles == 0 {
		s.errorf(p.rel, 1, "no <title>")
		return
	}
	if f.Titles > 1 {
		s.errorf(p.rel, f.Title2, "%d <title> elements (one only)", f.Titles)
	}
	t := f.Title
	if t == "" {
		s.errorf(p.rel, f.TitleLine, "empty <title>")
		return
	}
	if first, dup := seen[t]; dup {
		s.errorf(p.rel, f.TitleLine, "duplicate title %q (also the title of %s): every page needs its own", t, first.rel)
		return
	}
	seen[t] = p
}

func (s *site) checkDescription(p *page) {
	m := metaNamed(p.doc, "description")
	if m == nil {
		s.errorf(p.rel, 1, "no <meta name=\"description\">")
		return
	}
	if strings.TrimSpace(m.AttrOr("content")) == "" {
		s.errorf(p.rel, m.Line, "empty meta description")
	}
}

func (s *site) checkCanonical(p *page) {
	c := p.doc.All(func(n *dom.Node) bool { return n.Tag == "link" && n.HasToken("rel", "canonical") })
	if p.kind == root404 || p.kind == lang404 {
		if r := metaNamed(p.doc, "robots"); r == nil || !strings.Contains(strings.ToLower(r.AttrOr("content")), "noindex") {
			s.errorf(p.rel, 1, "a 404 page needs <meta name=\"robots\" content=\"noindex\">")
		}
		if len(c) > 0 {
			s.errorf(p.rel, c[0].Line, "a 404 page has no canonical link (it is served at every missing address)")
		}
		return
	}
	want := s.origin + p.url
	if len(c) == 0 {
		s.errorf(p.rel, 1, "no canonical link (expected <link rel=\"canonical\" href=%q>)", want)
		return
	}
	if len(c) > 1 {
		s.errorf(p.rel, c[1].Line, "%d canonical links (one only)", len(c))
	}
	if got := c[0].AttrOr("href"); got != want {
		s.errorf(p.rel, c[0].Line, "canonical link %q is not the page's own URL %q", got, want)
	}
}

// hreflangGraph resolves the alternates of every page once: page → the pages it lists
// (x-default excepted), and page → the pages that list it.
func (s *site) hreflangGraph() (g, rev map[*page][]*page) {
	g, rev = map[*page][]*page{}, map[*page][]*page{}
	for _, p := range s.pages {
		if p.kind == redirect || p.kind == root404 || p.kind == lang404 {
			continue
		}
		for _, a := range p.f.Alts {
			if strings.EqualFold(a.Hreflang, "x-default") {
				continue
			}
			if q := s.byRel[s.resolve(p.url, a.Href).rel]; q != nil {
				g[p] = append(g[p], q)
				rev[q] = append(rev[q], p)
			}
		}
	}
	return g, rev
}

// checkHreflang: the alternates of a page name every translation, itself included, each
// translation names the page back, and x-default is the page in the default language.
func (s *site) checkHreflang(p *page, g, rev map[*page][]*page) {
	if p.kind == root404 || p.kind == lang404 {
		return
	}
	alts := p.f.Alts
	self := s.origin + p.url
	if len(alts) == 0 {
		s.errorf(p.rel, 1, "no hreflang alternates (expected one per translation, this page included, and x-default)")
		return
	}
	var xdef *alternate
	byLang := map[string]string{}
	for i, a := range alts {
		if strings.EqualFold(a.Hreflang, "x-default") {
			xdef = &alts[i]
			continue
		}
		if prev, dup := byLang[a.Hreflang]; dup {
			s.errorf(p.rel, a.Line, "two hreflang=%q alternates (%s and %s)", a.Hreflang, prev, a.Href)
			continue
		}
		byLang[a.Hreflang] = a.Href
		t := s.resolve(p.url, a.Href)
		q := s.byRel[t.rel]
		if t.external || q == nil {
			s.errorf(p.rel, a.Line, "hreflang=%q points to %s, which is not a page of this site", a.Hreflang, a.Href)
			continue
		}
		if a.Hreflang != q.locale {
			s.errorf(p.rel, a.Line, "hreflang=%q points to %s, a page whose language is %q", a.Hreflang, a.Href, q.locale)
		}
		if p.kind == chooser || q == p {
			continue
		}
		if !slices.Contains(g[q], p) {
			s.errorf(p.rel, a.Line, "hreflang=%q alternate %s does not link back to this page (hreflang must be reciprocal)", a.Hreflang, a.Href)
		}
		// Completeness: every translation that a translation lists is listed here too.
		for _, r := range g[q] {
			// (A translation that lists this page is reported below, from its own side.)
			if r != p && !slices.Contains(g[p], r) && !slices.Contains(g[r], p) {
				s.errorf(p.rel, a.Line, "missing hreflang=%q alternate for the translation %s%s (listed by %s)", r.locale, s.origin, r.url, a.Href)
			}
		}
	}
	if p.kind != chooser {
		if byLang[p.locale] != self {
			s.errorf(p.rel, alts[0].Line, "the hreflang alternates do not include this page itself (hreflang=%q href=%q)", p.locale, self)
		}
		// A page that lists this one as its translation is listed back.
		for _, q := range rev[p] {
			if q != p && q.kind != chooser && !slices.Contains(g[p], q) {
				s.errorf(p.rel, alts[0].Line, "missing hreflang=%q alternate for the translation %s%s (which lists this page)", q.locale, s.origin, q.url)
			}
		}
	}
	defLocale := s.o.Langs[s.o.DefaultLang]
	def, hasDef := byLang[defLocale]
	switch {
	case xdef == nil && hasDef:
		s.errorf(p.rel, alts[len(alts)-1].Line, "missing hreflang=\"x-default\" alternate (it points at the page in the default language, %s)", def)
	case xdef == nil:
		// A page with no version in the default language has no x-default.
	case !hasDef:
		s.errorf(p.rel, xdef.Line, "hreflang=\"x-default\" points to %s but the page has no alternate in the default language (%s)", xdef.Href, defLocale)
	case xdef.Href != def:
		s.errorf(p.rel, xdef.Line, "hreflang=\"x-default\" points to %s, not to the page in the default language %s", xdef.Href, def)
	}
}

func (s *site) checkHeadings(p *page) {
	h1 := p.doc.All(dom.Tag("h1"))
	switch len(h1) {
	case 0:
		s.errorf(p.rel, 1, "no <h1> (every page has exactly one: its title)")
	case 1:
		if h1[0].Text() == "" {
			s.errorf(p.rel, h1[0].Line, "empty <h1>")
		}
	default:
		s.errorf(p.rel, h1[1].Line, "%d <h1> elements (exactly one: the page title; start sections at <h2>)", len(h1))
	}
}

// landmarks a page needs, as element or ARIA role.
var landmarks = []struct{ tag, role string }{
	{"header", "banner"}, {"nav", "navigation"}, {"main", "main"}, {"footer", "contentinfo"},
}

func (s *site) checkLandmarks(p *page) {
	for _, l := range landmarks {
		if (p.kind == chooser || p.kind == root404) && l.tag != "main" {
			continue
		}
		found := p.doc.All(func(n *dom.Node) bool { return n.Tag == l.tag || n.AttrOr("role") == l.role })
		if len(found) == 0 {
			s.errorf(p.rel, 1, "no <%s> landmark", l.tag)
		}
		if l.tag == "main" && len(found) > 1 {
			s.errorf(p.rel, found[1].Line, "%d <main> landmarks (one only)", len(found))
		}
	}
}

func (s *site) checkQuickExit(p *page) {
	q := p.doc.First(func(n *dom.Node) bool { return n.AttrOr("id") == "quick-exit" })
	if q == nil {
		s.errorf(p.rel, 1, "no quick exit (#quick-exit link): every page needs it")
		return
	}
	href, ok := q.Attr("href")
	if q.Tag != "a" || !ok || strings.TrimSpace(href) == "" || strings.HasPrefix(href, "#") {
		s.errorf(p.rel, q.Line, "the quick exit must be a plain link to the neutral page (<a id=\"quick-exit\" href=\"https://…\">), so that it works without JavaScript")
	}
}

// checkHelpPanel: the panel's call links are the panel lines of the hotline data, in order.
func (s *site) checkHelpPanel(p *page) {
	if p.kind == chooser || p.kind == root404 {
		return
	}
	panel := p.doc.First(func(n *dom.Node) bool { return n.HasClass("help-panel") })
	if panel == nil {
		s.errorf(p.rel, 1, "no help panel (.help-panel with the hotlines' tel: links)")
		return
	}
	links := panel.All(func(n *dom.Node) bool {
		h := n.AttrOr("href")
		return n.Tag == "a" && (strings.HasPrefix(h, "tel:") || strings.HasPrefix(h, "sms:"))
	})
	if len(links) == 0 {
		s.errorf(p.rel, panel.Line, "the help panel has no tel: link")
		return
	}
	if s.hot == nil {
		return
	}
	var want []string
	display := map[string]string{}
	for _, l := range s.hot.Panel() {
		want = append(want, l.Href())
		display[l.Href()] = l.Display
	}
	var got []string
	for _, a := range links {
		h := a.AttrOr("href")
		got = append(got, h)
		d, known := display[h]
		if !known {
			s.errorf(p.rel, a.Line, "the help panel calls %s, which is not a panel line of %s (panel lines: %s)", h, s.o.Hotlines, strings.Join(want, ", "))
			continue
		}
		if !strings.Contains(a.Text(), d) {
			s.errorf(p.rel, a.Line, "the help panel link %s shows %q, not the number %q of the hotline data", h, a.Text(), d)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			s.errorf(p.rel, panel.Line, "the help panel lacks %s, a panel line of %s", w, s.o.Hotlines)
		}
	}
	if sorted := slices.Sorted(slices.Values(got)); !slices.Equal(got, want) && slices.Equal(sorted, slices.Sorted(slices.Values(want))) {
		s.errorf(p.rel, panel.Line, "the help panel lines are not in the data's panel order: got %s, want %s", strings.Join(got, ", "), strings.Join(want, ", "))
	}
}

// checkHotlineLinks: a link marked data-hotline="id" opens what the data says for that id.
func (s *site) checkHotlineLinks(p *page) {
	if s.hot == nil {
		return
	}
	for _, a := range p.doc.All(func(n *dom.Node) bool { _, ok := n.Attr("data-hotline"); return n.Tag == "a" && ok }) {
		id := a.AttrOr("data-hotline")
		l, ok := s.hot.ByID(id)
		if !ok {
			s.errorf(p.rel, a.Line, "data-hotline=%q is not an id of %s", id, s.o.Hotlines)
			continue
		}
		if h := a.AttrOr("href"); h != l.Href() {
			s.errorf(p.rel, a.Line, "the link for hotline %s opens %s but the data says %s", id, h, l.Href())
		}
	}
}
