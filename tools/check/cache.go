package check

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"protege/tools/diag"
	"protege/tools/links"
	"protege/tools/sumfile"
	"protege/tools/toolhash"
)

// The per-page cache (Options.CacheDir). What the checks of one page alone yield (its front
// matter, terminology and hotline problems, and the facts of its Markdown parse: links, raw
// HTML, shortcodes, with their lines) is kept by a key made of the SHA-256 of the page's
// bytes, its path, and everything else those checks read: the site's Markdown settings
// (site/hugo.toml), the hotline data, the content conventions (the allowed address keys), the
// languages, the date they compare dates with, the strict mode, and the toolchain that checks
// (the SHA-256 of the running executable, as verify's cache). A page is checked again
// whenever any of these changes. The checks across files (links between pages, translations
// and their git history, names and paths, i18n strings, hotline data, scenarios) run at
// every run on these facts, so a page whose link target was deleted is reported even when the
// page itself is unchanged.
//
// The cache is one file, CacheDir/pages.json, read once (a site of 9,000 pages would
// otherwise open 9,000 small files): a sumfile (the SHA-256 of the JSON body, then the body,
// written atomically). It is used only when the sum holds and the body decodes; an entry is
// used only under its own key. Anything else (torn, corrupt, of another version) is ignored
// and written again. The file is written only when this run checked a page again or left an
// entry unused, and it keeps only the entries this run used.

// cacheVersion changes when the entries or the checks that make them change shape.
const cacheVersion = "protege-check-2"

const cacheFile = "pages.json"

// pageFacts is what the checks of one page alone yield.
type pageFacts struct {
	Diags []diag.Diagnostic `json:"diags,omitempty"`
	links.Facts
}

// pageCache is the cache of one run: the entries (a sumfile.Map) and the part of every key
// the options and the toolchain make.
type pageCache struct {
	opts    string
	entries *sumfile.Map[*pageFacts]
}

// openCache reads dir's cache ("" for none: a nil cache, which finds nothing and keeps
// nothing). inputs are the files the page checks read besides the page (their bytes go into
// every key; a missing one counts as empty).
func openCache(dir string, o Options, inputs ...string) (*pageCache, error) {
	if dir == "" {
		return nil, nil
	}
	tool, err := toolhash.Sum()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00today=%s\x00strict=%v\x00langs=%q\x00", cacheVersion, tool,
		o.Today.Format(time.DateOnly), o.Strict, o.Site.Langs())
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		fmt.Fprintf(h, "%s=%x\x00", filepath.Base(in), sha256.Sum256(b))
	}
	return &pageCache{opts: hex.EncodeToString(h.Sum(nil)),
		entries: sumfile.OpenMap[*pageFacts](filepath.Join(dir, cacheFile), cacheVersion)}, nil
}

// key is the key of one page: the options' key, its path and the SHA-256 of its bytes.
func (c *pageCache) key(file string, sum [32]byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%x", c.opts, file, sum)
	return hex.EncodeToString(h.Sum(nil))
}

// get returns the facts kept under key (nil when there are none).
func (c *pageCache) get(key string) *pageFacts {
	if c == nil {
		return nil
	}
	f, _ := c.entries.Get(key)
	return f
}

// put keeps f under key.
func (c *pageCache) put(key string, f *pageFacts) {
	if c != nil {
		c.entries.Put(key, f)
	}
}

// save writes the entries this run used, when they differ from those it read.
func (c *pageCache) save() {
	if c != nil {
		c.entries.Save()
	}
}
