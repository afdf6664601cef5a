package cli

import (
	"flag"
	"fmt"
	"path/filepath"

	"protege/tools/i18ncheck"
	"protege/tools/l10nstatus"
)

func runStatus(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root")
	format := fs.String("format", "text", "output: text or markdown")
	git := fs.Bool("git", true, "read the git history to find outdated translations")
	diff := fs.String("diff", "", "print the Spanish changes since this translation was checked (a file such as content/en/about.md, or a translationKey)")
	data := fs.String("data", "", "write the data file the page notice reads (e.g. "+l10nstatus.DataFile+") instead of the table")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *format != "text" && *format != "markdown" {
		fmt.Fprintf(stderr, "status: -format must be text or markdown, not %q\n", *format)
		return 2
	}
	site, err := loadSite(env.Getenv, *root, "")
	if err != nil {
		fmt.Fprintf(stderr, "status: %v\n", err)
		return 2
	}
	r, note, err := l10nstatus.Load(*root, site.Langs(), *git)
	if err != nil {
		fmt.Fprintf(stderr, "status: %v\n", err)
		return 2
	}
	if note != "" {
		fmt.Fprintf(stderr, "status: note: %s\n", note)
	}
	switch {
	case *data != "":
		if err := r.WriteData(*data); err != nil {
			fmt.Fprintf(stderr, "status: %v\n", err)
			return 2
		}
		return 0
	case *diff != "":
		if err := r.Diff(stdout, filepath.Join(*root, "content"), *diff); err != nil {
			fmt.Fprintf(stderr, "status: %v\n", err)
			return 2
		}
		return 0
	}
	set, _ := i18ncheck.Load(filepath.Join(*root, "i18n"), site.Langs())
	if err := r.Write(stdout, *format, set.Missing()); err != nil {
		fmt.Fprintf(stderr, "status: %v\n", err)
		return 2
	}
	return 0
}
