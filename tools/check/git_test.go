package check_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"protege/tools/check"
	"protege/tools/cli"
	"protege/tools/siteconfig"
)

// git runs git in dir with a fixed identity and commit date (date: "2026-11-01T10:00:00Z").
func git(t *testing.T, dir, date string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Editor", "-c", "user.email=editor@example.org",
		"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// outdatedRepo is the base site committed on 2026-11-01, then its Spanish hotel guide changed
// and committed on 2026-11-20 (the English and French guides were not): it returns the root
// and the short hash of the Spanish change.
func outdatedRepo(t *testing.T) (string, string) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := t.TempDir()
	copyTree(t, "testdata/base", root)
	git(t, root, "2026-11-01T10:00:00Z", "init", "-q")
	git(t, root, "2026-11-01T10:00:00Z", "add", "-A")
	git(t, root, "2026-11-01T10:00:00Z", "commit", "-q", "-m", "site")
	p := filepath.Join(root, "content/es/guias/hoteles.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("1. No confronte a nadie."), []byte("1. No confronte a nadie ni lo siga."), 1)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, root, "2026-11-20T15:00:00Z", "commit", "-q", "-am", "hoteles: no seguir")
	return root, git(t, root, "2026-11-20T15:00:00Z", "rev-parse", "--short", "HEAD")
}

func TestOutdatedTranslation(t *testing.T) {
	root, hash := outdatedRepo(t)
	first := git(t, root, "2026-11-20T15:00:00Z", "rev-parse", "--short", "HEAD~1")
	want := "content/en/guides/hotels.md:1:1: warning: translation may be outdated: content/es/guias/hoteles.md changed on 2026-11-20 (" + hash + "), after this page's last change on 2026-11-01 (" + first + "); \"make status DIFF=content/en/guides/hotels.md\" shows what changed; bring the translation up to date and commit it (if that change needs no translation, record it with \"sourceChecked: " + hash + "\" in this page's front matter and commit)\n" +
		"content/fr/guides/hotellerie.md:1:1: warning: translation may be outdated: content/es/guias/hoteles.md changed on 2026-11-20 (" + hash + "), after this page's last change on 2026-11-01 (" + first + "); \"make status DIFF=content/fr/guides/hotellerie.md\" shows what changed; bring the translation up to date and commit it (if that change needs no translation, record it with \"sourceChecked: " + hash + "\" in this page's front matter and commit)\n"
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 0, want},
		{[]string{"-strict"}, 1, strings.ReplaceAll(want, "warning:", "error:")},
		{[]string{"-git=false"}, 0, ""},
	} {
		var stdout, stderr bytes.Buffer
		code := cli.Run(append([]string{"check", "-root", root, "-today", today}, tc.args...), nil, nil, &stdout, &stderr)
		if code != tc.code || stdout.String() != tc.want {
			t.Errorf("check %v: exit %d (want %d)\n--- got:\n%s--- want:\n%s--- stderr:\n%s", tc.args, code, tc.code, stdout.String(), tc.want, stderr.String())
		}
	}
}

func TestStatusOutdated(t *testing.T) {
	root, hash := outdatedRepo(t)
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"status", "-root", root}, nil, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("status: exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, line := range []string{
		"guide-hotels    guias/hoteles.md  outdated since " + hash + " (2026-11-20)  outdated since " + hash + " (2026-11-20)",
		"home            _index.md         ok",
		"en: 3 ok, 1 outdated, 0 untranslated, 0 missing, 0 orphan",
		"  en: none",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("status output lacks %q:\n%s", line, out)
		}
	}
	stdout.Reset()
	if code := cli.Run([]string{"status", "-root", root, "-format", "markdown"}, nil, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("status -format markdown: exit %d: %s", code, stderr.String())
	}
	if want := "| `guide-hotels` | `guias/hoteles.md` | **outdated since " + hash + " (2026-11-20)** |"; !strings.Contains(stdout.String(), want) {
		t.Errorf("markdown status lacks %q:\n%s", want, stdout.String())
	}
}

// TestNoGitRepository: outside a git repository the check still runs, and says what it could
// not check.
func TestNoGitRepository(t *testing.T) {
	root := t.TempDir()
	copyTree(t, "testdata/base", root)
	sc, err := siteconfig.Load(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := check.Run(check.Options{Root: root, Site: sc, Git: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "outdated translations not checked") {
		t.Errorf("notes = %q, want one about outdated translations", res.Notes)
	}
}
