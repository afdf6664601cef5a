package sitebuild

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"protege/tools/check"
	"protege/tools/content"
	"protege/tools/deploy"
	"protege/tools/diag"
	"protege/tools/precompress"
	"protege/tools/textfile"
	"protege/tools/typography"
	"protege/tools/verify"
)

// BuiltText are the built files that must be valid UTF-8.
var BuiltText = []string{".html", ".xml", ".txt", ".webmanifest", ".json"}

// CacheDir is where builds keep what the next build of the same checkout reuses (the gzip
// encodings of the built files, the PDF kit), under the build lock.
func CacheDir(root string) string { return filepath.Join(root, "build", "cache") }

// AfterHugo lists the stages of `protege build` that look at the rendered folder before it is
// swapped into out, in order: the one list that the build and the benchmark (tools/bench) run.
// Verify's page weights and precompress share one gzip cache (CacheDir/gz): a file is
// compressed once per build, and not at all when an earlier build compressed the same bytes.
func AfterHugo(root, baseURL, out string, stdout, stderr io.Writer) []func(string) error {
	gz := precompress.NewCache(filepath.Join(CacheDir(root), "gz"))
	return []func(string) error{
		func(dir string) error { return CheckPages(root, dir) },
		// French spacing (narrow no-break spaces) on the French text of every page, whatever
		// wrote it: Markdown, i18n strings or data. The PDF kit gets the same rule from pdfmd.
		func(dir string) error { _, err := typography.Dir(dir); return err },
		func(dir string) error {
			ds, err := textfile.CheckTree(dir, "public", BuiltText)
			if err != nil {
				return err
			}
			if len(ds) > 0 {
				diag.Write(stderr, ds, false)
				return fmt.Errorf("%d built files are not valid UTF-8 (listed above); public/ is unchanged", len(ds))
			}
			return nil
		},
		func(dir string) error {
			// The inline stylesheet's hash, as the host configs send it (deploy/headers.toml).
			styleHash, err := deploy.StyleHash(root)
			if err != nil {
				return err
			}
			r, err := verify.Run(verify.Options{Dir: dir, BaseURL: baseURL, StyleHash: styleHash,
				Hotlines: filepath.Join(root, "content", "data", "hotlines.yaml"), GzipSize: gz.Size})
			if err != nil {
				return err
			}
			if r.Failed() {
				BlameSources(root, r.Diagnostics)
				r.WriteText(stderr)
				return errors.New("verify: the built site has problems (listed above); public/ is unchanged")
			}
			r.WriteTable(stdout)
			return nil
		},
		// Last: .gz files next to the text files, for hosts that serve them (nginx gzip_static),
		// from the cache filled by verify's weights (same encoding); a file unchanged since the
		// build in out keeps its .gz. Then the cache keeps only what this build used.
		func(dir string) error {
			if _, err := precompress.Run(precompress.Options{Dir: dir, Previous: out, Cache: gz}); err != nil {
				return err
			}
			return gz.Prune()
		},
	}
}

// CheckSources is the build's Options.Check: what `protege check` does (content, translations
// with the git history, i18n strings, links, hotline data), with its text output: the
// problems as path:line: message on stdout, its notes and summary on stderr.
func CheckSources(root string, strict bool) func(stdout, stderr io.Writer) error {
	return func(stdout, stderr io.Writer) error {
		res, err := check.Run(check.Options{Root: root, Strict: strict, Git: true})
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

// BlameSources names the Markdown file an editor can change in the problems verify finds with
// a page's weight: "content/fr/guides/touristes.md: over budget … (built as
// fr/guides/touristes/index.html)" instead of the built file alone.
func BlameSources(root string, ds []diag.Diagnostic) {
	site, _, err := content.Load(filepath.Join(root, "content"))
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
