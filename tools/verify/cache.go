package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"protege/tools/diag"
	"protege/tools/sumfile"
	"protege/tools/toolhash"
)

// The per-page cache (Options.CacheDir). What one page's parse yields is kept by the SHA-256
// of the page's bytes, its path, and everything else the page-local checks read: the base
// URL, the style hash, the hotline data, the languages, the gzip encoder, and the toolchain
// that checks (the SHA-256 of the running executable). A page is parsed again whenever any of
// these changes. The entry holds the page's facts (facts): the problems found on the page alone,
// the anchors it defines, its title and hreflang alternates, the URLs it links to and the
// files it loads, with their lines. The checks across pages (links and anchors into other
// pages and files, hreflang reciprocity, unique titles, weights with the CSS and JS, the
// sitemaps) run on these facts at every run, so a page whose target disappeared is reported
// even when the page itself is unchanged.
//
// An entry is CacheDir/<xx>/<key>: the SHA-256 (hex) of the JSON body, a newline, the body.
// It is used only when the hash matches and the body decodes with the same key; any other
// entry (torn, corrupt, of another version) is ignored and written again. Entries are written
// to a temporary file and renamed into place. After a run the folder keeps only the entries
// that run used.

// cacheVersion changes when the facts or the checks that make them change shape.
const cacheVersion = "protege-verify-1"

// ref is a URL of a page that the link checks follow.
type ref struct {
	Line int    `json:"l"`
	URL  string `json:"u"`
	Same bool   `json:"s,omitempty"` // an absolute URL of the site's origin is followed
}

// load kinds of a weighed reference.
const (
	loadOther = iota // counted uncompressed only
	loadCSS          // a stylesheet: its gzip counts as CSS, and the files its url()s load
	loadJS           // a script: its gzip counts as JS
)

// wref is a file a page loads (its weight).
type wref struct {
	URL  string `json:"u"`
	Kind int    `json:"k,omitempty"`
}

// facts is what the parse of one page yields.
type facts struct {
	Key       string            `json:"key"`
	Redirect  bool              `json:"redirect,omitempty"`
	Anchors   []string          `json:"anchors,omitempty"`
	Titles    int               `json:"titles"` // <title> elements outside svg
	Title     string            `json:"title,omitempty"`
	TitleLine int               `json:"titleLine,omitempty"`
	Title2    int               `json:"title2,omitempty"` // line of the second <title>
	Alts      []alternate       `json:"alts,omitempty"`
	Refs      []ref             `json:"refs,omitempty"`
	Loads     []wref            `json:"loads,omitempty"`
	HTMLGzip  int               `json:"htmlGzip"`
	Diags     []diag.Diagnostic `json:"diags,omitempty"`
}

// optionsKey is the part of every page's key that the options and the toolchain make.
func (s *site) optionsKey() (string, error) {
	tool, err := toolhash.Sum()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s%s\x00style=%s\x00gz=%v\x00root=%s\x00default=%s\x00", cacheVersion, tool,
		s.origin, s.prefix, s.o.StyleHash, s.o.GzipSize != nil, s.o.RootLocale, s.o.DefaultLang)
	for _, l := range sortedKeys(s.o.Langs) {
		fmt.Fprintf(h, "lang=%s:%s\x00", l, s.o.Langs[l])
	}
	if s.o.Hotlines != "" {
		b, err := os.ReadFile(s.o.Hotlines)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "hotlines=%s\x00%x\x00", s.o.Hotlines, sha256.Sum256(b))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// pageKey is the key of one page: the options' key, its path and its bytes.
func pageKey(opts, rel string, raw []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%x", opts, rel, sha256.Sum256(raw))
	return hex.EncodeToString(h.Sum(nil))
}

func (s *site) entry(key string) string {
	return filepath.Join(s.o.CacheDir, key[:2], key)
}

// readFacts returns the cached facts of key, when a valid entry holds them.
func (s *site) readFacts(key string) (*facts, bool) {
	body, ok := sumfile.Read(s.entry(key))
	if !ok {
		return nil, false
	}
	var f facts
	if err := json.Unmarshal(body, &f); err != nil || f.Key != key {
		return nil, false
	}
	return &f, true
}

// writeFacts keeps f; a failure only costs the next run a parse.
func (s *site) writeFacts(f *facts) {
	if body, err := json.Marshal(f); err == nil {
		sumfile.Write(s.entry(f.Key), body)
	}
}

// pruneCache removes every file of the cache folder that is not the entry of a key in used.
func (s *site) pruneCache(used map[string]bool) error {
	var stale []string
	err := filepath.WalkDir(s.o.CacheDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if d.IsDir() || used[d.Name()] && strings.EqualFold(filepath.Base(filepath.Dir(p)), d.Name()[:2]) {
			return nil
		}
		stale = append(stale, p)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(stale)
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	// Empty shard folders go too.
	des, _ := os.ReadDir(s.o.CacheDir)
	for _, d := range des {
		if d.IsDir() {
			os.Remove(filepath.Join(s.o.CacheDir, d.Name())) // fails unless empty
		}
	}
	return nil
}
