package cli

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"protege/tools/check"
	"protege/tools/diag"
	"protege/tools/sitebuild"
)

func runCheck(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root")
	format := fs.String("format", "text", "output: text (path:line:col: severity: message), json, github (workflow annotations) or codequality (GitLab Code Quality report)")
	outFile := fs.String("o", "", "write the -format output to this file, and the text to standard output (e.g. -format codequality -o gl-code-quality-report.json)")
	strict := fs.Bool("strict", false, "warnings are errors (also STRICT=1 or STRICT=true)")
	git := fs.Bool("git", true, "read the git history to find outdated translations")
	today := fs.String("today", "", "check as if today were this date, YYYY-MM-DD (tests, reproducible runs)")
	cache := fs.Bool("cache", true, "keep what each page alone yields in build/cache/check, and check again only the pages that changed")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !slices.Contains(diag.Formats, *format) {
		fmt.Fprintf(stderr, "check: -format must be one of %s, not %q\n", strings.Join(diag.Formats, ", "), *format)
		return 2
	}
	site, err := loadSite(env.Getenv, *root, "")
	if err != nil {
		fmt.Fprintf(stderr, "check: %v\n", err)
		return 2
	}
	o := check.Options{Root: *root, Site: site, Strict: site.Strict, Git: *git}
	if *cache {
		o.CacheDir = sitebuild.CheckCacheDir(*root)
	}
	fs.Visit(func(f *flag.Flag) { // -strict, when given, says more than STRICT
		if f.Name == "strict" {
			o.Strict = *strict
		}
	})
	if *today != "" {
		t, err := time.Parse("2006-01-02", *today)
		if err != nil {
			fmt.Fprintf(stderr, "check: -today must be YYYY-MM-DD: %v\n", err)
			return 2
		}
		o.Today = t
	}
	start := time.Now()
	res, err := check.Run(o)
	if err != nil {
		fmt.Fprintf(stderr, "check: %v\n", err)
		return 2
	}
	text := *format
	if *outFile != "" {
		if err := writeFile(*outFile, res.Diagnostics, *format); err != nil {
			fmt.Fprintf(stderr, "check: %v\n", err)
			return 2
		}
		text = "text"
	}
	if err := diag.WriteFormat(stdout, res.Diagnostics, text); err != nil {
		fmt.Fprintf(stderr, "check: %v\n", err)
		return 2
	}
	// In a GitHub Actions job, the problems also become annotations on the changed lines of
	// the pull request (the runner reads them from the log).
	if text == "text" && env.Getenv("GITHUB_ACTIONS") == "true" {
		if err := diag.WriteGitHub(stdout, res.Diagnostics); err != nil {
			fmt.Fprintf(stderr, "check: %v\n", err)
			return 2
		}
	}
	if text == "text" {
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "check: note: %s\n", n)
		}
		fmt.Fprintf(stderr, "check: %s, %s\n", res.Summary(), time.Since(start).Round(time.Millisecond))
	}
	if diag.HasErrors(res.Diagnostics) {
		return 1
	}
	return 0
}

// writeFile writes the diagnostics to path in format.
func writeFile(path string, ds []diag.Diagnostic, format string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := diag.WriteFormat(f, ds, format); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
