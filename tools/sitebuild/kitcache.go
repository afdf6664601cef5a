package sitebuild

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"protege/tools/materials"
	"protege/tools/toolhash"
	"protege/tools/workers"
)

// The PDF kit of a build is reused when none of its inputs changed: the sources it is made
// from (content/, with the hotline, publisher and scenario data, i18n/, site/hugo.toml), the
// base URL, the release and strict settings, and the toolchain that makes it (the SHA-256 of
// the running executable). The kit is deterministic (its dates come from the sources), so a
// reused kit is byte for byte the one the build would make. Of the content's pages, the kit
// reads the text of those with a translationKey of materials.PageKeys only, and of the others
// which key each has: a page enters the key by its language, path and translationKey, and by
// its bytes when that key is one of the kit's (or its front matter cannot be read), so that
// editing the text of any other page keeps the kit.
//
// The cache is CacheDir/materials/<key>/: files/ (the kit), manifest (the SHA-256 and path of
// every file) and messages (what the generator printed, replayed on reuse). An entry is used
// only when every file matches its manifest line; otherwise it is removed and the kit made
// again. Entries are written in a temporary folder and renamed into place; one entry is kept.

// kitSources are the inputs of the PDF kit, relative to the repository root.
var kitSources = []string{"content", "i18n", filepath.Join("site", "hugo.toml")}

// kitKey is the SHA-256 of every input of the PDF kit.
func kitKey(o Options) (string, error) {
	tool, err := toolhash.Sum()
	if err != nil {
		return "", err
	}
	site, _, err := sources(o.Sources, o.Root, o.Site.Langs()).content()
	if err != nil {
		return "", err
	}
	pages := map[string]bool{} // the pages' files (from the root, slashed): they enter the key as pages
	for _, p := range site.Pages {
		pages[path.Join("content", p.Lang, p.Rel)] = true
	}
	h := sha256.New()
	fmt.Fprintf(h, "protege-kit-2\x00%s\x00%s\x00release=%v\x00strict=%v\x00", tool, o.Site.BaseURL, o.Release, o.Site.Strict)
	kitPage := map[string]bool{}
	for _, k := range materials.PageKeys() {
		kitPage[k] = true
	}
	for _, p := range site.Pages {
		fmt.Fprintf(h, "page\x00%s\x00%s\x00%s\x00", p.Lang, p.Rel, p.TranslationKey())
		if kitPage[p.TranslationKey()] || p.FrontMatter == nil {
			fmt.Fprintf(h, "%x\x00", p.Sum)
		}
	}
	// Each other source's path and SHA-256, in walk order; the files are read and hashed on
	// every core.
	type source struct {
		rel     string
		missing bool
	}
	var files []source
	for _, src := range kitSources {
		start := filepath.Join(o.Root, src)
		err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
			if p == start && errors.Is(err, fs.ErrNotExist) {
				files = append(files, source{rel: filepath.ToSlash(src), missing: true})
				return nil
			}
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(o.Root, p)
			if pages[filepath.ToSlash(rel)] {
				return nil
			}
			files = append(files, source{rel: rel})
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	sums := make([][sha256.Size]byte, len(files))
	errs := make([]error, len(files))
	workers.Each(len(files), 0, func(i int) {
		if files[i].missing {
			return
		}
		b, err := os.ReadFile(filepath.Join(o.Root, files[i].rel))
		sums[i], errs[i] = sha256.Sum256(b), err
	})
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	for i, f := range files {
		if f.missing {
			fmt.Fprintf(h, "%s\x00missing\x00", f.rel)
		} else {
			fmt.Fprintf(h, "%s\x00%x\x00", filepath.ToSlash(f.rel), sums[i])
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// materialsCached makes the PDF kit into out, or copies the one an earlier build made from
// the same inputs.
func materialsCached(o Options, out string) error {
	key, err := kitKey(o)
	if err != nil {
		return materialsInto(o, out) // no key, no cache: the kit is made as always
	}
	dir := filepath.Join(CacheDir(o.Root), "materials")
	if msgs, ok := restoreKit(filepath.Join(dir, key), out); ok {
		if o.Stderr != nil {
			o.Stderr.Write(msgs)
		}
		return nil
	}
	var msgs bytes.Buffer
	mo := o
	mo.Stderr = &msgs
	err = materialsInto(mo, out)
	if o.Stderr != nil {
		o.Stderr.Write(msgs.Bytes())
	}
	if err != nil {
		return err
	}
	// A kit that cannot be kept only costs time next build.
	saveKit(dir, key, out, msgs.Bytes())
	return nil
}

// restoreKit copies the kit of a cache entry into out, checking every file against the
// manifest; it returns the generator's messages. A bad entry is removed, and out with it.
func restoreKit(entry, out string) ([]byte, bool) {
	manifest, err := os.ReadFile(filepath.Join(entry, "manifest"))
	if err != nil {
		return nil, false
	}
	msgs, err := os.ReadFile(filepath.Join(entry, "messages"))
	if err != nil {
		return nil, false
	}
	bad := func() ([]byte, bool) {
		os.RemoveAll(entry)
		os.RemoveAll(out)
		return nil, false
	}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(manifest))
	for sc.Scan() {
		sum, rel, ok := strings.Cut(sc.Text(), "  ")
		if !ok || rel == "" || strings.Contains(rel, "..") {
			return bad()
		}
		b, err := os.ReadFile(filepath.Join(entry, "files", filepath.FromSlash(rel)))
		if err != nil {
			return bad()
		}
		if got := sha256.Sum256(b); hex.EncodeToString(got[:]) != sum {
			return bad()
		}
		p := filepath.Join(out, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return bad()
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return bad()
		}
		n++
	}
	if sc.Err() != nil || n == 0 {
		return bad()
	}
	return msgs, true
}

// saveKit keeps the kit in out as the cache entry key, the only one of dir.
func saveKit(dir, key, out string, msgs []byte) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.MkdirTemp(dir, ".tmp-")
	if err != nil {
		return
	}
	defer os.RemoveAll(tmp)
	var manifest bytes.Buffer
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		to := filepath.Join(tmp, "files", rel)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		fmt.Fprintf(&manifest, "%x  %s\n", sum, filepath.ToSlash(rel))
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		return
	}
	if os.WriteFile(filepath.Join(tmp, "manifest"), manifest.Bytes(), 0o644) != nil ||
		os.WriteFile(filepath.Join(tmp, "messages"), msgs, 0o644) != nil {
		return
	}
	entry := filepath.Join(dir, key)
	os.RemoveAll(entry)
	if os.Rename(tmp, entry) != nil {
		return
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.Name() != key {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
