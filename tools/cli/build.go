package cli

import (
	"context"
	"flag"
	"fmt"

	"protege/tools/sitebuild"
)

func runBuild(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root")
	out := fs.String("out", "public", "output folder, replaced only when every stage passes")
	baseURL := fs.String("baseurl", "", "base URL (e.g. https://example.org/sub/); default: site/hugo.toml")
	checkSources := fs.Bool("check", false, "run protege check at the same time as the PDF kit and Hugo; its problems come first and stop the build (make build)")
	release := fs.Bool("release", false, "the build for publication and printing: refuses a placeholder base URL or a missing publisher; PDFs without the PREVIEW mark")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	site, err := loadSite(env.Getenv, *root, *baseURL)
	if err != nil {
		fmt.Fprintf(stderr, "build: %v\n", err)
		return 2
	}
	if *release && refuseRelease(*root, site, *baseURL != "", stderr) {
		return 1
	}
	// SIGINT and SIGTERM stop the build between two steps: the temporary folder is removed
	// and -out stays as it was.
	ctx, caught, stop := sitebuild.SignalContext(context.Background())
	defer stop()
	o := sitebuild.Options{Root: *root, Out: *out, Site: site, Context: ctx, Stdout: stdout, Stderr: stderr, Release: *release,
		Sources: sitebuild.NewSources(*root, site.Langs())}
	if *checkSources {
		o.Check = sitebuild.CheckSources(*root, site, o.Sources)
	}
	o.After = sitebuild.AfterHugo(*root, site, o.Sources, stdout, stderr)
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
