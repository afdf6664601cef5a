package check_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/charmap"

	"protege/tools/cli"
	"protege/tools/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files (testdata/cases/*/want.golden)")

// A case is one mistake: testdata/base (a small site that passes) with the changes of
// testdata/cases/<name>/case.yaml and the files of testdata/cases/<name>/files/ applied.
// want.golden holds the exact output of `protege check` and its exit code.
type caseFile struct {
	Args   []string          `yaml:"args"`
	Env    map[string]string `yaml:"env"`
	Remove []string          `yaml:"remove"`
	Edit   []fixture.Edit    `yaml:"edit"`
	// Rename moves a file of the base (names a fixture folder could not hold on every system).
	Rename []struct {
		From string `yaml:"from"`
		To   string `yaml:"to"`
	} `yaml:"rename"`
	// Create writes files whose names could not be committed (they break Windows checkouts).
	Create []struct {
		File string `yaml:"file"`
		Text string `yaml:"text"`
	} `yaml:"create"`
	// Reencode saves files, after the edits, as Windows-1252 (an editor's encoding mistake).
	Reencode []string `yaml:"reencode"`
}

// today is the date every case is checked on, so that the dates of the fixtures never age.
const today = "2026-11-27"

func TestCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/cases/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no cases in testdata/cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var c caseFile
			b, err := os.ReadFile(filepath.Join(dir, "case.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(b, &c); err != nil {
				t.Fatalf("case.yaml: %v", err)
			}
			root := t.TempDir()
			copyTree(t, "testdata/base", root)
			// The cache of a run on the base (an earlier build): the case's runs with the
			// cache check again only the files the case changed.
			if out := runCheck(t, root, nil, nil); out != "exit 0\n" {
				t.Fatalf("base: %s", out)
			}
			if _, err := os.Stat(filepath.Join(dir, "files")); err == nil {
				copyTree(t, filepath.Join(dir, "files"), root)
			}
			fixture.Apply(t, root, c.Remove, c.Edit)
			for _, r := range c.Rename {
				if err := os.Rename(filepath.Join(root, r.From), filepath.Join(root, r.To)); err != nil {
					t.Fatal(err)
				}
			}
			for _, f := range c.Create {
				p := filepath.Join(root, f.File)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(f.Text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, f := range c.Reencode {
				p := filepath.Join(root, f)
				src, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				b, err := charmap.Windows1252.NewEncoder().Bytes(src)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				if bytes.Equal(b, src) {
					t.Fatalf("%s: the file is the same in Windows-1252 (add an accented letter with edit)", f)
				}
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// With the base's cache (the changed files checked again), again with the cache
			// this run left (nothing checked again), and without a cache: the same output.
			var got string
			for i, run := range []string{"cache of the base", "warm cache", "no cache"} {
				args := c.Args
				if run == "no cache" {
					args = append([]string{"-cache=false"}, args...)
				}
				out := runCheck(t, root, args, c.Env)
				if i > 0 && out != got {
					t.Fatalf("%s: output differs from the run with %s\n--- got:\n%s--- want:\n%s", run, "the cache of the base", out, got)
				}
				got = out
			}
			golden := filepath.Join(dir, "want.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s\n--- got:\n%s--- want:\n%s", golden, got, want)
			}
		})
	}
}

// runCheck runs `protege check` on root as of today, without git, with args and only the
// environment env (so that the goldens do not depend on where the tests run): its standard
// output, then "exit N".
func runCheck(t *testing.T, root string, args []string, env map[string]string) string {
	t.Helper()
	args = append([]string{"check", "-root", root, "-git=false", "-today", today}, args...)
	var stdout, stderr bytes.Buffer
	code := cli.Run(args, func(k string) string { return env[k] }, nil, &stdout, &stderr)
	if code == 2 {
		t.Logf("stderr: %s", stderr.String())
	}
	return fmt.Sprintf("%sexit %d\n", stdout.String(), code)
}

// TestBasePasses is the reference: the base fixture has no problem at all.
func TestBasePasses(t *testing.T) {
	var stdout, stderr bytes.Buffer
	strict := func(k string) string { return map[string]string{"STRICT": "1"}[k] }
	code := cli.Run([]string{"check", "-root", "testdata/base", "-git=false", "-cache=false", "-today", today}, strict, nil, &stdout, &stderr)
	if code != 0 || stdout.Len() != 0 {
		t.Fatalf("exit %d, want 0 and no output:\n%s%s", code, stdout.String(), stderr.String())
	}
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRealSite checks the repository's own content: it must have no error. (Warnings, such as
// a translation that is behind its Spanish page, are allowed.)
func TestRealSite(t *testing.T) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "content", "es")); err != nil {
		t.Skip("no content folder")
	}
	var stdout, stderr bytes.Buffer
	// As of a date after every date of the content, not today: a date in the future is an
	// error for editors (protege check), but this test must not depend on the day it runs.
	code := cli.Run([]string{"check", "-root", root, "-today", "9999-12-31"}, nil, nil, &stdout, &stderr)
	if code != 0 {
		t.Errorf("protege check on the repository: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if strings.Contains(stderr.String(), " 0 pages") {
		t.Errorf("no page found: %s", stderr.String())
	}
}
