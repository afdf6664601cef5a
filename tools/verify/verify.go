// Package verify checks a built site (the public folder) before it is published: internal links
// and anchors (links.go), the rules every page must follow (language, title, description,
// canonical URL, hreflang, one h1, landmarks, quick exit, help panel), privacy (nothing from
// another origin, no inline script, no inline style that the CSP does not list by its hash,
// CSP and referrer policy, no storage or network calls in scripts), the weight budgets and
// the sitemaps. It prints every problem at once as
// "path:line: error: message", with the path relative to the public folder.
package verify

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"protege/tools/diag"
	"protege/tools/hotlines"
	"protege/tools/verify/dom"
	"protege/tools/workers"
)

// The budgets of DESIGN.md.
const (
	// DefaultBudgetHTMLGzip is the most a page may weigh, gzip-compressed, with its CSS and
	// JS: what fits in the first round trips on a slow link.
	DefaultBudgetHTMLGzip = 14336
	// DefaultBudgetTotal is the most a page may weigh uncompressed with everything it loads,
	// PDFs and photos excepted.
	DefaultBudgetTotal = 51200
)

// Options of a verification.
type Options struct {
	Dir      string // the built site
	BaseURL  string // e.g. https://host/sub/; "" reads it from the canonical link of index.html
	Hotlines string // content/data/hotlines.yaml: the help panel's numbers must match it
	// StyleHash ("sha256-…"), when set, is the hash of the inline stylesheet that the host
	// configs' Content-Security-Policy allows: every page's <style> must have it.
	StyleHash string
	// Workers is how many pages are read and checked at once; 0 means runtime.NumCPU(). The
	// report does not depend on it.
	Workers int

	// GzipSize, when set, is the size of the gzip -9 encoding of a file's bytes (the build
	// passes precompress's cache, so a page is compressed once for its weight and its .gz);
	// nil compresses here.
	GzipSize func([]byte) int

	// CacheDir, when set, keeps what each page's parse yields from one run to the next (see
	// cache.go): an unchanged page is not parsed again. The report does not depend on it.
	CacheDir string

	BudgetHTMLGzip int // bytes; 0 means DefaultBudgetHTMLGzip
	BudgetTotal    int // bytes; 0 means DefaultBudgetTotal

	// The site's languages (siteconfig): Langs maps each language folder to the locale its
	// pages declare in <html lang>; DefaultLang is the folder x-default points into;
	// RootLocale is the lang of the pages outside the language folders ("": the default
	// language's locale).
	Langs       map[string]string
	DefaultLang string
	RootLocale  string
}

// Report is the outcome of Run.
type Report struct {
	Diagnostics []diag.Diagnostic // sorted
	Weights     []Weight          // every HTML page, heaviest (gzip) first
	BaseURL     string            // the base URL the links were mapped with
	Pages       int               // HTML pages checked
	Parsed      int               // pages parsed (the others' facts came from Options.CacheDir)

	BudgetHTMLGzip, BudgetTotal int
}

// Failed reports whether any problem is an error.
func (r *Report) Failed() bool { return diag.HasErrors(r.Diagnostics) }

// page kinds.
type kind int

const (
	regular  kind = iota
	chooser       // /index.html: the language chooser
	root404       // /404.html
	lang404       // /<lang>/404.html
	redirect      // an alias page: <meta http-equiv=refresh>
)

type page struct {
	rel    string // path relative to the site folder, with slashes
	url    string // URL path, base path included: /sub/es/guias/
	lang   string // language folder, "" outside them
	locale string // the lang the page must declare
	kind   kind
	raw    []byte    // until its facts are known
	doc    *dom.Node // only while its facts are made
	f      *facts    // what its parse yields (cache.go)
	// anchors are the fragments a link to the page may name (ids, <a name>).
	anchors map[string]bool
}

type site struct {
	o      Options
	dir    string
	origin string // scheme://host of the base URL
	prefix string // path of the base URL, always ending in "/"
	files  map[string]int64
	dirs   map[string]bool // every folder of the site (but the root), by slash-separated path
	pages  []*page
	byRel  map[string]*page
	hot    *hotlines.Data
	gz     map[string]int
	gzMu   *sync.Mutex
	css    map[string][]string // the files each stylesheet loads, under gzMu
	ds     []diag.Diagnostic
	parsed atomic.Int64 // pages parsed by makeFacts
}

// fork is a copy of the site that collects its own diagnostics: one per page checked in
// parallel (everything else it holds is shared and read only, but for the gzip sizes).
func (s *site) fork() *site {
	return &site{o: s.o, dir: s.dir, origin: s.origin, prefix: s.prefix, files: s.files, dirs: s.dirs,
		pages: s.pages, byRel: s.byRel, hot: s.hot, gz: s.gz, gzMu: s.gzMu, css: s.css}
}

func (s *site) errorf(path string, line int, format string, args ...any) {
	s.ds = append(s.ds, diag.Errorf(path, line, 0, format, args...))
}

// Run checks the site in o.Dir. The error is for a site that cannot be checked at all (no
// such folder, unreadable data); problems of the site are in the report.
func Run(o Options) (*Report, error) {
	if o.BudgetHTMLGzip == 0 {
		o.BudgetHTMLGzip = DefaultBudgetHTMLGzip
	}
	if o.BudgetTotal == 0 {
		o.BudgetTotal = DefaultBudgetTotal
	}
	if _, ok := o.Langs[o.DefaultLang]; !ok {
		return nil, fmt.Errorf("verify: the default language %q is not one of the languages %v (siteconfig)", o.DefaultLang, sortedKeys(o.Langs))
	}
	if o.RootLocale == "" {
		o.RootLocale = o.Langs[o.DefaultLang]
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	s := &site{o: o, dir: o.Dir, files: map[string]int64{}, dirs: map[string]bool{}, byRel: map[string]*page{}, gz: map[string]int{}, gzMu: &sync.Mutex{}, css: map[string][]string{}}
	if err := s.load(); err != nil {
		return nil, err
	}
	if err := s.baseURL(); err != nil {
		return nil, err
	}
	if o.Hotlines != "" {
		d, err := hotlines.Load(o.Hotlines)
		if err != nil {
			return nil, fmt.Errorf("hotline data: %w", err)
		}
		s.hot = d
	}
	for _, p := range s.pages {
		p.url = s.pageURL(p.rel)
	}
	if err := s.makeFacts(); err != nil {
		return nil, err
	}
	s.checkSiteWide()
	// Each page against the others, from the facts of every page (no parse): links and
	// anchors, hreflang, weight. The diagnostics are gathered in page order, then sorted
	// with the others.
	g, rev := s.hreflangGraph()
	per := make([][]diag.Diagnostic, len(s.pages))
	weights := make([]Weight, len(s.pages))
	workers.Each(len(s.pages), o.Workers, func(i int) {
		w := s.fork()
		p := s.pages[i]
		w.ds = append(w.ds, p.f.Diags...)
		if p.kind != redirect {
			w.checkHreflang(p, g, rev)
		}
		for _, r := range p.f.Refs {
			w.checkRef(p, r.Line, r.URL, r.Same)
		}
		weights[i] = w.checkBudget(p)
		per[i] = w.ds
	})
	for _, ds := range per {
		s.ds = append(s.ds, ds...)
	}
	s.checkPrivacy()
	s.checkSitemaps()
	s.checkPDFAddresses()
	sortWeights(weights)
	diag.Sort(s.ds)
	s.ds = slices.Compact(s.ds)
	return &Report{
		Diagnostics: s.ds, Weights: weights, BaseURL: s.origin + s.prefix, Pages: len(s.pages),
		Parsed:         int(s.parsed.Load()),
		BudgetHTMLGzip: o.BudgetHTMLGzip, BudgetTotal: o.BudgetTotal,
	}, nil
}

// load lists every file and parses every HTML page.
func (s *site) load() error {
	fi, err := os.Stat(s.dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", s.dir)
	}
	err = filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." {
				s.dirs[rel] = true
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		s.files[rel] = info.Size()
		if strings.HasSuffix(rel, ".html") {
			s.pages = append(s.pages, &page{rel: rel})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(s.pages) == 0 {
		return fmt.Errorf("%s: no HTML page (is it the built site?)", s.dir)
	}
	slices.SortFunc(s.pages, func(a, b *page) int { return strings.Compare(a.rel, b.rel) })
	// Read every page once, in parallel (makeFacts parses those the cache does not know).
	errs := make([]error, len(s.pages))
	workers.Each(len(s.pages), s.o.Workers, func(i int) {
		pg := s.pages[i]
		pg.raw, errs[i] = os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(pg.rel)))
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, pg := range s.pages {
		s.byRel[pg.rel] = pg
	}
	return nil
}

// makeFacts gives every page its facts: from the cache when it holds them, otherwise from
// one parse of the page, with the page-local checks (then kept in the cache).
func (s *site) makeFacts() error {
	opts := ""
	if s.o.CacheDir != "" {
		var err error
		if opts, err = s.optionsKey(); err != nil {
			return err
		}
	}
	keys := make([]string, len(s.pages))
	workers.Each(len(s.pages), s.o.Workers, func(i int) {
		p := s.pages[i]
		var f *facts
		if opts != "" {
			keys[i] = pageKey(opts, p.rel, p.raw)
			if c, ok := s.readFacts(keys[i]); ok {
				f = c
			}
		}
		if f == nil {
			s.parsed.Add(1)
			f = s.fork().parseFacts(p, keys[i])
			if opts != "" {
				s.writeFacts(f)
			}
		}
		p.f, p.raw, p.doc = f, nil, nil
		s.classify(p, f.Redirect)
		p.anchors = make(map[string]bool, len(f.Anchors))
		for _, a := range f.Anchors {
			p.anchors[a] = true
		}
	})
	if opts == "" {
		return nil
	}
	used := make(map[string]bool, len(keys))
	for _, k := range keys {
		used[k] = true
	}
	return s.pruneCache(used)
}

// parseFacts parses a page and runs the checks that look at it alone.
func (s *site) parseFacts(p *page, key string) *facts {
	doc := dom.Parse(p.raw)
	p.doc = doc
	f := &facts{Key: key}
	p.f = f
	f.Redirect = doc.First(func(n *dom.Node) bool {
		return n.Tag == "meta" && strings.EqualFold(n.AttrOr("http-equiv"), "refresh")
	}) != nil
	s.classify(p, f.Redirect)
	p.anchors = anchorsOf(doc)
	f.Anchors = sortedKeys(p.anchors)
	ts := doc.All(func(n *dom.Node) bool { return n.Tag == "title" && !n.Inside(dom.Tag("svg")) })
	f.Titles = len(ts)
	if len(ts) > 0 {
		f.Title, f.TitleLine = ts[0].Text(), ts[0].Line
	}
	if len(ts) > 1 {
		f.Title2 = ts[1].Line
	}
	f.Alts = alternates(doc)
	s.checkPage(p)
	s.checkLinks(p)
	s.checkPagePrivacy(p)
	f.Loads = loadsOf(doc)
	f.HTMLGzip = s.gzipBytes(p.raw)
	f.Diags = s.ds
	return f
}

func (s *site) classify(p *page, redirectPage bool) {
	first, _, nested := strings.Cut(p.rel, "/")
	if loc, ok := s.o.Langs[first]; ok && nested {
		p.lang, p.locale = first, loc
	} else {
		p.locale = s.o.RootLocale
	}
	switch {
	case p.rel == "index.html":
		p.kind = chooser
	case p.rel == "404.html":
		p.kind = root404
	case p.lang != "" && p.rel == p.lang+"/404.html":
		p.kind = lang404
	case redirectPage:
		p.kind = redirect
	}
}

// baseURL sets the origin and path prefix from the option or from index.html's canonical link.
func (s *site) baseURL() error {
	raw := s.o.BaseURL
	if raw == "" {
		if p := s.byRel["index.html"]; p != nil {
			if c := canonicalOf(dom.Parse(p.raw)); c != nil {
				raw = c.AttrOr("href")
			}
		}
	}
	if raw == "" {
		return errors.New("cannot tell the site's base URL: index.html has no canonical link; give -baseurl")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("base URL %q: %w", raw, err)
	}
	if u.Host != "" {
		s.origin = strings.ToLower(u.Scheme + "://" + u.Host)
	}
	s.prefix = u.Path
	if !strings.HasSuffix(s.prefix, "/") {
		s.prefix += "/"
	}
	if !strings.HasPrefix(s.prefix, "/") {
		s.prefix = "/" + s.prefix
	}
	return nil
}

// pageURL is the URL path of a file: /sub/es/guias/ for es/guias/index.html.
func (s *site) pageURL(rel string) string {
	if rel == "index.html" {
		return s.prefix
	}
	if strings.HasSuffix(rel, "/index.html") {
		return s.prefix + strings.TrimSuffix(rel, "index.html")
	}
	return s.prefix + rel
}

// target is what a URL in a page points at.
type target struct {
	scheme   string // "" for http(s) and relative URLs; otherwise data, tel, mailto, javascript…
	external bool   // another origin
	origin   string // of an external URL
	rel      string // the file it maps to (may not exist); "" when outside the site
	fragment string
}

// resolve maps ref, found in the page at URL path from, onto the site folder.
func (s *site) resolve(from, ref string) target {
	ref = strings.TrimSpace(ref)
	u, err := url.Parse(ref)
	if err != nil {
		return target{rel: "?" + ref}
	}
	sch := strings.ToLower(u.Scheme)
	if sch != "" && sch != "http" && sch != "https" {
		return target{scheme: sch}
	}
	if u.Host != "" {
		if sch == "" {
			sch = "https"
			if strings.HasPrefix(s.origin, "http://") {
				sch = "http"
			}
		}
		o := strings.ToLower(sch + "://" + u.Host)
		if o != s.origin {
			return target{external: true, origin: o}
		}
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		base := &url.URL{Path: from}
		p = base.ResolveReference(&url.URL{Path: p}).Path
		if u.Path == "" {
			p = from
		}
	}
	t := target{fragment: u.Fragment}
	if p+"/" == s.prefix {
		p = s.prefix
	}
	if !strings.HasPrefix(p, s.prefix) {
		return t
	}
	rel := strings.TrimPrefix(p, s.prefix)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	t.rel = path.Clean(rel)
	return t
}

// Digest returns the SHA-256 of every file of a built site, by slash-separated path relative
// to dir: two builds of the same commit must give equal maps.
func Digest(dir string) (map[string]string, error) {
	return digest(dir)
}
