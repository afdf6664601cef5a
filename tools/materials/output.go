package materials

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
)

// write puts the kit in a temporary folder next to out, then swaps it in.
func write(out string, idx *Index, files map[string][]byte) error {
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, ".materials-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, f := range idx.Files {
		p := filepath.Join(tmp, "static", filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[f.Path], 0o644); err != nil {
			return err
		}
	}
	for _, c := range idx.Contacts {
		p := filepath.Join(tmp, "static", filepath.FromSlash(c.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[c.Path], 0o644); err != nil {
			return err
		}
	}
	js, err := MarshalIndex(idx)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(tmp, "data"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "data", "materials.json"), js, 0o644); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	old := tmp + ".old"
	if _, err := os.Stat(out); err == nil {
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out)
		return err
	}
	return os.RemoveAll(old)
}

// MarshalIndex is materials.json's content: indented, in the kit's order, newline-terminated.
func MarshalIndex(idx *Index) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(idx); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
