package cli

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"protege/tools/content"
	"protege/tools/i18ncheck"
	"protege/tools/l10nstatus"
)

func init() {
	Register("status", Command{
		Summary: "translation status per page and language, and missing i18n keys",
		Run:     runStatus,
	})
}

func runStatus(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root")
	format := fs.String("format", "text", "output: text or markdown")
	git := fs.Bool("git", true, "read the git history to find outdated translations")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *format != "text" && *format != "markdown" {
		fmt.Fprintf(stderr, "status: -format must be text or markdown, not %q\n", *format)
		return 2
	}
	dir := filepath.Join(*root, "content")
	site, _, err := content.Load(dir)
	if err != nil {
		fmt.Fprintf(stderr, "status: %v\n", err)
		return 2
	}
	var hist l10nstatus.History
	if *git {
		if hist, err = l10nstatus.LoadHistory(dir); err != nil {
			fmt.Fprintf(stderr, "status: note: %v\n", err)
			hist = nil
		}
	}
	set, _ := i18ncheck.Load(filepath.Join(*root, "i18n"), content.Langs)
	if err := l10nstatus.Build(site, hist).Write(stdout, *format, set.Missing()); err != nil {
		fmt.Fprintf(stderr, "status: %v\n", err)
		return 2
	}
	return 0
}
