package sitebuild

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

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
	opts    string
	entries *sumfile.Map[[]typography.Edit]
}

// editCacheVersion changes when the entries change shape.
const editCacheVersion = "protege-typography-2"

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
	return &editCache{opts: editCacheVersion + "\x00" + tool,
		entries: sumfile.OpenMap[[]typography.Edit](filepath.Join(dir, "edits.json"), editCacheVersion)}, nil
}

// key is the key of a page's edits: the SHA-256 of the options and the page's bytes.
func (c *editCache) key(page []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", c.opts)
	h.Write(page)
	return hex.EncodeToString(h.Sum(nil))
}

// typeset returns typography.HTML(page), with the edits of the cache when it holds them.
func (c *editCache) typeset(page []byte) []byte {
	if c == nil {
		return typography.HTML(page)
	}
	key := c.key(page)
	if es, ok := c.entries.Get(key); ok {
		if out := typography.Apply(page, es); out != nil {
			return out
		}
	}
	es := typography.Edits(page)
	c.entries.Put(key, es)
	return typography.Apply(page, es)
}

// save writes the entries this build used, when they differ from those it read; a cache that
// cannot be written only costs the next build the typesetting.
func (c *editCache) save() {
	if c != nil {
		c.entries.Save()
	}
}
