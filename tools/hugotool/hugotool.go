// Package hugotool finds the Hugo pinned in go.mod as a Go tool (`go tool hugo`), for the
// build and for the tests that render scratch sites with it.
package hugotool

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

var (
	hugoOnce sync.Once
	hugoPath string
	hugoErr  error
)

// Binary is the path of the Hugo pinned in go.mod (`go tool -n hugo`, built once and
// cached by the go command), so that a site copied outside the module still builds with it.
// Asking the go command costs more than a second of processor time, in every build and every
// test package that renders; the answer is kept in build/cache/hugo-tool, keyed by go.mod,
// go.sum and the go command's environment, and used while the binary it names exists (the
// go command's cache names a binary by the hash of its inputs, so it is never another Hugo).
func Binary() (string, error) {
	hugoOnce.Do(func() {
		dir, err := ModuleRoot()
		if err != nil {
			hugoErr = err
			return
		}
		hugoPath, hugoErr = resolve(dir, os.Getenv, func() (string, error) {
			cmd := exec.Command("go", "tool", "-n", "hugo")
			cmd.Dir = dir
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			if err != nil {
				return "", fmt.Errorf("go tool -n hugo: %w", err)
			}
			return strings.TrimSpace(string(out)), nil
		})
	})
	return hugoPath, hugoErr
}

// CacheFile is where Binary keeps its answer, under the module root.
const CacheFile = "build/cache/hugo-tool"

// resolve returns the binary named in root's cache file when its key is this module's and
// the file exists, else what ask says (kept in the cache file for the next time).
func resolve(root string, getenv func(string) string, ask func() (string, error)) (string, error) {
	h := sha256.New()
	io.WriteString(h, "hugo-tool-1\x00")
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return ask()
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(b))
		h.Write(b)
	}
	for _, v := range []string{"GOTOOLCHAIN", "GOFLAGS", "GOCACHE", "GOOS", "GOARCH", "GOEXPERIMENT", "CGO_ENABLED"} {
		fmt.Fprintf(h, "%s=%s\x00", v, getenv(v))
	}
	key := hex.EncodeToString(h.Sum(nil))
	file := filepath.Join(root, filepath.FromSlash(CacheFile))
	if b, err := os.ReadFile(file); err == nil {
		if k, p, ok := strings.Cut(strings.TrimSpace(string(b)), "\n"); ok && k == key {
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
				return p, nil
			}
		}
	}
	p, err := ask()
	if err != nil {
		return "", err
	}
	// A cache that cannot be written only costs the question next time.
	if os.MkdirAll(filepath.Dir(file), 0o755) == nil {
		if f, err := os.CreateTemp(filepath.Dir(file), ".hugo-tool-*"); err == nil {
			_, werr := f.WriteString(key + "\n" + p + "\n")
			if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), file) != nil {
				os.Remove(f.Name())
			}
		}
	}
	return p, nil
}

// Use makes Binary answer path without asking the go command, in a process whose parent
// already found it (the sitebuild tests start their test binary again as a build process).
// It has no effect once Binary has answered.
func Use(path string) {
	hugoOnce.Do(func() { hugoPath = path })
}

// ModuleRoot is the folder of the go.mod above the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = up
	}
}
