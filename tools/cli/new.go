package cli

import (
	"flag"
	"fmt"

	"protege/tools/scaffold"
)

func runNew(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: protege new [-section guias] -key guide-x -slug es=…,en=…,fr=… -title es=…,en=…,fr=…")
		fmt.Fprintln(stderr, "Missing values are asked for on standard input.")
		fs.PrintDefaults()
	}
	root := fs.String("root", ".", "repository root")
	section := fs.String("section", "", "section: its Spanish folder (guias, materiales) or translationKey; empty for the top level")
	key := fs.String("key", "", "translationKey shared by the three files, e.g. guide-museums")
	slugs := fs.String("slug", "", "file names without .md: es=…,en=…,fr=…")
	titles := fs.String("title", "", "titles: es=…,en=…,fr=…")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	site, err := loadSite(env.Getenv, *root, "")
	if err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return 2
	}
	o := scaffold.Options{Root: *root, Langs: site.Langs(), Section: *section, Key: *key, In: env.Stdin, Out: stderr}
	if o.Slugs, err = scaffold.ParsePairs(*slugs, o.Langs); err != nil {
		fmt.Fprintf(stderr, "new: -slug %v\n", err)
		return 2
	}
	if o.Titles, err = scaffold.ParsePairs(*titles, o.Langs); err != nil {
		fmt.Fprintf(stderr, "new: -title %v\n", err)
		return 2
	}
	paths, err := scaffold.Create(o)
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
	if err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "new: created; fill in description, audience, sources and the text in each file, then run make check")
	return 0
}
