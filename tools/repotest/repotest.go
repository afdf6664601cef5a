// Package repotest gives tests the repository they run in: its root, and a scratch copy of
// what Hugo reads that a test may break or build without touching the working tree.
package repotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"protege/tools/hugotool"
	"protege/tools/siteconfig"
)

// Root is the repository root (the folder of go.mod above the test's package).
func Root(t testing.TB) string {
	t.Helper()
	root, err := hugotool.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// Site reads the site configuration of the repository at root (tools/siteconfig), as the
// commands do, with STRICT off.
func Site(t testing.TB, root string) *siteconfig.Site {
	t.Helper()
	s, err := siteconfig.Load(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ScratchCopy copies site/, content/, i18n/, assets/ and deploy/ (the headers the pages carry) into a temporary git repository with one commit at a fixed date (Hugo's
// enableGitInfo needs a repository) and returns its path.
func ScratchCopy(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	ScratchCopyInto(t, dst)
	return dst
}

// ScratchCopyInto makes the scratch copy of ScratchCopy in dst (a missing or empty folder),
// for a copy that outlives the test that makes it (several tests share it; the caller
// removes it).
func ScratchCopyInto(t testing.TB, dst string) {
	t.Helper()
	src := Root(t)
	for _, d := range []string{"site", "content", "i18n", "assets", "deploy"} {
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
