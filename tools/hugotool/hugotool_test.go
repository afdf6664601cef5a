package hugotool

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestResolve: the go command is asked once; its answer is used again while go.mod, go.sum,
// the go command's environment and the binary stay the same.
func TestResolve(t *testing.T) {
	root := t.TempDir()
	bin := filepath.Join(t.TempDir(), "hugo")
	os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755)
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n\ngo 1.27.0\n"), 0o644)
	os.WriteFile(filepath.Join(root, "go.sum"), []byte(""), 0o644)
	env := map[string]string{"GOTOOLCHAIN": "go1.27.3"}
	asked := 0
	answer := bin
	ask := func() (string, error) {
		asked++
		if answer == "" {
			return "", errors.New("go tool -n hugo: no such tool")
		}
		return answer, nil
	}
	get := func(t *testing.T, wantAsked int) {
		t.Helper()
		p, err := resolve(root, func(k string) string { return env[k] }, ask)
		if err != nil || p != answer {
			t.Fatalf("resolve: %q, %v; want %q", p, err, answer)
		}
		if asked != wantAsked {
			t.Fatalf("the go command was asked %d times, want %d", asked, wantAsked)
		}
	}
	get(t, 1) // nothing cached
	get(t, 1) // cached
	env["GOTOOLCHAIN"] = "go1.27.4"
	get(t, 2) // another toolchain
	get(t, 2)
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n\ngo 1.27.0\n\ntool github.com/gohugoio/hugo\n"), 0o644)
	get(t, 3) // another go.mod
	os.Remove(bin)
	answer = filepath.Join(t.TempDir(), "hugo-rebuilt")
	os.WriteFile(answer, []byte("#!/bin/sh\n"), 0o755)
	get(t, 4) // the cached binary is gone (the go command's cache was cleaned)
	os.WriteFile(filepath.Join(root, filepath.FromSlash(CacheFile)), []byte("torn"), 0o644)
	get(t, 5) // a damaged cache file
	get(t, 5)
	// A failure of the go command is reported, and nothing is cached.
	os.WriteFile(filepath.Join(root, "go.sum"), []byte("x"), 0o644)
	answer = ""
	if _, err := resolve(root, func(k string) string { return env[k] }, ask); err == nil {
		t.Error("the go command failed: no error")
	}
}
