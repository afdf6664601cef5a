package verify

import (
	"compress/gzip"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"protege/tools/verify/dom"
)

// Weight is what one page costs a reader.
type Weight struct {
	Page string // path relative to the site folder

	// Gzip-compressed bytes (each file compressed at gzip -9 on its own).
	HTML, CSS, JS int
	Gzip          int // HTML + CSS + JS

	// Uncompressed bytes of the page and everything it loads (CSS, JS, images, icons, fonts),
	// PDFs and photos excepted.
	Total int
}

// photos are not counted in the page weight (there are none today; a photo has its own budget).
var photoExt = []string{".jpg", ".jpeg", ".webp", ".avif", ".heic"}

func isPhotoOrPDF(rel string) bool {
	ext := strings.ToLower(path.Ext(rel))
	return ext == ".pdf" || slices.Contains(photoExt, ext)
}

// gzipSize is the gzip -9 size of a file, computed once (pages call it in parallel).
func (s *site) gzipSize(rel string) int {
	s.gzMu.Lock()
	n, ok := s.gz[rel]
	s.gzMu.Unlock()
	if ok {
		return n
	}
	n = s.gzipFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
	s.gzMu.Lock()
	s.gz[rel] = n
	s.gzMu.Unlock()
	return n
}

func (s *site) gzipFile(file string) int {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	return s.gzipBytes(b)
}

// gzipBytes is the gzip -9 size of b.
func (s *site) gzipBytes(b []byte) int {
	if s.o.GzipSize != nil {
		return s.o.GzipSize(b)
	}
	cw := &countWriter{}
	zw, _ := gzip.NewWriterLevel(cw, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return cw.n
}

type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// cssAssets are the local files a stylesheet loads with url() (icons, fonts), read once.
func (s *site) cssAssets(rel string) []string {
	s.gzMu.Lock()
	out, ok := s.css[rel]
	s.gzMu.Unlock()
	if ok {
		return out
	}
	out = s.readCSSAssets(rel)
	s.gzMu.Lock()
	s.css[rel] = out
	s.gzMu.Unlock()
	return out
}

func (s *site) readCSSAssets(rel string) []string {
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range cssURL.FindAllSubmatchIndex(b, -1) {
		t := s.resolve(s.prefix+rel, firstGroup(b, m))
		if t.scheme == "" && !t.external && t.rel != "" {
			out = append(out, t.rel)
		}
	}
	return out
}

// loadsOf lists, in document order, the files a page loads that count in its weight.
func loadsOf(doc *dom.Node) []wref {
	var out []wref
	doc.Walk(func(n *dom.Node) {
		switch n.Tag {
		case "link":
			switch {
			case n.HasToken("rel", "stylesheet"):
				out = append(out, wref{URL: n.AttrOr("href"), Kind: loadCSS})
			case n.HasToken("rel", "icon") || n.HasToken("rel", "apple-touch-icon"):
				out = append(out, wref{URL: n.AttrOr("href")})
			}
		case "script":
			if src, ok := n.Attr("src"); ok {
				out = append(out, wref{URL: src, Kind: loadJS})
			}
		case "img", "input", "source", "video", "image", "use":
			for _, a := range []string{"src", "poster", "href", "xlink:href"} {
				if v, ok := n.Attr(a); ok {
					out = append(out, wref{URL: v})
				}
			}
		}
	})
	return out
}

// weigh measures one page, from its facts and the sizes of the files it loads.
func (s *site) weigh(p *page) Weight {
	w := Weight{Page: p.rel, HTML: p.f.HTMLGzip, Total: int(s.files[p.rel])}
	seen := map[string]bool{p.rel: true}
	add := func(v string, gz *int) {
		t := s.resolve(p.url, v)
		if t.scheme != "" || t.external || t.rel == "" || seen[t.rel] || isPhotoOrPDF(t.rel) {
			return
		}
		size, ok := s.files[t.rel]
		if !ok {
			return // a broken reference: reported by the link check
		}
		seen[t.rel] = true
		w.Total += int(size)
		if gz != nil {
			*gz += s.gzipSize(t.rel)
		}
	}
	for _, l := range p.f.Loads {
		switch l.Kind {
		case loadCSS:
			add(l.URL, &w.CSS)
			if t := s.resolve(p.url, l.URL); t.rel != "" && !t.external {
				for _, a := range s.cssAssets(t.rel) {
					add(s.prefix+a, nil)
				}
			}
		case loadJS:
			add(l.URL, &w.JS)
		default:
			add(l.URL, nil)
		}
	}
	w.Gzip = w.HTML + w.CSS + w.JS
	return w
}

// checkBudget weighs a page and reports it when over budget.
func (s *site) checkBudget(p *page) Weight {
	w := s.weigh(p)
	if w.Gzip > s.o.BudgetHTMLGzip {
		s.errorf(p.rel, 0, "over budget: %d bytes gzip with its CSS and JS (HTML %d + CSS %d + JS %d), the budget is %d",
			w.Gzip, w.HTML, w.CSS, w.JS, s.o.BudgetHTMLGzip)
	}
	if w.Total > s.o.BudgetTotal {
		s.errorf(p.rel, 0, "over budget: the page and what it loads weigh %d bytes uncompressed (PDFs and photos not counted), the budget is %d",
			w.Total, s.o.BudgetTotal)
	}
	return w
}

// sortWeights orders the pages' weights heaviest first (then by path).
func sortWeights(ws []Weight) {
	slices.SortStableFunc(ws, func(a, b Weight) int {
		if a.Gzip != b.Gzip {
			return b.Gzip - a.Gzip
		}
		return strings.Compare(a.Page, b.Page)
	})
}
