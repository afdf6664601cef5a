// Package repotest gives tests the repository they run in: its root, and a scratch copy of
// what Hugo reads that a test may break or build without touching the working tree.
package repotest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"protege/tools/sitebuild"
)

// Root is the repository root (the folder of go.mod above the test's package).
func Root(t testing.TB) string {
	t.Helper()
	root, err := sitebuild.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// ScratchCopy copies site/, content/, i18n/ and assets/ into a temporary git repository with one commit at a fixed date (Hugo's
// enableGitInfo needs a repository) and returns its path.
func ScratchCopy(t testing.TB) string {
	t.Helper()
	src := Root(t)
	dst := t.TempDir()
	for _, d := range []string{"site", "content", "i18n", "assets"} {
		if _, err := os.Stat(filepath.Join(src, d)); err != nil {
			continue
		}
		if err := os.CopyFS(filepath.Join(dst, d), os.DirFS(filepath.Join(src, d))); err != nil {
			t.Fatal(err)
		}
	}
	os.RemoveAll(filepath.Join(dst, "site", "resources"))
	Git(t, dst, "2026-01-01T00:00:00Z", "init", "-q")
	Git(t, dst, "2026-01-01T00:00:00Z", "add", "-A")
	Git(t, dst, "2026-01-01T00:00:00Z", "commit", "-q", "-m", "scratch")
	return dst
}

// Git runs a git command in dir with author and committer dates set to date (RFC 3339).
func Git(t testing.TB, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.org"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// Edit is one change a fixture makes to its base: the first Replace in File becomes With.
type Edit struct {
	File    string `yaml:"file"`
	Replace string `yaml:"replace"`
	With    string `yaml:"with"`
}

// Apply removes the files named in remove, then makes the edits, under dir. An edit whose
// Replace is not in its file fails the test: the fixture no longer matches its base.
func Apply(t testing.TB, dir string, remove []string, edits []Edit) {
	t.Helper()
	for _, r := range remove {
		if err := os.Remove(filepath.Join(dir, r)); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range edits {
		p := filepath.Join(dir, e.File)
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(src, []byte(e.Replace)) {
			t.Fatalf("%s: the text to replace is not in the base:\n%s", e.File, e.Replace)
		}
		if err := os.WriteFile(p, bytes.Replace(src, []byte(e.Replace), []byte(e.With), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
