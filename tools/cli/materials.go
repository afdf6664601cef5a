package cli

import (
	"flag"
	"fmt"

	"protege/tools/diag"
	"protege/tools/materials"
)

func runMaterials(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("materials", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: protege materials [-root .] [-out build/materials] [-baseurl https://host/sub/]")
		fmt.Fprintln(stderr, "\nWrites <out>/static/materiales/<lang>/<name>-<paper>.pdf and <out>/data/materials.json;")
		fmt.Fprintln(stderr, "the output folder is replaced only when every PDF was made.")
		fs.PrintDefaults()
	}
	root := fs.String("root", ".", "repository root")
	out := fs.String("out", "build/materials", "output folder (mounted by site/hugo.toml as static and data)")
	baseURL := fs.String("baseurl", "", "the site's address printed on the materials and in the QR codes (default: site/hugo.toml)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	site, err := loadSite(env.Getenv, *root, *baseURL)
	if err != nil {
		fmt.Fprintf(stderr, "materials: %v\n", err)
		return 2
	}
	o := materials.Options{Root: *root, Out: *out, Site: site}
	idx, ds, err := materials.Generate(o)
	_ = diag.Write(stderr, ds, false)
	if err != nil {
		fmt.Fprintf(stderr, "materials: %v\n", err)
		return 1
	}
	if diag.HasErrors(ds) || idx == nil {
		fmt.Fprintf(stderr, "materials: nothing written (%d problems)\n", len(ds))
		return 1
	}
	fmt.Fprintf(stdout, "materials: %d PDFs in %s\n", len(idx.Files), *out)
	return 0
}
