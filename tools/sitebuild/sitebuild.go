// Package sitebuild runs the Hugo stage of the build: it renders the site into a fresh
// temporary folder, lets later stages (verify, precompress) look at it, and only then swaps it
// into place, so that a failed build leaves the previous output untouched.
package sitebuild

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"protege/tools/diag"
	"protege/tools/l10nstatus"
	"protege/tools/materials"
)

// HugoFlags are the strict flags of every build: a missing i18n key, a path warning or any
// other warning fails it.
var HugoFlags = []string{"--printI18nWarnings", "--printPathWarnings", "--panicOnWarning", "--minify", "--gc"}

// Options of a build.
type Options struct {
	Root    string   // repository root (holds site/, content/, i18n/, assets/)
	Out     string   // where the finished site goes (replaced only on success)
	BaseURL string   // overrides site/hugo.toml's baseURL when set
	Env     []string // extra environment for Hugo, e.g. HUGO_PARAMS_QUICKEXITURL=…
	// SkipMaterials leaves build/materials as it is instead of generating the PDF kit first.
	SkipMaterials bool
	// Release makes the PDF kit for printing (no PREVIEW mark; see materials.Options.Release).
	Release bool
	// After runs on the rendered folder before the swap (verify, precompress); an error
	// aborts the build.
	After  []func(dir string) error
	Stdout io.Writer
	Stderr io.Writer
}

var (
	hugoOnce sync.Once
	hugoPath string
	hugoErr  error
)

// HugoBinary is the path of the Hugo pinned in go.mod (`go tool -n hugo`, built once and
// cached by the go command), so that a site copied outside the module still builds with it.
func HugoBinary() (string, error) {
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

// Hugo renders the site into dir (which must not exist or be empty).
func Hugo(o Options, dir string) error {
	hugo, err := HugoBinary()
	if err != nil {
		return err
	}
	args := []string{"-s", filepath.Join(o.Root, "site"), "-d", dir}
	args = append(args, HugoFlags...)
	if o.BaseURL != "" {
		args = append(args, "--baseURL", o.BaseURL)
	}
	cmd := exec.Command(hugo, args...)
	cmd.Dir = o.Root
	cmd.Env = append(os.Environ(), o.Env...)
	cmd.Stdout, cmd.Stderr = o.Stdout, o.Stderr
	if cmd.Stdout == nil {
		cmd.Stdout = io.Discard
	}
	if cmd.Stderr == nil {
		cmd.Stderr = io.Discard
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("hugo: %w", err)
	}
	return nil
}

// Build renders into a temporary sibling of o.Out, runs the After stages, then swaps.
func Build(o Options) (err error) {
	out, err := filepath.Abs(o.Out)
	if err != nil {
		return err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if !o.SkipMaterials {
		if err := Materials(o); err != nil {
			return err
		}
	}
	// The translation status, for the "may be out of date" notice: the rule of status and check.
	if err := l10nstatus.GenerateData(o.Root); err != nil {
		return err
	}
	if err := Hugo(o, tmp); err != nil {
		return err
	}
	for _, f := range o.After {
		if err := f(tmp); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	return swap(tmp, out)
}

// swap moves dir to out, keeping the old out until the new one is in place.
func swap(dir, out string) error {
	old := out + ".old"
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(out, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(dir, out); err != nil {
		os.Rename(old, out)
		return err
	}
	return os.RemoveAll(old)
}

// Materials generates the PDF kit into <root>/build/materials, which site/hugo.toml mounts as
// static files and data: the downloads list and the PDFs come from the same sources as the
// pages, for the same base URL.
func Materials(o Options) error {
	mo := materials.Options{Root: o.Root, Out: filepath.Join(o.Root, "build", "materials"),
		BaseURL: o.BaseURL, Strict: os.Getenv("STRICT") == "1", Release: o.Release}
	idx, ds, err := materials.Generate(mo)
	if o.Stderr != nil {
		diag.Write(o.Stderr, ds, false)
	}
	if err != nil {
		return fmt.Errorf("materials: %w", err)
	}
	if diag.HasErrors(ds) || idx == nil {
		return fmt.Errorf("materials: %d problems", len(ds))
	}
	return nil
}
