package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"protege/tools/check"
	"protege/tools/diag"
)

func init() {
	Register("check", Command{
		Summary: "check content, translations, i18n strings, links and hotline data",
		Run:     runCheck,
	})
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root")
	format := fs.String("format", "text", "output: text (path:line:col: severity: message) or json")
	strict := fs.Bool("strict", strictEnv(), "warnings are errors (also STRICT=1)")
	git := fs.Bool("git", true, "read the git history to find outdated translations")
	today := fs.String("today", "", "check as if today were this date, YYYY-MM-DD (tests, reproducible runs)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "check: -format must be text or json, not %q\n", *format)
		return 2
	}
	o := check.Options{Root: *root, Strict: *strict, Git: *git}
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
	if err := diag.Write(stdout, res.Diagnostics, *format == "json"); err != nil {
		fmt.Fprintf(stderr, "check: %v\n", err)
		return 2
	}
	if *format == "text" {
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

// strictEnv reads STRICT from the environment (the Makefile passes it on): 1, true or yes.
func strictEnv() bool {
	switch strings.ToLower(os.Getenv("STRICT")) {
	case "1", "true", "yes":
		return true
	}
	return false
}
