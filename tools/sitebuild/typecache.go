package sitebuild

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"

	"protege/tools/sumfile"
	"protege/tools/toolhash"
	"protege/tools/typography"
)

// editCache keeps the edits typography.HTML makes to each built page (typography.Edits), by
// the SHA-256 of the page's bytes and of the toolchain that typesets (the running
// executable's): a page Hugo renders with the same bytes as in the last build gets the same
// edits without being tokenized again. The edits are small (the text nodes that change), so
// the cache is one sumfile, CacheDir/typography/edits.json, read once and written again only
// when a page was typeset again or an entry went unused: it keeps the entries of this build's
// pages. A file whose sum does not hold, of another version, or an entry whose edits do not
// fit its page, is ignored and written again.
type editCache struct {
	file string
	opts string
	old  map[string][]typography.Edit

	mu      sync.Mutex
	new     map[string][]typography.Edit
	changed bool
}

// editCacheVersion changes when the entries change shape.
const editCacheVersion = "protege-typography-1"

type editCacheBody struct {
	Version string                       `json:"version"`
	Pages   map[string][]typography.Edit `json:"pages"`
}

// openEditCache reads the cache in dir ("" for none: a nil cache, which finds nothing and
// keeps nothing).
func openEditCache(dir string) (*editCache, error) {
	if dir == "" {
		return nil, nil
	}
	tool, err := toolhash.Sum()
	if err != nil {
		return nil, err
	}
	c := &editCache{file: filepath.Join(dir, "edits.json"), opts: editCacheVersion + "\x00" + tool, new: map[string][]typography.Edit{}}
	if body, ok := sumfile.Read(c.file); ok {
		var b editCacheBody
		if json.Unmarshal(body, &b) == nil && b.Version == editCacheVersion {
			c.old = b.Pages
		}
	}
	return c, nil
}

// typeset returns typography.HTML(page), with the edits of the cache when it holds them.
func (c *editCache) typeset(page []byte) []byte {
	if c == nil {
		return typography.HTML(page)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", c.opts)
	h.Write(page)
	key := hex.EncodeToString(h.Sum(nil))
	if es, ok := c.old[key]; ok {
		if out := typography.Apply(page, es); out != nil {
			c.mu.Lock()
			c.new[key] = es
			c.mu.Unlock()
			return out
		}
	}
	es := typography.Edits(page)
	c.mu.Lock()
	c.new[key] = es
	c.changed = true
	c.mu.Unlock()
	return typography.Apply(page, es)
}

// save writes the entries this build used, when they differ from those it read; a cache that
// cannot be written only costs the next build the typesetting.
func (c *editCache) save() {
	if c == nil || !c.changed && len(c.new) == len(c.old) {
		return
	}
	if body, err := json.Marshal(editCacheBody{Version: editCacheVersion, Pages: c.new}); err == nil {
		sumfile.WriteOne(c.file, body)
	}
}
