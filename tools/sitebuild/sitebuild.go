// Package sitebuild runs the Hugo stage of the build: it renders the site into a fresh
// temporary folder, lets later stages (verify, precompress) look at it, and only then swaps it
// into place, so that a failed build leaves the previous output untouched.
package sitebuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"protege/tools/diag"
	"protege/tools/hugotool"
	"protege/tools/l10nstatus"
	"protege/tools/materials"
	"protege/tools/siteconfig"
)

// HugoFlags are the strict flags of every build: a missing i18n key, a path warning or any
// other warning fails it.
var HugoFlags = []string{"--printI18nWarnings", "--printPathWarnings", "--panicOnWarning", "--minify", "--gc"}

// Options of a build.
type Options struct {
	Root string // repository root (holds site/, content/, i18n/, assets/)
	Out  string // where the finished site goes (replaced only on success)
	// Site is the site's facts (siteconfig.Load, with a -baseurl applied): the languages, the
	// base URL the pages and the PDFs are built for, STRICT.
	Site *siteconfig.Site
	Env  []string // extra environment for Hugo, e.g. HUGO_PARAMS_QUICKEXITURL=…
	// Context stops the build (SIGINT, SIGTERM: see SignalContext); nil means never.
	Context context.Context
	// Release makes the PDF kit for printing (no PREVIEW mark; see materials.Options.Release).
	Release bool
	// Check, when set, runs at the same time as the PDF kit and Hugo (the editors' `protege
	// check`). Its messages come first; when it fails, the build stops with its error and the
	// PDF kit's and Hugo's messages are dropped (the problem is in the sources, and check says
	// where in path:line: message form); out is not touched.
	Check func(stdout, stderr io.Writer) error
	// After runs on the rendered folder before the swap (verify, precompress), in order; an
	// error aborts the build.
	After  []Stage
	Stdout io.Writer
	Stderr io.Writer
	// Timed, when set, is told how long each stage took (wall clock), as it ends: "check"
	// (beside the others until Hugo ends), "kit", "l10n" (the translation status, beside the
	// kit), "hugo",
	// each After stage by its name, "swap" (the new site in place) and "cleanup" (the wait,
	// at the end, for the removal of the site the previous build replaced, which runs beside
	// the others from the start). "check" and "l10n" come from goroutines of their own, at the same
	// time as the others. The benchmark uses it.
	Timed func(stage string, d time.Duration)

	// Sources is what the build reads of the content folder once for all its stages: give
	// the same to CheckSources and AfterHugo (nil: the build reads its own).
	Sources *Sources

	// kit, when set, is a PDF kit made earlier (by a build of the same sources) that the
	// build copies instead of making one: for the tests about pages, whose sources differ
	// from the kit's only where the kit does not look (see export_test.go). Never set in
	// the toolchain.
	kit string
}

// Stage is a step of the build that looks at the rendered folder before the swap. Run gets
// that folder and out, the site it is about to replace (which may not exist).
type Stage struct {
	Name string
	Run  func(dir, out string) error
}

// timed calls o.Timed with the time since start, when o.Timed is set.
func (o Options) timed(stage string, start time.Time) {
	if o.Timed != nil {
		o.Timed(stage, time.Since(start))
	}
}

// Hugo renders the site into dir (which must not exist or be empty) with site/hugo.toml as it
// is: the PDF kit comes from build/materials (see `protege materials`).
func Hugo(o Options, dir string) error { return hugo(o, dir, "") }

// hugo runs Hugo; config, when set, replaces site/hugo.toml (a copy pointing at this build's
// own materials folder).
func hugo(o Options, dir, config string) error {
	bin, err := hugotool.Binary()
	if err != nil {
		return err
	}
	args := []string{"-s", filepath.Join(o.Root, "site"), "-d", dir}
	if config != "" {
		args = append(args, "--config", config)
	}
	args = append(args, HugoFlags...)
	if o.Site != nil {
		args = append(args, "--baseURL", o.Site.BaseURL)
	}
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = o.Root
	cmd.Env = append(os.Environ(), o.Env...)
	cmd.Stdout, cmd.Stderr = o.Stdout, o.Stderr
	if cmd.Stdout == nil {
		cmd.Stdout = io.Discard
	}
	if cmd.Stderr == nil {
		cmd.Stderr = io.Discard
	}
	dieWithParent(cmd)
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("hugo: %w", err)
	}
	return nil
}

// Build runs every stage of a build in its own temporary folder, a hidden sibling of o.Out
// (".public.build-*"): the PDF kit (materials/), a copy of site/hugo.toml that mounts it
// (hugo.toml), the rendered site (site/). The After stages look at site/, which is then
// exchanged with o.Out in one step (see exchange); the temporary folder, now holding the
// previous site, is renamed ".public.previous-*" and stays until the next build, which removes
// it while it renders (a build's output takes twice its size between builds). One build runs
// at a time per checkout (see Lock); temporary folders left by a killed build are removed by
// the next one. A failed or interrupted build leaves o.Out as it was.
func Build(o Options) (err error) {
	if o.Site == nil {
		return errors.New("build: no site configuration (siteconfig.Load)")
	}
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
		o.Context = ctx
	}
	out, err := filepath.Abs(o.Out)
	if err != nil {
		return err
	}
	if o.Root, err = filepath.Abs(o.Root); err != nil {
		return err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	lock, err := Lock(o.Root, strings.Join(os.Args, " "))
	if err != nil {
		return err
	}
	defer lock.Release()
	// The previous build's previous site (and what killed builds left) is removed while this
	// build renders: unlinking a site's files waits on the disk, not on the processor
	// (rm -rf of 9,000 pages: 9.3 s wall for 1.0 s of CPU), so it costs Hugo little. The build
	// waits for it before it returns, under the lock.
	removed, err := cleanStale(out)
	if err != nil {
		return err
	}
	defer func() {
		start := time.Now()
		if rerr := removed(); err == nil && rerr != nil {
			err = rerr
		}
		o.timed("cleanup", start) // only the wait: the removal ran beside the build
	}()
	work, err := os.MkdirTemp(parent, TempPrefix(out))
	if err != nil {
		return err
	}
	swapped := false
	defer func() {
		if swapped {
			// The previous site stays until the next build, which removes it beside Hugo:
			// renamed so that the next build knows it is no half-done build's (nothing to put
			// back from it). When the rename fails, it goes now.
			if os.Rename(work, filepath.Join(parent, PreviousPrefix(out)+strings.TrimPrefix(filepath.Base(work), TempPrefix(out)))) == nil {
				return
			}
		}
		if rerr := removeTree(work); err == nil && rerr != nil {
			err = rerr
		}
	}()
	site := filepath.Join(work, "site")
	stage := func(name string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return pause(ctx, name, o.Stderr)
	}
	if err := stage("lock"); err != nil {
		return err
	}
	render := func(o Options) error {
		// The translation status, for the "may be out of date" notice: the rule of status and
		// check. It depends on the sources only (not on the base URL, nor on the PDF kit), so
		// it is made at the same time as the kit and stays in build/l10n, written under the
		// build lock.
		l10n := make(chan error, 1)
		go func() {
			start := time.Now()
			src := sources(o.Sources, o.Root, o.Site.Langs())
			err := func() error {
				site, _, err := src.content()
				if err != nil {
					return fmt.Errorf("translation status: %w", err)
				}
				h, herr := src.history()
				if herr != nil {
					h = nil // no history: nothing is outdated (as l10nstatus.GenerateData)
				}
				return l10nstatus.WriteDataOf(o.Root, site, h)
			}()
			if err == nil {
				o.timed("l10n", start)
			}
			l10n <- err
		}()
		start := time.Now()
		kit := filepath.Join(work, "materials")
		var err error
		if o.kit != "" {
			err = os.CopyFS(kit, os.DirFS(o.kit))
		} else {
			err = materialsCached(o, kit)
		}
		if err == nil {
			o.timed("kit", start)
		}
		if lerr := <-l10n; err == nil {
			err = lerr
		}
		if err != nil {
			return err
		}
		config, err := writeConfig(o.Root, work)
		if err != nil {
			return err
		}
		if err := stage("materials"); err != nil {
			return err
		}
		start = time.Now()
		defer o.timed("hugo", start)
		return hugo(o, site, config)
	}
	if o.Check == nil {
		err = render(o)
	} else {
		err = renderChecked(o, render)
	}
	if err != nil {
		return err
	}
	if err := stage("hugo"); err != nil {
		return err
	}
	for _, st := range o.After {
		start := time.Now()
		if err := st.Run(site, out); err != nil {
			return err
		}
		o.timed(st.Name, start)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := stage("verify"); err != nil {
		return err
	}
	if err := os.Chmod(site, 0o755); err != nil {
		return err
	}
	start := time.Now()
	if err := swap(site, out, work); err != nil {
		return err
	}
	o.timed("swap", start)
	swapped = true
	// From here on the new site is in place: an interruption only leaves the previous site
	// in the temporary folder, removed now or by the next build.
	pause(ctx, "swap", o.Stderr)
	return nil
}

// renderChecked runs o.Check while render makes the PDF kit and the Hugo render, each with
// its output held back: check's comes first, then (when check passed) render's.
func renderChecked(o Options, render func(Options) error) error {
	var cOut, cErr, rOut, rErr bytes.Buffer
	ctx, cancel := context.WithCancel(o.Context)
	defer cancel()
	checked := make(chan error, 1)
	go func() {
		start := time.Now()
		err := o.Check(&cOut, &cErr)
		o.timed("check", start)
		if err != nil {
			cancel() // no use rendering sources that check refuses
		}
		checked <- err
	}()
	ro := o
	ro.Stdout, ro.Stderr, ro.Context = &rOut, &rErr, ctx
	rerr := render(ro)
	cerr := <-checked
	flush := func(w io.Writer, b *bytes.Buffer) {
		if w != nil {
			w.Write(b.Bytes())
		}
	}
	flush(o.Stdout, &cOut)
	flush(o.Stderr, &cErr)
	if cerr != nil {
		return cerr
	}
	flush(o.Stdout, &rOut)
	flush(o.Stderr, &rErr)
	return rerr
}

// TempPrefix is the name prefix of the temporary folders of builds into out.
func TempPrefix(out string) string { return "." + filepath.Base(out) + ".build-" }

// previousDir is where a swap without exchange keeps the previous site inside the
// temporary folder until the new one is in place.
const previousDir = "previous"

// PreviousPrefix is the name prefix of the folder holding the site a build replaced, next to
// out until the next build removes it.
func PreviousPrefix(out string) string { return "." + filepath.Base(out) + ".previous-" }

// CleanStale removes the temporary folders of earlier builds into out that were killed
// (SIGKILL, power loss) before they could clean up, the ".public.new-*" folders of the
// builds before this layout, and the previous sites that earlier builds left (PreviousPrefix).
// When out is missing and a stale folder holds the previous site (a swap without exchange
// interrupted between its two renames), that site is put back first.
// The caller holds the build lock.
func CleanStale(out string) error {
	wait, err := cleanStale(out)
	if err != nil {
		return err
	}
	return wait()
}

// cleanStale is CleanStale in the background: it puts a previous site back when out is
// missing, then removes the folders in other goroutines; wait waits for them and returns
// their error.
func cleanStale(out string) (wait func() error, err error) {
	parent, base := filepath.Dir(out), filepath.Base(out)
	ents, err := os.ReadDir(parent)
	if err != nil {
		return nil, err
	}
	var stale []string
	for _, e := range ents {
		n := e.Name()
		if !e.IsDir() || !(strings.HasPrefix(n, TempPrefix(out)) || strings.HasPrefix(n, "."+base+".new-") || strings.HasPrefix(n, PreviousPrefix(out))) {
			continue
		}
		dir := filepath.Join(parent, n)
		if prev := filepath.Join(dir, previousDir); !strings.HasPrefix(n, PreviousPrefix(out)) && exists(prev) && !exists(out) {
			if err := os.Rename(prev, out); err != nil {
				return nil, err
			}
		}
		stale = append(stale, dir)
	}
	done := make(chan error, 1)
	go func() {
		var errs []error
		for _, dir := range stale {
			errs = append(errs, removeTree(dir))
		}
		done <- errors.Join(errs...)
	}()
	return sync.OnceValue(func() error { return <-done }), nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// swap puts dir in place of out. When out exists the two names are exchanged in one system
// call (exchange); the previous site ends up at dir, inside the temporary folder work. Where
// the file system cannot exchange names, out is first moved into work/previous and dir then
// renamed to out: a crash between the two leaves the previous site in work, and the next
// build puts it back (CleanStale).
func swap(dir, out, work string) error {
	if !exists(out) {
		return os.Rename(dir, out)
	}
	err := exchange(dir, out)
	if err == nil {
		return nil
	}
	if !errors.Is(err, errExchangeUnsupported) {
		return fmt.Errorf("swap %s: %w", out, err)
	}
	prev := filepath.Join(work, previousDir)
	if err := os.Rename(out, prev); err != nil {
		return err
	}
	if err := os.Rename(dir, out); err != nil {
		if rerr := os.Rename(prev, out); rerr != nil {
			return fmt.Errorf("%w (and the previous site could not be put back: it is in %s)", err, prev)
		}
		return err
	}
	return nil
}

var errExchangeUnsupported = errors.New("exchanging two names is not supported here")

// Materials generates the PDF kit into <root>/build/materials, which site/hugo.toml mounts as
// static files and data (for `make serve`; a build generates its own, see Build).
func Materials(o Options) error {
	if o.Site == nil {
		return errors.New("materials: no site configuration (siteconfig.Load)")
	}
	return materialsInto(o, filepath.Join(o.Root, "build", "materials"))
}

// materialsInto generates the PDF kit into out: the downloads list and the PDFs come from the
// same sources as the pages, for the same base URL.
func materialsInto(o Options, out string) error {
	mo := materials.Options{Root: o.Root, Out: out, Site: o.Site, Release: o.Release}
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

// materialsMount is how site/hugo.toml names the generated PDF kit in its mounts.
const materialsMount = `"../build/materials/`

// writeConfig copies site/hugo.toml into work/hugo.toml with the mounts of build/materials
// pointed at this build's own PDF kit (work/materials), so that two builds never share PDFs.
func writeConfig(root, work string) (string, error) {
	siteDir, err := filepath.Abs(filepath.Join(root, "site"))
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(filepath.Join(siteDir, "hugo.toml"))
	if err != nil {
		return "", err
	}
	if !bytes.Contains(b, []byte(materialsMount)) {
		return "", fmt.Errorf("site/hugo.toml: no mount of ../build/materials/…: the build cannot point Hugo at its own PDF kit")
	}
	rel, err := filepath.Rel(siteDir, filepath.Join(work, "materials"))
	if err != nil {
		return "", err
	}
	b = bytes.ReplaceAll(b, []byte(materialsMount), []byte(`"`+filepath.ToSlash(rel)+"/"))
	p := filepath.Join(work, "hugo.toml")
	return p, os.WriteFile(p, b, 0o644)
}
