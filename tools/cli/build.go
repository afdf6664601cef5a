package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"protege/tools/content"
	"protege/tools/deploy"
	"protege/tools/diag"
	"protege/tools/precompress"
	"protege/tools/sitebuild"
	"protege/tools/textfile"
	"protege/tools/typography"
	"protege/tools/verify"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root")
	out := fs.String("out", "public", "output folder, replaced only when every stage passes")
	baseURL := fs.String("baseurl", "", "base URL (e.g. https://example.org/sub/); default: site/hugo.toml")
	release := fs.Bool("release", false, "the build for publication and printing: refuses a placeholder base URL or a missing publisher; PDFs without the PREVIEW mark")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *release && refuseRelease(*root, *baseURL, stderr) {
		return 1
	}
	// SIGINT and SIGTERM stop the build between two steps: the temporary folder is removed
	// and -out stays as it was.
	ctx, caught, stop := sitebuild.SignalContext(context.Background())
	defer stop()
	o := sitebuild.Options{Root: *root, Out: *out, BaseURL: *baseURL, Context: ctx, Stdout: stdout, Stderr: stderr, Release: *release}
	o.After = afterHugo(*root, *baseURL, *out, stdout, stderr)
	if err := sitebuild.Build(o); err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "build: stopped by %v; %s is unchanged and the temporary files are removed\n", caught(), *out)
			return 130
		}
		fmt.Fprintf(stderr, "build: %v\n", err)
		return 1
	}
	return 0
}

// builtText are the built files that must be valid UTF-8.
var builtText = []string{".html", ".xml", ".txt", ".webmanifest", ".json"}

// afterHugo lists the stages that look at the rendered folder before it is swapped in.
func afterHugo(root, baseURL, out string, stdout, stderr io.Writer) []func(string) error {
	return []func(string) error{
		func(dir string) error { return sitebuild.CheckPages(root, dir) },
		// French spacing (narrow no-break spaces) on the French text of every page, whatever
		// wrote it: Markdown, i18n strings or data. The PDF kit gets the same rule from pdfmd.
		func(dir string) error { _, err := typography.Dir(dir); return err },
		func(dir string) error {
			ds, err := textfile.CheckTree(dir, "public", builtText)
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
				Hotlines: filepath.Join(root, "content", "data", "hotlines.yaml")})
			if err != nil {
				return err
			}
			if r.Failed() {
				blameSources(root, r.Diagnostics)
				r.WriteText(stderr)
				return errors.New("verify: the built site has problems (listed above); public/ is unchanged")
			}
			r.WriteTable(stdout)
			return nil
		},
		// Last: .gz files next to the text files, for hosts that serve them (nginx gzip_static);
		// a file unchanged since the build in out keeps its .gz (same bytes as compressing it).
		func(dir string) error {
			_, err := precompress.Run(precompress.Options{Dir: dir, Previous: out})
			return err
		},
	}
}

// blameSources names the Markdown file an editor can change in the problems verify finds with
// a page's weight: "content/fr/guides/touristes.md: over budget … (built as
// fr/guides/touristes/index.html)" instead of the built file alone.
func blameSources(root string, ds []diag.Diagnostic) {
	site, _, err := content.Load(filepath.Join(root, "content"))
	if err != nil {
		return
	}
	src := map[string]string{}
	for _, p := range site.Pages {
		src[filepath.ToSlash(sitebuild.OutputFile(p))] = filepath.ToSlash(filepath.Join("content", p.Lang, p.Rel))
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
