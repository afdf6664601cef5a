package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected sections (stdout, stderr, exit, changed) of testdata/*.txtar")

// A case, testdata/<name>.txtar, is one run of protege. Its comment says what it shows; its
// sections are:
//
//	args     the command line after "protege", one argument per line
//	env      the whole environment, NAME=value lines (nothing else is set)
//	stdin    standard input
//	stdout   expected standard output  } absent: expected empty;
//	stderr   expected standard error   } rewritten by
//	exit     expected exit code        } go test -update
//	changed  expected files the run wrote, created or removed ("removed path")
//
// Every other section is an input file, written into a fresh folder before the run. $WORK
// stands for that folder in args, env and stdin, and replaces it in the outputs.
var expected = []string{"stdout", "stderr", "exit", "changed"}

var inputs = []string{"args", "env", "stdin"}

func TestCommands(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no cases in testdata/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			runCase(t, file)
		})
	}
}

func runCase(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(bytes.TrimSpace(ar.Comment)) == 0 {
		t.Errorf("%s: no comment saying what the case shows", file)
	}
	work := t.TempDir()
	sections := map[string]string{}
	for _, f := range ar.Files {
		if slices.Contains(inputs, f.Name) || slices.Contains(expected, f.Name) {
			sections[f.Name] = strings.ReplaceAll(string(f.Data), "$WORK", work)
			continue
		}
		p := filepath.Join(work, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := strings.Split(strings.TrimSuffix(sections["args"], "\n"), "\n")
	if sections["args"] == "" {
		args = nil
	}
	env := map[string]string{}
	for line := range strings.Lines(sections["env"]) {
		k, v, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "=")
		if !ok {
			t.Fatalf("%s: env line %q is not NAME=value", file, line)
		}
		env[k] = v
	}
	before := snapshot(t, work)
	var stdout, stderr bytes.Buffer
	code := Run(args, func(k string) string { return env[k] }, strings.NewReader(sections["stdin"]), &stdout, &stderr)

	got := map[string]string{
		"stdout":  stdout.String(),
		"stderr":  stderr.String(),
		"exit":    strconv.Itoa(code) + "\n",
		"changed": changed(before, snapshot(t, work)),
	}
	for k, v := range got {
		got[k] = strings.ReplaceAll(v, work, "$WORK")
	}
	if *update {
		rewrite(t, file, ar, got)
		return
	}
	for _, name := range expected {
		want := ""
		for _, f := range ar.Files {
			if f.Name == name {
				want = string(f.Data)
			}
		}
		if got[name] != want {
			t.Errorf("%s: %s differs (- want, + got; go test -update rewrites it):\n%s", file, name, lineDiff(want, got[name]))
		}
	}
}

// snapshot is every file under dir with its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// changed lists, sorted, the files written or created between two snapshots, and the removed
// ones as "removed path".
func changed(before, after map[string]string) string {
	var out []string
	for p, data := range after {
		if old, ok := before[p]; !ok || old != data {
			out = append(out, p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			out = append(out, "removed "+p)
		}
	}
	slices.Sort(out)
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}

// rewrite keeps the case's inputs and writes its expected sections from got (an empty one is
// left out, except exit).
func rewrite(t *testing.T, file string, ar *txtar.Archive, got map[string]string) {
	out := &txtar.Archive{Comment: ar.Comment}
	for _, f := range ar.Files {
		if !slices.Contains(expected, f.Name) {
			out.Files = append(out.Files, f)
		}
	}
	for _, name := range expected {
		if got[name] != "" || name == "exit" {
			out.Files = append(out.Files, txtar.File{Name: name, Data: []byte(got[name])})
		}
	}
	if err := os.WriteFile(file, txtar.Format(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lineDiff is a line diff of two short texts: "-" for lines only in want, "+" for lines only
// in got, " " for lines in both.
func lineDiff(want, got string) string {
	a, b := strings.SplitAfter(want, "\n"), strings.SplitAfter(got, "\n")
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var d strings.Builder
	line := func(mark, s string) {
		if s != "" {
			fmt.Fprintf(&d, "%s%s", mark, strings.TrimSuffix(s, "\n")+"\n")
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			line(" ", a[i])
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			line("-", a[i])
			i++
		default:
			line("+", b[j])
			j++
		}
	}
	return d.String()
}
