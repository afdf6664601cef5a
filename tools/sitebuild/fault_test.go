package sitebuild_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"protege/tools/cli"
	"protege/tools/hugotool"
	"protege/tools/repotest"
	"protege/tools/sitebuild"
	"protege/tools/verify"
)

// The fault tests run `protege build` as a separate process: this test binary, re-executed
// with PROTEGE_TEST_CLI=1, runs the command line it is given, as the protege binary would.
func TestMain(m *testing.M) {
	if os.Getenv("PROTEGE_TEST_CLI") == "1" {
		if h := os.Getenv(hugoEnv); h != "" {
			hugotool.Use(h)
		}
		os.Exit(cli.Run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
	}
	code := m.Run()
	for _, d := range removeAtExit {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// removeAtExit are folders shared by several tests, removed when they are all done.
var (
	removeAtExitMu sync.Mutex
	removeAtExit   []string
)

// sharedTempDir is a new temporary folder for what several tests share, removed at exit.
func sharedTempDir(name string) (string, error) {
	dir, err := os.MkdirTemp("", "protege-sitebuild-"+name+"-")
	if err != nil {
		return "", err
	}
	removeAtExitMu.Lock()
	defer removeAtExitMu.Unlock()
	removeAtExit = append(removeAtExit, dir)
	return dir, nil
}

// hugoEnv hands the Hugo binary's path to the build processes, so that each does not ask
// `go tool -n hugo` again (a second of CPU per process).
const hugoEnv = "PROTEGE_TEST_HUGO"

// shared is a cold `protege build` of a scratch copy of the repository (root, with no
// build/cache, as a fresh clone) into public, made once for the package's tests, which only
// read it. Its checkout keeps what the build left in build/cache (the PDF kit, the gzip
// encodings, verify's page facts), so that the tests that build the same sources again
// start from a copy of it as an editor's second build would (copy).
type shared struct {
	name string
	// prepare changes the scratch copy before it is built (and is committed); nil: none.
	prepare func(t *testing.T, root string)

	once              sync.Once
	root, public, kit string
	digest            map[string]string
	err               error
}

var (
	// clean is the repository's site as it is: the cold build of TestBuildIsReproducible,
	// and the checkout and PDF kit (WithKit) of the tests about pages.
	clean = &shared{name: "clean"}
	// spanish is the site in its default language alone (the others in disableLanguages):
	// the smallest real site, with its PDFs, on which the fault tests build again and again
	// (a third of the pages and PDFs, half of Hugo's time).
	spanish = &shared{name: "spanish", prepare: defaultLanguageOnly}
)

// build makes the shared build once and returns its output folder and digest.
func (s *shared) build(t *testing.T) (string, map[string]string) {
	t.Helper()
	s.once.Do(func() {
		dir, err := sharedTempDir(s.name)
		if err != nil {
			s.err = err
			return
		}
		s.root, s.public = filepath.Join(dir, "root"), filepath.Join(dir, "public")
		// t.Fatal in the next steps leaves s.err set for the other tests.
		s.err = fmt.Errorf("no scratch copy for the %s build (see the first test that asked for it)", s.name)
		repotest.ScratchCopyInto(t, s.root)
		if s.prepare != nil {
			s.prepare(t, s.root)
			repotest.Git(t, s.root, "2026-01-01T00:00:00Z", "commit", "-qam", s.name)
		}
		s.err = nil
		var stdout, stderr bytes.Buffer
		if code := cli.Run([]string{"build", "-root", s.root, "-out", s.public}, nil, nil, &stdout, &stderr); code != 0 {
			s.err = fmt.Errorf("%s build: exit %d\n%s", s.name, code, stderr.String())
			return
		}
		if s.kit, s.err = sitebuild.CachedKit(s.root); s.err != nil {
			return
		}
		s.digest, s.err = verify.Digest(s.public)
	})
	if s.err != nil {
		t.Fatal(s.err)
	}
	return s.public, s.digest
}

// copy is a copy of the shared build's checkout (sources, git history, build/cache) for a
// test to change or build again.
func (s *shared) copy(t *testing.T) string {
	t.Helper()
	s.build(t)
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(s.root)); err != nil {
		t.Fatal(err)
	}
	return root
}

// pdfKit is the PDF kit of the shared build, for the builds of tests about pages (WithKit).
func (s *shared) pdfKit(t *testing.T) string {
	t.Helper()
	s.build(t)
	return s.kit
}

// cleanBuild, cleanCopy and cleanKit are the clean build's.
func cleanBuild(t *testing.T) (string, map[string]string) { return clean.build(t) }
func cleanCopy(t *testing.T) string                       { return clean.copy(t) }
func cleanKit(t *testing.T) string                        { return clean.pdfKit(t) }

// defaultLanguageOnly disables every language of the site at root but the default one.
func defaultLanguageOnly(t *testing.T, root string) {
	site := repotest.Site(t, root)
	var others []string
	for _, l := range site.Langs() {
		if l != site.Default().Lang {
			others = append(others, fmt.Sprintf("%q", l))
		}
	}
	cfg := filepath.Join(root, "site", "hugo.toml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	write(t, cfg, append([]byte("disableLanguages = ["+strings.Join(others, ", ")+"]\n"), b...))
	if l := repotest.Site(t, root).Langs(); len(l) != 1 {
		t.Fatalf("languages left: %v, want the default one", l)
	}
}

// buildProc is a `protege build` running in its own process.
type buildProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	mu     sync.Mutex
	stderr bytes.Buffer
	paused chan struct{} // closed when the build says it is paused
	done   chan error
}

// startBuild starts a build of root into out, paused at stage ("" for none).
func startBuild(t *testing.T, root, out, stage string, extra ...string) *buildProc {
	t.Helper()
	args := append([]string{"build", "-root", root, "-out", out}, extra...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PROTEGE_TEST_CLI=1", sitebuild.PauseEnv+"="+stage)
	if h, err := hugotool.Binary(); err == nil {
		cmd.Env = append(cmd.Env, hugoEnv+"="+h)
	}
	cmd.Stdout = io.Discard
	p := &buildProc{cmd: cmd, paused: make(chan struct{}), done: make(chan error, 1)}
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	r, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	go func() {
		sc := bufio.NewScanner(r)
		once := sync.Once{}
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if strings.Contains(sc.Text(), "paused at stage "+stage+" ") {
				once.Do(func() { close(p.paused) })
			}
		}
		p.done <- cmd.Wait()
	}()
	return p
}

func (p *buildProc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// waitPaused waits until the build is paused; it fails the test if the build ends first.
func (p *buildProc) waitPaused(t *testing.T, stage string) {
	t.Helper()
	select {
	case <-p.paused:
	case err := <-p.done:
		p.done <- err
		t.Fatalf("the build ended (%v) before pausing at %s:\n%s", err, stage, p.log())
	}
}

func (p *buildProc) wait() (int, error) {
	err := <-p.done
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), err
	}
	return 0, err
}

// entries lists the folder holding the output, to find leftovers next to it.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// leftovers is entries without the one previous site a successful build leaves for the next
// build to remove (sitebuild.PreviousPrefix).
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	prev := false
	for _, n := range entries(t, dir) {
		if !prev && strings.HasPrefix(n, sitebuild.PreviousPrefix(filepath.Join(dir, "public"))) {
			prev = true
			continue
		}
		out = append(out, n)
	}
	return out
}

func digestOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	d, err := verify.Digest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func sameDigest(a, b map[string]string) string {
	for f, h := range a {
		if b[f] != h {
			return f
		}
	}
	for f := range b {
		if _, ok := a[f]; !ok {
			return f
		}
	}
	return ""
}

// A build interrupted at each stage, by SIGINT, SIGTERM or SIGKILL, leaves the previous site
// byte for byte (or, once swapped, the complete new one), removes its temporary folder when it
// can (SIGINT, SIGTERM) and otherwise has it removed by the next build, which works.
func TestInterruptedBuild(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the site about fifteen times")
	}
	// Each signal in its own copy of the checkout of the Spanish site's shared build (its
	// own build lock, the caches that build left), side by side; each starts from a copy of
	// that build's output.
	cleanOut, newSite := spanish.build(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			interruptEachStage(t, sig, cleanOut, newSite)
		})
	}
}

// interruptEachStage interrupts a build with sig at each stage in turn, then builds again.
func interruptEachStage(t *testing.T, sig syscall.Signal, cleanOut string, newSite map[string]string) {
	root := spanish.copy(t)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if err := os.CopyFS(out, os.DirFS(cleanOut)); err != nil {
		t.Fatal(err)
	}
	// The "old" site is the build plus a marker file, so that it differs from a new build
	// (two builds of the same sources are byte-identical, in any checkout).
	markOld := func() map[string]string {
		if err := os.WriteFile(filepath.Join(out, "old-marker.txt"), []byte("previous site\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return digestOf(t, out)
	}
	old := markOld()
	for _, stage := range sitebuild.Stages {
		t.Run("at "+stage, func(t *testing.T) {
			p := startBuild(t, root, out, stage)
			p.waitPaused(t, stage)
			if err := p.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			code, err := p.wait()
			want, wantCode := old, 130
			if stage == "swap" {
				want, wantCode = newSite, 0 // the new site was in place before the signal
			}
			switch {
			case sig == syscall.SIGKILL:
				if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Errorf("not killed: %v", err)
				}
			case code != wantCode:
				t.Errorf("exit %d, want %d:\n%s", code, wantCode, p.log())
			case code == 130 && !strings.Contains(p.log(), "build: stopped by "):
				t.Errorf("no message about the interruption:\n%s", p.log())
			}
			if f := sameDigest(want, digestOf(t, out)); f != "" {
				t.Errorf("public/ is not the %s site: %s differs", map[bool]string{true: "new", false: "previous"}[stage == "swap"], f)
			}
			if es := leftovers(t, parent); sig != syscall.SIGKILL && len(es) != 1 {
				t.Errorf("left behind next to public/: %v", es)
			}
			if stage == "swap" {
				old = markOld()
			}
		})
	}
	// The next build cleans up after the killed ones and works. After SIGINT and SIGTERM
	// that build was the last one above (Stages ends with swap): it ran after the
	// interrupted ones, exited 0, left public/ alone next to it and equal to a clean build.
	if sig != syscall.SIGKILL {
		if sitebuild.Stages[len(sitebuild.Stages)-1] != "swap" {
			t.Fatalf("the last stage is %q, not swap: build again here", sitebuild.Stages[len(sitebuild.Stages)-1])
		}
		return
	}
	p := startBuild(t, root, out, "")
	if code, err := p.wait(); code != 0 {
		t.Fatalf("build after %v: exit %d (%v)\n%s", sig, code, err, p.log())
	}
	if es := leftovers(t, parent); len(es) != 1 || es[0] != "public" {
		t.Errorf("after the build following %v: %v next to public/, want public alone", sig, es)
	}
	if f := sameDigest(newSite, digestOf(t, out)); f != "" {
		t.Errorf("after the build following %v: %s differs from a clean build", sig, f)
	}
}

// Two builds at once in one checkout, for two base URLs: the second refuses with a message
// naming the first, which finishes with its own PDFs; the output has one base URL throughout.
// The first is for the site's own base URL, in a copy of the checkout of the Spanish site's
// shared build (its PDF kit comes from the cache); the second, run again once the first is
// done, for another.
func TestTwoBuildsAtOnce(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the site twice")
	}
	root := spanish.copy(t)
	out := filepath.Join(t.TempDir(), "public")
	a := repotest.Site(t, root).BaseURL
	const b = "https://b.example.org/two/"
	if a == b {
		t.Fatalf("the site's base URL is %s, the other build's", b)
	}
	first := startBuild(t, root, out, "materials")
	first.waitPaused(t, "materials")

	var stdout, stderr bytes.Buffer
	code := cli.Run([]string{"build", "-root", root, "-out", out, "-baseurl", b}, os.Getenv, nil, &stdout, &stderr)
	if code == 0 {
		t.Fatal("a second build ran while the first held the lock")
	}
	for _, want := range []string{"another build is running in this checkout", fmt.Sprintf("pid %d ", first.cmd.Process.Pid), "build/build.lock"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("the refusal does not say %q:\n%s", want, stderr.String())
		}
	}
	io.WriteString(first.stdin, "\n")
	if code, err := first.wait(); code != 0 {
		t.Fatalf("first build: exit %d (%v)\n%s", code, err, first.log())
	}
	assertOnlyBaseURL(t, out, a, b)

	stderr.Reset()
	if code := cli.Run([]string{"build", "-root", root, "-out", out, "-baseurl", b}, os.Getenv, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("second build, run again: exit %d\n%s", code, stderr.String())
	}
	assertOnlyBaseURL(t, out, b, a)
}

// assertOnlyBaseURL checks that the built text files and the PDFs' text name want's host and
// never other's.
func assertOnlyBaseURL(t *testing.T, dir, want, other string) {
	t.Helper()
	host := func(u string) string { return strings.Split(u, "/")[2] }
	found := 0
	pdftotext, _ := exec.LookPath("pdftotext")
	pdfs := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var text []byte
		switch filepath.Ext(p) {
		case ".html", ".xml", ".txt":
			text, _ = os.ReadFile(p)
		case ".pdf":
			if pdftotext == "" || pdfs >= 6 {
				return nil
			}
			pdfs++
			text, _ = exec.Command(pdftotext, p, "-").Output()
		default:
			return nil
		}
		if bytes.Contains(text, []byte(host(other))) {
			t.Errorf("%s names %s, from the other build", p, host(other))
		}
		if bytes.Contains(text, []byte(host(want))) {
			found++
		}
		return nil
	})
	if found == 0 {
		t.Errorf("no built file names %s", host(want))
	}
}
