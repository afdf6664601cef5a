package deploy

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"protege/tools/diag"
)

// Check loads the source under root and checks that every shipped configuration is what
// the source generates, byte for byte (drift). (The pages' <meta> policy and public/_headers
// are rendered from the source by Hugo: nothing to compare.)
// langs are the site's languages, default first.
func Check(root string, langs []string) []diag.Diagnostic {
	s, ds := LoadSite(root)
	if s == nil {
		return ds
	}
	o := Options{Base: "/", Langs: langs}
	gen, err := Generate(s, o)
	if err != nil {
		return append(ds, diag.Errorf(SourceFile, 0, 0, "%v", err))
	}
	for _, g := range gen {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(g.Path)))
		if errors.Is(err, fs.ErrNotExist) {
			ds = append(ds, diag.Errorf(g.Path, 0, 0, "missing; run `protege deploy-configs` to write it"))
			continue
		} else if err != nil {
			ds = append(ds, diag.Errorf(g.Path, 0, 0, "%v", err))
			continue
		}
		if !bytes.Equal(data, g.Data) {
			line, want := firstDiff(data, g.Data)
			ds = append(ds, diag.Errorf(g.Path, line, 0, "differs from what %s and %s generate (this line should read %q); run `make deploy-configs` (`make build` does it)", SourceFile, StyleFile, want))
		}
	}
	diag.Sort(ds)
	return ds
}

// Write generates every configuration for o.Base into root (the repository's deploy/
// files) or, when out is set, into out (the same names without the "deploy/" folder). It
// returns the files written.
func Write(root, out string, o Options) ([]string, []diag.Diagnostic) {
	s, ds := LoadSite(root)
	if s == nil {
		return nil, ds
	}
	gen, err := Generate(s, o)
	if err != nil {
		return nil, append(ds, diag.Errorf(SourceFile, 0, 0, "%v", err))
	}
	var written []string
	for _, g := range gen {
		p := filepath.Join(root, filepath.FromSlash(g.Path))
		if out != "" {
			p = filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(g.Path, "deploy/")))
		}
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, g.Data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, append(ds, diag.Errorf(p, 0, 0, "%v", err))
		}
		if err := os.WriteFile(p, g.Data, 0o644); err != nil {
			return written, append(ds, diag.Errorf(p, 0, 0, "%v", err))
		}
		written = append(written, p)
	}
	return written, ds
}

// firstDiff is the 1-based line where two texts first differ, with the wanted line.
func firstDiff(got, want []byte) (int, string) {
	g := bytes.Split(got, []byte("\n"))
	w := bytes.Split(want, []byte("\n"))
	for i := range max(len(g), len(w)) {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) || i >= len(g) || i >= len(w) {
			return i + 1, string(wl)
		}
	}
	return 0, ""
}
