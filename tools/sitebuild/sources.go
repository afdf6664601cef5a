package sitebuild

import (
	"path/filepath"
	"sync"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/l10nstatus"
)

// Sources is what one build reads of the content folder once for all its stages: the pages
// (content.Load), which check, the translation status and the pages stage all need, and the
// git history, which check and the translation status need. Each is read on first use, by
// whichever stage comes first; the others wait for it and share it without changing it. A
// Sources belongs to one build: the next build reads the sources again (NewSources).
type Sources struct {
	content func() (*content.Site, []diag.Diagnostic, error)
	history func() (*l10nstatus.History, error)
}

// NewSources reads the content folder of root with the site's languages langs, on first use.
func NewSources(root string, langs []string) *Sources {
	dir := filepath.Join(root, "content")
	type loaded struct {
		site *content.Site
		ds   []diag.Diagnostic
	}
	load := sync.OnceValues(func() (loaded, error) {
		site, ds, err := content.Load(dir, langs)
		return loaded{site, ds}, err
	})
	return &Sources{
		content: func() (*content.Site, []diag.Diagnostic, error) {
			l, err := load()
			return l.site, l.ds, err
		},
		history: sync.OnceValues(func() (*l10nstatus.History, error) { return l10nstatus.LoadHistory(dir) }),
	}
}

// sources is src, or sources of their own when src is nil (a stage made without one).
func sources(src *Sources, root string, langs []string) *Sources {
	if src != nil {
		return src
	}
	return NewSources(root, langs)
}
