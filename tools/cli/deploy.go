package cli

import (
	"flag"
	"fmt"

	"protege/tools/deploy"
	"protege/tools/diag"
	"protege/tools/precompress"
)

func runDeployConfigs(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("deploy-configs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root")
	check := fs.Bool("check", false, "write nothing; report every config that differs from what the source generates")
	base := fs.String("base", "/", "URL path the site is built for (e.g. /sub/); other than / needs -out")
	out := fs.String("out", "", "write into this folder instead of deploy/ (for a -base build)")
	asJSON := fs.Bool("json", false, "print problems as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "deploy-configs: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	b, err := deploy.NormalizeBase(*base)
	if err != nil {
		fmt.Fprintf(stderr, "deploy-configs: %v\n", err)
		return 2
	}
	if *check {
		if b != "/" || *out != "" {
			fmt.Fprintln(stderr, "deploy-configs: -check reads the shipped configs; it takes no -base or -out")
			return 2
		}
		site, err := loadSite(env.Getenv, *root, "")
		if err != nil {
			fmt.Fprintf(stderr, "deploy-configs: %v\n", err)
			return 2
		}
		ds := deploy.Check(*root, site.Langs())
		diag.Write(stdout, ds, *asJSON)
		if diag.HasErrors(ds) {
			return 1
		}
		return 0
	}
	if b != "/" && *out == "" {
		fmt.Fprintln(stderr, "deploy-configs: the configs in deploy/ are for the base /; give -out for another base")
		return 2
	}
	site, err := loadSite(env.Getenv, *root, "")
	if err != nil {
		fmt.Fprintf(stderr, "deploy-configs: %v\n", err)
		return 2
	}
	written, ds := deploy.Write(*root, *out, deploy.Options{Base: b, Langs: site.Langs()})
	diag.Write(stderr, ds, *asJSON)
	if diag.HasErrors(ds) {
		return 1
	}
	for _, p := range written {
		fmt.Fprintf(stdout, "wrote %s\n", p)
	}
	return 0
}

func runPrecompress(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("precompress", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: protege precompress <built site folder>")
		fs.PrintDefaults()
	}
	quiet := fs.Bool("q", false, "print nothing on success")
	previous := fs.String("previous", "", "the previous build of the site: unchanged files keep its .gz")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	st, err := precompress.Run(precompress.Options{Dir: fs.Arg(0), Previous: *previous})
	if err != nil {
		fmt.Fprintf(stderr, "precompress: %v\n", err)
		return 1
	}
	if !*quiet {
		fmt.Fprintf(stdout, "precompress: %d files, %d .gz written (%d → %d bytes; %d unchanged, taken from -previous), %d left as they are (no gain)\n",
			st.Files, st.Written, st.Bytes, st.GzBytes, st.Reused, st.Skipped)
	}
	return 0
}
