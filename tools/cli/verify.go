package cli

import (
	"flag"
	"fmt"
	"os"

	"protege/tools/verify"
)

func runVerify(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: protege verify [flags] <public-dir>")
		fs.PrintDefaults()
	}
	root := fs.String("root", ".", "repository root: site/hugo.toml gives the languages")
	baseURL := fs.String("baseurl", "", "base URL the site was built for (default: the canonical link of index.html)")
	hot := fs.String("hotlines", "content/data/hotlines.yaml", "hotline data the help panel must match")
	gz := fs.Int("budget-html-gzip", verify.DefaultBudgetHTMLGzip, "most bytes a page may weigh gzip-compressed with its CSS and JS")
	total := fs.Int("budget-total", verify.DefaultBudgetTotal, "most bytes a page may weigh uncompressed with what it loads (PDFs and photos excepted)")
	report := fs.String("report", "", "also write the report as Markdown to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	site, err := loadSite(env.Getenv, *root, "")
	if err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 2
	}
	r, err := verify.Run(verify.Options{
		Dir: fs.Arg(0), BaseURL: *baseURL, Hotlines: *hot, BudgetHTMLGzip: *gz, BudgetTotal: *total,
		Langs: site.Locales(), DefaultLang: site.Default().Lang,
	})
	if err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 1
	}
	if err := r.WriteText(stdout); err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 1
	}
	if *report != "" {
		f, err := os.Create(*report)
		if err == nil {
			err = r.WriteMarkdown(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "verify: %v\n", err)
			return 1
		}
	}
	if r.Failed() {
		return 1
	}
	return 0
}
