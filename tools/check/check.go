// Package check runs every content check of `protege check` over a repository and returns all
// the problems at once, sorted: front matter, translations, i18n strings, Markdown links and
// anchors, hotline data and hotline references, and terminology.
package check

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/frontmatter"
	"protege/tools/hotlineref"
	"protege/tools/hotlines"
	"protege/tools/i18ncheck"
	"protege/tools/l10nstatus"
	"protege/tools/links"
	"protege/tools/markdown"
	"protege/tools/mdtext"
	"protege/tools/publisher"
	"protege/tools/scenarios"
	"protege/tools/siteconfig"
	"protege/tools/terms"
	"protege/tools/workers"
)

// Options of a check.
type Options struct {
	Root   string           // repository root: holds content/, i18n/, site/layouts/, tools/
	Site   *siteconfig.Site // the site's languages (siteconfig.Load)
	Today  time.Time        // the date dates are compared with (zero: now)
	Strict bool             // warnings become errors
	Git    bool             // read the git history to find outdated translations
	// CacheDir, when set, keeps what the checks of each page alone found, so that the next
	// run checks again only the pages that changed (see cache.go); "" checks every page.
	CacheDir string
	// Content and History, when set, give what content.Load of Root's content folder with
	// the site's languages and l10nstatus.LoadHistory of it return, read once for every stage
	// of a build (see sitebuild.Sources); check does not change what they return.
	Content func() (*content.Site, []diag.Diagnostic, error)
	History func() (*l10nstatus.History, error)
}

// Result of a check.
type Result struct {
	Diagnostics []diag.Diagnostic // sorted; paths relative to Root
	Pages       map[string]int    // pages per language
	Langs       []string          // the languages, default first
	Notes       []string          // what could not be checked, for the reader (not problems)
	// Rechecked is how many pages had their own checks run (the others' results came from
	// Options.CacheDir).
	Rechecked int
}

// Paths of the checked files, relative to the root.
const (
	ContentDir  = "content"
	HotlineFile = "content/data/hotlines.yaml"
	I18nDir     = "i18n"
	LayoutsDir  = "site/layouts"
	// SiteConfig is Hugo's configuration: its [markup.goldmark] settings say how Markdown is read.
	SiteConfig = "site/hugo.toml"
	ToolsDir   = "tools"
	// ConventionsFile lists, among other things, the front matter keys that change an
	// address or publication and the files allowed to use them.
	ConventionsFile = "docs/content-conventions.md"
)

// Run checks the repository at o.Root.
func Run(o Options) (*Result, error) {
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	if o.Site == nil {
		return nil, fmt.Errorf("check: no site configuration (siteconfig.Load)")
	}
	langs := o.Site.Langs()
	root := o.Root
	at := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	res := &Result{Pages: map[string]int{}, Langs: langs}
	var ds []diag.Diagnostic

	// The git history is the slowest part: read it while the rest is parsed.
	var hist *l10nstatus.History
	var histErr error
	var wg sync.WaitGroup
	if o.Git {
		if o.History == nil {
			o.History = func() (*l10nstatus.History, error) { return l10nstatus.LoadHistory(at(ContentDir)) }
		}
		wg.Go(func() { hist, histErr = o.History() })
	}
	defer wg.Wait() // on early returns too

	if o.Content == nil {
		o.Content = func() (*content.Site, []diag.Diagnostic, error) { return content.Load(at(ContentDir), langs) }
	}
	shared, cds, err := o.Content()
	if err != nil {
		return nil, err
	}
	// A copy of each page: check names files relative to the root, and gives a page whose
	// front matter could not be read the translationKey it can find (recoverKey).
	site := &content.Site{Root: shared.Root, Langs: shared.Langs, Pages: make([]*content.Page, len(shared.Pages))}
	for i, p := range shared.Pages {
		c := *p
		site.Pages[i] = &c
	}
	ds = append(ds, cds...)
	// Bytes and names first: a file in another encoding than UTF-8, a name Hugo would
	// rewrite, a path Windows or macOS cannot store.
	eds, err := checkEncoding(root)
	if err != nil {
		return nil, err
	}
	ds = append(ds, eds...)
	ds = append(ds, checkNames(site)...)
	pds, err := checkPaths(root, o.Git)
	if err != nil {
		return nil, err
	}
	ds = append(ds, pds...)
	unreadable := map[string]bool{}
	for _, d := range cds {
		unreadable[d.Path] = true
	}
	for _, p := range site.Pages {
		res.Pages[p.Lang]++
		if unreadable[p.File] {
			recoverKey(p)
		}
		// Messages name files relative to the root, like the diagnostics' paths.
		p.File = relative(root, p.File)
	}
	for f := range unreadable {
		unreadable[relative(root, f)] = true
	}

	var data *hotlines.Data
	if b, err := os.ReadFile(at(HotlineFile)); err != nil {
		ds = append(ds, diag.Errorf(at(HotlineFile), 0, 0, "cannot read the hotline data: %v", err))
	} else {
		var hds []diag.Diagnostic
		data, hds = hotlines.Validate(at(HotlineFile), b, o.Today, langs)
		ds = append(ds, hds...)
	}

	// Who publishes the site: empty fields are allowed (preview), `make release` requires them.
	pub, pds := publisher.Load(at(publisher.File), langs)
	ds = append(ds, pds...)
	if m := pub.Missing(); len(pds) == 0 && len(m) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s: publisher not set yet (%d fields): preview only, `make release` will refuse", publisher.File, len(m)))
	}

	set, ids := i18ncheck.Load(at(I18nDir), langs)
	for _, f := range set.Files {
		f.Path = relative(root, f.Path)
	}
	ds = append(ds, ids...)
	ds = append(ds, set.Check()...)
	uses, err := i18ncheck.FindUses(at(LayoutsDir), at(ToolsDir))
	if err != nil {
		return nil, err
	}
	ds = append(ds, set.Unused(uses)...)

	md, err := markdown.Load(at(SiteConfig))
	if err != nil {
		return nil, err
	}
	shortcodes, err := links.ShortcodeNames(at(LayoutsDir + "/_shortcodes"))
	if err != nil {
		return nil, err
	}

	// Address keys (aliases, url, draft, …) some files may use, listed in the conventions.
	fo := frontmatter.Options{Today: o.Today, DefaultLang: langs[0]}
	if b, err := os.ReadFile(at(ConventionsFile)); err == nil {
		fo.Allowed = frontmatter.ParseAllowed(b)
	}

	// Page by page, on every core; a page whose facts are in the cache is not checked again.
	cache, err := openCache(o.CacheDir, o, at(SiteConfig), at(HotlineFile), at(ConventionsFile))
	if err != nil {
		return nil, err
	}
	facts := make([]*pageFacts, len(site.Pages))
	keys := make([]string, len(site.Pages))
	var todo []int
	for i, p := range site.Pages {
		if cache != nil {
			keys[i] = cache.key(p.File, p.Sum)
			facts[i] = cache.get(keys[i])
		}
		if facts[i] == nil {
			todo = append(todo, i)
		}
	}
	matcher := terms.Default().Matcher()
	refs := hotlineref.New(data)
	mds := make(chan goldmark.Markdown, runtime.GOMAXPROCS(0))
	workers.Each(len(todo), runtime.GOMAXPROCS(0), func(j int) {
		var m goldmark.Markdown // a parser per worker: they are not safe for concurrent use
		select {
		case m = <-mds:
		default:
			m = md.New()
		}
		defer func() { mds <- m }()
		p := site.Pages[todo[j]]
		var pd []diag.Diagnostic
		if !unreadable[p.File] {
			pd = append(pd, frontmatter.Check(p, fo)...)
		}
		t := mdtext.New(p.Body, p.BodyLine)
		pd = append(pd, terms.Check(p, t, matcher)...)
		pd = append(pd, refs.Check(p, t)...)
		facts[todo[j]] = &pageFacts{Diags: pd, Facts: links.Parse(m, p, t).Facts}
	})
	docs := make([]*links.Doc, len(site.Pages))
	for i, f := range facts {
		ds = append(ds, f.Diags...)
		docs[i] = &links.Doc{Page: site.Pages[i], Facts: f.Facts}
	}
	for _, i := range todo {
		cache.put(keys[i], facts[i])
	}
	res.Rechecked = len(todo)
	cache.save()
	ls := &links.Site{Docs: docs, Shortcodes: shortcodes, Langs: langs}
	ds = append(ds, ls.Check()...)
	// The training scenarios: the same keys in every language (a site without them has none).
	if _, err := os.Stat(at(scenarios.Dir)); err == nil {
		ds = append(ds, scenarios.Check(at(scenarios.Dir), langs, data)...)
	}

	wg.Wait()
	if histErr != nil {
		hist = nil
		res.Notes = append(res.Notes, "outdated translations not checked: "+firstLine(histErr.Error()))
	}
	ds = append(ds, l10nstatus.Build(site, hist).Check()...)

	for i := range ds {
		ds[i].Path = relative(root, ds[i].Path)
	}
	if o.Strict {
		diag.Strict(ds)
	}
	diag.Sort(ds)
	res.Diagnostics = dropEncodingEchoes(dedupe(ds))
	return res, nil
}

// Summary is a one-line account of a result: "2 errors, 1 warning in 72 pages (es 24, en 24, fr 24)".
func (r *Result) Summary() string {
	ne, nw := 0, 0
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error {
			ne++
		} else {
			nw++
		}
	}
	var per []string
	total := 0
	for _, l := range r.Langs {
		per = append(per, fmt.Sprintf("%s %d", l, r.Pages[l]))
		total += r.Pages[l]
	}
	return fmt.Sprintf("%s, %s in %d pages (%s)", plural(ne, "error"), plural(nw, "warning"), total, strings.Join(per, ", "))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func relative(root, path string) string {
	if rel, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

func dedupe(ds []diag.Diagnostic) []diag.Diagnostic {
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

var keyLine = regexp.MustCompile(`(?m)^translationKey:[ \t]*["']?([A-Za-z0-9_-]+)`)

// recoverKey finds the translationKey of a page whose front matter could not be read, so that
// one broken file is reported once, not also as a missing translation of its other languages.
func recoverKey(p *content.Page) {
	b, err := os.ReadFile(p.File)
	if err != nil {
		return
	}
	if m := keyLine.FindSubmatch(b); m != nil {
		p.Params = maps.Clone(p.Params) // the page is a copy; its front matter is shared
		p.Params["translationKey"] = string(m[1])
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
