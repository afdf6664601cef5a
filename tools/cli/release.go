package cli

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"protege/tools/publisher"
	"protege/tools/siteconfig"
)

// runReleaseCheck is the first step of `make release`: it reads only the base URL and
// content/data/publisher.yaml, so it fails before any work is done, saying what to set.
func runReleaseCheck(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("release-check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root")
	baseURL := fs.String("baseurl", "", "the address the site is published at (default: site/hugo.toml)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	site, err := loadSite(env.Getenv, *root, *baseURL)
	if err != nil {
		fmt.Fprintf(stderr, "release: %v\n", err)
		return 1
	}
	if refuseRelease(*root, site, *baseURL != "", stderr) {
		return 1
	}
	fmt.Fprintln(stdout, "release: base URL and publisher set")
	return 0
}

// refuseRelease prints why a release cannot be built, if it cannot, and reports whether it
// refused.
// given says whether the base URL was given (-baseurl) rather than read from site/hugo.toml.
func refuseRelease(root string, site *siteconfig.Site, given bool, stderr io.Writer) bool {
	problems := releaseProblems(root, site, given)
	if len(problems) == 0 {
		return false
	}
	fmt.Fprintln(stderr, "release: refused, nothing was built:")
	for _, p := range problems {
		fmt.Fprintf(stderr, "  - %s\n", p)
	}
	fmt.Fprintln(stderr, "release: `make build` still makes a preview (PDFs marked \"PREVIEW – do not print\").")
	return true
}

func releaseProblems(root string, site *siteconfig.Site, given bool) []string {
	base := site.BaseURL
	rel := publisher.File
	p, ds := publisher.Load(filepath.Join(root, filepath.FromSlash(rel)), site.Langs())
	for i := range ds {
		ds[i].Path = rel
	}
	probs := publisher.ReleaseProblems(base, p, rel, ds)
	if !given && publisher.Placeholder(base) != "" {
		probs[0] = "no BASE_URL given, so site/hugo.toml's " + probs[0]
	}
	return probs
}
