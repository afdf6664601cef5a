package sitebuild

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"protege/tools/check"
	"protege/tools/content"
	"protege/tools/deploy"
	"protege/tools/diag"
	"protege/tools/precompress"
	"protege/tools/siteconfig"
	"protege/tools/textfile"
	"protege/tools/verify"
	"protege/tools/workers"
)

// BuiltText are the built files that must be valid UTF-8.
var BuiltText = []string{".html", ".xml", ".txt", ".webmanifest", ".json"}

// CacheDir is where builds keep what the next build of the same checkout reuses (the gzip
// encodings of the built files, the PDF kit), under the build lock.
func CacheDir(root string) string { return filepath.Join(root, "build", "cache") }

// CheckCacheDir is where check keeps what each page alone yields, for `protege check` and the
// build's check alike.
func CheckCacheDir(root string) string { return filepath.Join(CacheDir(root), "check") }

// AfterHugo lists the stages of `protege build` that look at the rendered folder before it is
// swapped into out, in order: the one list that the build and the benchmark (tools/bench) run.
// Verify's page weights and precompress share one gzip cache (CacheDir/gz): a file is
// compressed once per build, and not at all when an earlier build compressed the same bytes.
// Verify keeps the facts of each page in CacheDir/verify: an unchanged page is not parsed again.
// src is what the build read of the content folder (the pages stage compares it with the
// rendered pages; nil: read it again).
func AfterHugo(root string, site *siteconfig.Site, src *Sources, stdout, stderr io.Writer) []Stage {
	gz := precompress.NewCache(filepath.Join(CacheDir(root), "gz"))
	src = sources(src, root, site.Langs())
	return []Stage{
		{"pages", func(dir, _ string) error { return checkPages(src, dir, site.Langs()) }},
		// French spacing (narrow no-break spaces) on the French text of every page, whatever
		// wrote it: Markdown, i18n strings or data (the PDF kit gets the same rule from pdfmd);
		// every text file valid UTF-8, without NUL. One parallel pass, one read per file.
		{"typography", func(dir, _ string) error {
			ds, err := TypesetAndCheckText(dir, "public", 0, filepath.Join(CacheDir(root), "typography"))
			if err != nil {
				return err
			}
			if len(ds) > 0 {
				diag.Write(stderr, ds, false)
				return fmt.Errorf("%d built files are not valid UTF-8 (listed above); public/ is unchanged", len(ds))
			}
			return nil
		}},
		{"verify", func(dir, _ string) error {
			// The inline stylesheet's hash, as the host configs send it (deploy/headers.toml).
			styleHash, err := deploy.StyleHash(root)
			if err != nil {
				return err
			}
			r, err := verify.Run(verify.Options{Dir: dir, BaseURL: site.BaseURL, StyleHash: styleHash,
				Hotlines: filepath.Join(root, "content", "data", "hotlines.yaml"), GzipSize: gz.Size,
				Langs: site.Locales(), DefaultLang: site.Default().Lang,
				CacheDir: filepath.Join(CacheDir(root), "verify")})
			if err != nil {
				return err
			}
			if r.Failed() {
				BlameSources(root, site.Langs(), r.Diagnostics)
				r.WriteText(stderr)
				return errors.New("verify: the built site has problems (listed above); public/ is unchanged")
			}
			r.WriteTable(stdout)
			return nil
		}},
		// Last: .gz files next to the text files, for hosts that serve them (nginx gzip_static),
		// from the cache filled by verify's weights (same encoding) and by earlier builds. The
		// cache, not the .gz files of the build in out, is what makes it incremental: its
		// entries are kept per encoder (precompress.Version), so a new Go release, whose
		// compress/flate writes other bytes, never mixes its output with the old one's. A .gz
		// of out with exactly the cache's bytes is linked rather than written again. Then the
		// cache keeps only what this build used.
		{"precompress", func(dir, out string) error {
			if _, err := precompress.Run(precompress.Options{Dir: dir, Cache: gz, Previous: out}); err != nil {
				return err
			}
			return gz.Prune()
		}},
	}
}

// CheckSources is the build's Options.Check: what `protege check` does (content, translations
// with the git history, i18n strings, links, hotline data), with its text output: the
// problems as path:line: message on stdout, its notes and summary on stderr. What each page
// alone yields is kept in CacheDir/check: only the pages that changed are checked again. src
// is what the build read of the content folder and its history (nil: read them again).
func CheckSources(root string, site *siteconfig.Site, src *Sources) func(stdout, stderr io.Writer) error {
	src = sources(src, root, site.Langs())
	return func(stdout, stderr io.Writer) error {
		res, err := check.Run(check.Options{Root: root, Site: site, Strict: site.Strict, Git: true,
			CacheDir: CheckCacheDir(root), Content: src.content, History: src.history})
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		diag.Write(stdout, res.Diagnostics, false)
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "check: note: %s\n", n)
		}
		fmt.Fprintf(stderr, "check: %s\n", res.Summary())
		if diag.HasErrors(res.Diagnostics) {
			return errors.New("check: the sources have problems (listed above); nothing was built and public/ is unchanged")
		}
		return nil
	}
}

// TypesetAndCheckText applies typography.HTML to every .html file under dir (in place) and
// checks every BuiltText file as textfile.CheckTree does (UTF-8, no NUL byte), reading each
// file once, on workers goroutines (0: one per core). The diagnostics, with paths under
// prefix, come in path order whatever the scheduling. cacheDir, when not "", keeps the edits
// of each page (see editCache): a page with the bytes of an earlier build is not typeset again.
func TypesetAndCheckText(dir, prefix string, nworkers int, cacheDir string) ([]diag.Diagnostic, error) {
	cache, err := openEditCache(cacheDir)
	if err != nil {
		return nil, err
	}
	defer cache.save()
	var files []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if filepath.Ext(p) == ".html" || slices.ContainsFunc(BuiltText, func(e string) bool { return strings.HasSuffix(p, e) }) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ds := make([]*diag.Diagnostic, len(files))
	errs := make([]error, len(files))
	workers.Each(len(files), nworkers, func(i int) {
		ds[i], errs[i] = typesetAndCheck(dir, prefix, files[i], cache)
	})
	var out []diag.Diagnostic
	for _, d := range ds {
		if d != nil {
			out = append(out, *d)
		}
	}
	return out, errors.Join(errs...)
}

func typesetAndCheck(dir, prefix, p string, cache *editCache) (*diag.Diagnostic, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	if filepath.Ext(p) == ".html" {
		if fixed := cache.typeset(b); !bytes.Equal(fixed, b) {
			if err := os.WriteFile(p, fixed, 0o644); err != nil {
				return nil, err
			}
			b = fixed
		}
	}
	if !slices.ContainsFunc(BuiltText, func(e string) bool { return strings.HasSuffix(p, e) }) {
		return nil, nil
	}
	rel, _ := filepath.Rel(dir, p)
	name := filepath.ToSlash(filepath.Join(prefix, rel))
	if d := textfile.UTF8(name, b); d != nil {
		return d, nil
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		d := diag.Errorf(name, bytes.Count(b[:i], []byte("\n"))+1, 0, "NUL byte in a text file: the file is damaged or not text")
		return &d, nil
	}
	return nil, nil
}

// BlameSources names the Markdown file an editor can change in the problems verify finds with
// a page's weight: "content/fr/guides/touristes.md: over budget … (built as
// fr/guides/touristes/index.html)" instead of the built file alone.
func BlameSources(root string, langs []string, ds []diag.Diagnostic) {
	site, _, err := content.Load(filepath.Join(root, "content"), langs)
	if err != nil {
		return
	}
	src := map[string]string{}
	for _, p := range site.Pages {
		src[filepath.ToSlash(OutputFile(p))] = filepath.ToSlash(filepath.Join("content", p.Lang, p.Rel))
	}
	for i, d := range ds {
		if !strings.HasPrefix(d.Message, "over budget") {
			continue
		}
		if s, ok := src[d.Path]; ok {
			ds[i].Message = fmt.Sprintf("%s (built as %s)", d.Message, d.Path)
			ds[i].Path = s
		}
	}
}
