// Package materials generates the printable kit for businesses — model code of conduct, staff
// quick guide, posters, wallet cards, self-assessment checklist, supplier clause — as PDFs in
// every language and paper size, from the site's own sources: the material pages of content/
// (Markdown through goldmark), content/data/hotlines.yaml, and the i18n/ strings (go-i18n).
//
// It writes <out>/static/materiales/<lang>/<name>-<paper>.pdf and <out>/data/materials.json
// (the list the site's downloads partial renders). The output is built in a temporary folder
// and swapped in only when everything succeeded. The same sources give the same bytes.
package materials

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/hotlines"
	"protege/tools/pdfmd"
	"protege/tools/publisher"
	"protege/tools/siteconfig"
)

// Options say where the sources are and where the kit goes.
type Options struct {
	Root string // repository root: content/, content/data/hotlines.yaml, i18n/
	Out  string // output folder, replaced as a whole (build/materials)
	// Site gives the languages, the address printed on the kit and in its QR codes (BaseURL),
	// and Strict (warnings are errors).
	Site *siteconfig.Site
	// Release is the build for publication and printing: no PREVIEW mark on the PDFs; the base
	// URL must not be a placeholder and the publisher must be set (content/data/publisher.yaml).
	Release bool
}

// File is one PDF, as listed in materials.json.
type File struct {
	Lang        string `json:"lang"`
	Key         string `json:"key"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Paper       string `json:"paper"`
	Path        string `json:"path"` // relative to the site root, no leading slash
	Bytes       int    `json:"bytes"`
	Pages       int    `json:"pages"`
	// Page is the logical path of the web page with the same text ("/materiales/guia-personal"),
	// for site.GetPage; empty for posters and cards.
	Page string `json:"page,omitempty"`
}

// Index is materials.json.
type Index struct {
	Files []File `json:"files"`
	// Contacts are the "save these numbers" contact files (.vcf), one per language.
	Contacts []Contact `json:"contacts"`
}

// Contact is one contact file, as listed in materials.json.
type Contact struct {
	Lang  string `json:"lang"`
	Path  string `json:"path"` // relative to the site root, no leading slash
	Bytes int    `json:"bytes"`
	Count int    `json:"count"` // contacts (phone lines) in the file
}

// job is one PDF to make.
type job struct {
	file File
	run  func() ([]byte, int, []diag.Diagnostic, error)
	data []byte
	ds   []diag.Diagnostic
	err  error
}

// Generate builds the kit into o.Out. Problems in the sources are returned as diagnostics
// (nothing is written when one is an error); err is for failures of another kind.
func Generate(o Options) (*Index, []diag.Diagnostic, error) {
	idx, files, ds, err := Render(o)
	if o.Site != nil && o.Site.Strict {
		diag.Strict(ds)
	}
	if err != nil || diag.HasErrors(ds) {
		return nil, ds, err
	}
	if err := write(o.Out, idx, files); err != nil {
		return nil, ds, err
	}
	return idx, ds, nil
}

// Render makes the kit in memory: the index, and the PDFs by path.
func Render(o Options) (*Index, map[string][]byte, []diag.Diagnostic, error) {
	jobs, ds, strs, err := plan(o)
	if err != nil {
		return nil, nil, nil, err
	}
	run(jobs)
	idx := &Index{Files: []File{}, Contacts: []Contact{}}
	files := map[string][]byte{}
	for _, e := range strs.envs {
		c, b := contactFile(e)
		if b != nil {
			idx.Contacts = append(idx.Contacts, c)
			files[c.Path] = b
		}
	}
	for _, j := range jobs {
		ds = append(ds, j.ds...)
		if j.err != nil {
			return nil, nil, nil, j.err
		}
		if j.data != nil {
			j.file.Bytes = len(j.data)
			idx.Files = append(idx.Files, j.file)
			files[j.file.Path] = j.data
		}
	}
	ds = append(ds, strs.diagnostics()...)
	diag.Sort(ds)
	return idx, files, slices.Compact(ds), nil
}

// run runs the jobs on every core; results stay in their slots, so the order is stable.
func run(jobs []*job) {
	var wg sync.WaitGroup
	ch := make(chan *job)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for j := range ch {
				b, pages, ds, err := j.run()
				j.data, j.file.Pages, j.ds, j.err = b, pages, ds, err
			}
		})
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// plan loads the sources and lists the PDFs to make, in the kit's order per language.
func plan(o Options) ([]*job, []diag.Diagnostic, *missingStrings, error) {
	if o.Site == nil {
		return nil, nil, nil, fmt.Errorf("materials: no site configuration (siteconfig.Load)")
	}
	base, langs := o.Site.BaseURL, o.Site.Langs()
	cfg, err := readSite(o.Root, o.Site)
	if err != nil {
		return nil, nil, nil, err
	}
	hotFile := filepath.Join(o.Root, "content", "data", "hotlines.yaml")
	data, err := hotlines.Load(hotFile)
	if err != nil {
		return nil, nil, nil, err
	}
	site, _, err := content.Load(filepath.Join(o.Root, "content"), langs)
	if err != nil {
		return nil, nil, nil, err
	}
	bundle, err := loadBundle(filepath.Join(o.Root, "i18n"), o.Site.Default().Locale, langs)
	if err != nil {
		return nil, nil, nil, err
	}
	strs := &missingStrings{m: map[string]diag.Diagnostic{}}
	pubFile := filepath.Join(o.Root, filepath.FromSlash(publisher.File))
	pub, pds := publisher.Load(pubFile, langs)
	if diag.HasErrors(pds) {
		return nil, pds, strs, nil
	}
	if o.Release {
		if probs := publisher.ReleaseProblems(base, pub, pubFile, nil); len(probs) > 0 {
			var ds []diag.Diagnostic
			for _, p := range probs {
				ds = append(ds, diag.Errorf(pubFile, 0, 0, "release: %s", p))
			}
			return nil, ds, strs, nil
		}
	}
	if len(data.Panel()) == 0 {
		return nil, []diag.Diagnostic{diag.Errorf(hotFile, 1, 0, "no line has `panel`: the posters and cards need the panel lines")}, strs, nil
	}
	checked := data.LastChecked()

	var ds []diag.Diagnostic
	var jobs []*job
	type langPlan struct {
		e       *env
		pages   map[string]*content.Page
		langDir string
	}
	var plans []langPlan
	envs := map[string]*env{}
	for _, lang := range langs {
		tx := &texts{lang: lang, file: filepath.Join(o.Root, "i18n", lang+".toml"), loc: newLocalizer(bundle, lang), locales: cfg.localesOf(lang), strs: strs}
		pages := map[string]*content.Page{}
		for _, p := range site.ByLang(lang) {
			if k := p.TranslationKey(); k != "" && pages[k] == nil {
				pages[k] = p
			}
		}
		langDir := filepath.Join(o.Root, "content", lang)
		report := pages[reportKey]
		if report == nil {
			ds = append(ds, diag.Errorf(langDir, 0, 0, "no page with translationKey %q: the posters' QR code leads to it", reportKey))
			continue
		}
		e := &env{
			lang: lang, baseURL: base, tx: tx, data: data, root: o.Root, md: cfg.md,
			reportURL: base + lang + "/" + strings.TrimPrefix(report.LogicalPath(), "/") + "/",
			checked:   tx.Date(checked),
			theme:     pdfmd.DefaultTheme(),
			kitLabel:  "PROTEGE",
			preview:   !o.Release,
		}
		e.pageURL = func(logical string) string {
			return base + lang + "/" + strings.Trim(logical, "/") + "/"
		}
		if name := pub.NameIn(lang); name != "" && len(pub.Missing()) == 0 {
			e.publisher = tx.T("pdfPublishedBy", map[string]any{"Name": name})
			e.modelText = tx.T("pdfModelTextBy", map[string]any{"Name": name})
		} else {
			e.publisher = tx.T("pdfPublisherNotSet", nil)
			e.modelText = e.publisher
		}
		if s := pages[sectionKey]; s != nil && s.String("title") != "" {
			e.kitLabel += "  ·  " + strings.ToUpper(s.String("title"))
		}
		envs[lang] = e
		e.others = envs
		strs.envs = append(strs.envs, e)
		plans = append(plans, langPlan{e, pages, langDir})
	}
	for _, lp := range plans {
		for _, m := range kit {
			if len(m.Langs) > 0 {
				ok := slices.Contains(m.Langs, lp.e.lang)
				for _, l := range m.Langs {
					ok = ok && envs[l] != nil
				}
				if !ok {
					continue
				}
			}
			for _, paper := range m.Papers {
				j, jds := makeJob(lp.e, m, paper, lp.pages[m.Key], lp.langDir, checked)
				ds = append(ds, jds...)
				if j != nil {
					jobs = append(jobs, j)
				}
			}
		}
	}
	return jobs, ds, strs, nil
}

// makeJob prepares one PDF; nil when there is nothing to make.
func makeJob(e *env, m material, paper Paper, p *content.Page, langDir string, checked time.Time) (*job, []diag.Diagnostic) {
	f := File{Lang: e.lang, Key: m.Key, Paper: paper.Name}
	switch m.Kind {
	case document:
		if p == nil {
			return nil, []diag.Diagnostic{diag.Errorf(langDir, 0, 0, "no page with translationKey %q: the kit needs it in every language", m.Key)}
		}
		if b, _ := p.Params["untranslated"].(bool); b {
			return nil, []diag.Diagnostic{diag.Warnf(p.File, p.KeyLine("untranslated"), 0, "not translated yet: no PDF of it in this language")}
		}
		if b, _ := p.Params["draft"].(bool); b {
			return nil, nil
		}
		body, ds := expandShortcodes(p, e.data)
		f.Title, f.Description = p.String("title"), p.String("description")
		f.Page = p.LogicalPath()
		f.Path = path.Join(materialDir, e.lang, strings.TrimSuffix(path.Base(p.Rel), ".md")+"-"+paper.Slug+".pdf")
		date := latest(checked, reviewed(p))
		return &job{file: f, run: func() ([]byte, int, []diag.Diagnostic, error) {
			return renderDocument(e, p, body, paper, m, date)
		}}, ds
	case scenarioCards, attendance:
		return trainingJob(e, m, paper, f, checked)
	default:
		slug := e.tx.T(m.SlugID, nil)
		if !slugRE.MatchString(slug) {
			return nil, []diag.Diagnostic{diag.Errorf(e.tx.file, 0, 0, "%s = %q: a file name is lowercase letters, digits and \"-\"", m.SlugID, slug)}
		}
		f.Title = e.tx.T(m.NameID, nil)
		f.Description = e.tx.T(m.DescriptionID, map[string]any{"Count": CardsPerSheet})
		f.Path = path.Join(materialDir, e.lang, slug+"-"+paper.Slug+".pdf")
		render := renderPoster
		if m.Kind == cards {
			render = renderCards
		}
		return &job{file: f, run: func() ([]byte, int, []diag.Diagnostic, error) {
			b, ds, err := render(e, m, paper, checked)
			return b, 1, ds, err
		}}, nil
	}
}

// reviewed is a page's `reviewed` date (zero when absent).
func reviewed(p *content.Page) time.Time {
	switch v := p.Params["reviewed"].(type) {
	case time.Time:
		return v
	case string:
		t, _ := time.Parse("2006-01-02", v)
		return t
	}
	return time.Time{}
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
