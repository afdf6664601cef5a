package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"protege/tools/deploy"
	"protege/tools/precompress"
	"protege/tools/sitebuild"
	"protege/tools/typography"
	"protege/tools/verify"
)

func init() {
	Register("build", Command{
		Summary: "render the site into a temporary folder, verify it, then swap it into -out",
		Run:     runBuild,
	})
}

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
	o := sitebuild.Options{Root: *root, Out: *out, BaseURL: *baseURL, Stdout: stdout, Stderr: stderr, Release: *release}
	o.After = afterHugo(*root, *baseURL, *out, stdout, stderr)
	if err := sitebuild.Build(o); err != nil {
		fmt.Fprintf(stderr, "build: %v\n", err)
		return 1
	}
	return 0
}

// afterHugo lists the stages that look at the rendered folder before it is swapped in.
func afterHugo(root, baseURL, out string, stdout, stderr io.Writer) []func(string) error {
	return []func(string) error{
		func(dir string) error { return sitebuild.CheckPages(root, dir) },
		// French spacing (narrow no-break spaces) on the French text of every page, whatever
		// wrote it: Markdown, i18n strings or data. The PDF kit gets the same rule from pdfmd.
		func(dir string) error { _, err := typography.Dir(dir); return err },
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
				r.WriteText(stderr)
				return errors.New("verify: the built site has problems (listed above); public/ is unchanged")
			}
			r.WriteTable(stdout)
			return nil
		},
		// Last: .gz files next to the text files, for hosts that serve them (nginx gzip_static);
		// a file unchanged since the build in out keeps its .gz (same bytes as compressing it).
		func(dir string) error { _, err := precompress.Run(precompress.Options{Dir: dir, Previous: out}); return err },
	}
}
