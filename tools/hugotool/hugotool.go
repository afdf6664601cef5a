// Package hugotool finds the Hugo pinned in go.mod as a Go tool (`go tool hugo`), for the
// build and for the tests that render scratch sites with it.
package hugotool

import (
	"errors"
	"fmt"
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
func Binary() (string, error) {
	hugoOnce.Do(func() {
		dir, err := ModuleRoot()
		if err != nil {
			hugoErr = err
			return
		}
		cmd := exec.Command("go", "tool", "-n", "hugo")
		cmd.Dir = dir
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			hugoErr = fmt.Errorf("go tool -n hugo: %w", err)
			return
		}
		hugoPath = strings.TrimSpace(string(out))
	})
	return hugoPath, hugoErr
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
