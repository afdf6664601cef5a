package l10nstatus_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"protege/tools/cli"
	"protege/tools/l10nstatus"
	"protege/tools/repotest"
	"protege/tools/sitebuild"
)

// gitAt runs git in dir with its own author and committer dates: a rebase keeps a commit's
// author date (what Hugo's .Lastmod reads) and gives it a new committer date.
func gitAt(t *testing.T, dir, author, committer string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.org",
		"-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+author, "GIT_COMMITTER_DATE="+committer,
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s: no %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestStatusCheckNoticeAgree builds a scratch copy of the site whose history has a rebase, and
// whose dates all point the wrong way, then asks the three readers of the rule — protege
// status, protege check and the page notice in the built site — which translations are
// outdated: they must give the same answer, and the right one.
//
//	scratch (Jan 1) ─ T: en/about and fr/a-propos edited; fr/a-propos gets sourceChecked: scratch (Jan 10)
//	                    └─ S': es/acerca edited (authored Jan 5 on a branch, rebased onto T on Jan 20)
//	                        └─ U: en/about brought up to date, fr/a-propos's typo fixed (dated Jan 2)
//
// en/about was changed after S' (U contains S'): up to date, although every date of U is older
// than S'. fr/a-propos was also changed in U, but its sourceChecked still names the scratch
// commit, which does not contain S': outdated. Before the rebase S' (Jan 5) was older than T
// (Jan 10) by author date, the date Hugo's notice used to compare.
func TestStatusCheckNoticeAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site")
	}
	src := repotest.ScratchCopy(t)
	scratch := gitAt(t, src, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "rev-parse", "--short", "HEAD")
	trunk := gitAt(t, src, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "rev-parse", "--abbrev-ref", "HEAD")
	gitAt(t, src, "2026-01-05T00:00:00Z", "2026-01-05T00:00:00Z", "checkout", "-q", "-b", "es-change")
	es := filepath.Join(src, "content", "es", "acerca.md")
	b, _ := os.ReadFile(es)
	os.WriteFile(es, append(b, []byte("\nUn párrafo nuevo sobre el proyecto.\n")...), 0o644)
	gitAt(t, src, "2026-01-05T00:00:00Z", "2026-01-05T00:00:00Z", "commit", "-qam", "es: acerca")

	gitAt(t, src, "2026-01-10T00:00:00Z", "2026-01-10T00:00:00Z", "checkout", "-q", trunk)
	en := filepath.Join(src, "content", "en", "about.md")
	fr := filepath.Join(src, "content", "fr", "a-propos.md")
	b, _ = os.ReadFile(en)
	os.WriteFile(en, append(b, []byte("\nA first new sentence.\n")...), 0o644)
	edit(t, fr, "\ntranslationKey: about\n", "\ntranslationKey: about\nsourceChecked: \""+scratch+"\"\n")
	gitAt(t, src, "2026-01-10T00:00:00Z", "2026-01-10T00:00:00Z", "commit", "-qam", "en, fr: about")

	gitAt(t, src, "2026-01-20T00:00:00Z", "2026-01-20T00:00:00Z", "checkout", "-q", "es-change")
	gitAt(t, src, "2026-01-20T00:00:00Z", "2026-01-20T00:00:00Z", "rebase", "-q", trunk)
	rebased := gitAt(t, src, "2026-01-20T00:00:00Z", "2026-01-20T00:00:00Z", "rev-parse", "--short", "HEAD")

	b, _ = os.ReadFile(en)
	os.WriteFile(en, append(b, []byte("\nA new paragraph about the project.\n")...), 0o644)
	b, _ = os.ReadFile(fr)
	os.WriteFile(fr, append(b, []byte("\n")...), 0o644)
	gitAt(t, src, "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z", "commit", "-qam", "en: about up to date; fr: spacing")

	// protege status
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"status", "-root", src}, nil, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("status: exit %d\n%s", code, stderr.String())
	}
	row := "about                     acerca.md                           ok  outdated since " + rebased + " (2026-01-20)"
	if !strings.Contains(stdout.String(), row+"\n") {
		t.Errorf("status lacks the row\n%s\n%s", row, stdout.String())
	}
	if n := strings.Count(stdout.String(), "outdated since"); n != 1 {
		t.Errorf("status: %d outdated translations, want 1\n%s", n, stdout.String())
	}

	// protege check
	stdout.Reset()
	cli.Run([]string{"check", "-root", src, "-today", "2026-11-27"}, nil, nil, &stdout, &stderr)
	var outdated []string
	for line := range strings.Lines(stdout.String()) {
		// (The real pages' sourceChecked hashes are not in the scratch history: other warnings.)
		if strings.Contains(line, "translation may be outdated") {
			outdated = append(outdated, line)
		}
	}
	if len(outdated) != 1 || !strings.HasPrefix(outdated[0], "content/fr/a-propos.md:5:1: warning: translation may be outdated: content/es/acerca.md changed on 2026-01-20 ("+rebased+"), after the Spanish version this page was checked against (sourceChecked: "+scratch+")") {
		t.Errorf("check: want one warning, on fr/a-propos's sourceChecked line; got\n%s", strings.Join(outdated, ""))
	}

	// the page notice, from the data file the build writes
	out := filepath.Join(t.TempDir(), "public")
	if err := sitebuild.Build(sitebuild.Options{Root: src, Site: repotest.Site(t, src), Out: out, Stderr: &stderr}); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	var data l10nstatus.Data
	if b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(l10nstatus.DataFile))); err != nil {
		t.Fatal(err)
	} else if err := json.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	if got := data.Pages["about"]; got["en"].State != "ok" || got["fr"].State != "outdated" || got["fr"].Since != rebased {
		t.Errorf("data file: about = %+v", got)
	}
	var noticed []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("notice--outdated")) {
				rel, _ := filepath.Rel(out, p)
				noticed = append(noticed, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	if strings.Join(noticed, " ") != "fr/a-propos/index.html" {
		t.Errorf("pages with the outdated notice: %q, want only fr/a-propos/index.html", noticed)
	}
}

// TestStatusDiff: `protege status -diff` prints the Spanish changes since the translation was
// checked, and says when a translation is up to date.
func TestStatusDiff(t *testing.T) {
	src := repotest.ScratchCopy(t)
	es := filepath.Join(src, "content", "es", "acerca.md")
	b, _ := os.ReadFile(es)
	os.WriteFile(es, append(b, []byte("\nUn párrafo nuevo sobre el proyecto.\n")...), 0o644)
	gitAt(t, src, "2026-01-05T00:00:00Z", "2026-01-05T00:00:00Z", "commit", "-qam", "es: acerca")
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"status", "-root", src, "-diff", "content/en/about.md"}, nil, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("status -diff: exit %d\n%s", code, stderr.String())
	}
	for _, want := range []string{"content/en/about.md: outdated: content/es/acerca.md has 1 commit(s)",
		"--- a/content/es/acerca.md", "+Un párrafo nuevo sobre el proyecto.", "record \"sourceChecked: "} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("status -diff lacks %q:\n%s", want, stdout.String())
		}
	}
	if strings.Contains(stdout.String(), "content/fr/") {
		t.Errorf("status -diff of the English page shows the French one:\n%s", stdout.String())
	}
	stdout.Reset()
	if code := cli.Run([]string{"status", "-root", src, "-diff", "privacy"}, nil, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("status -diff privacy: exit %d\n%s", code, stderr.String())
	}
	if got := stdout.String(); strings.Count(got, "ok; up to date with content/es/privacidad.md") != 2 {
		t.Errorf("status -diff privacy:\n%s", got)
	}
	if code := cli.Run([]string{"status", "-root", src, "-diff", "content/en/nothing.md"}, nil, nil, &stdout, &stderr); code != 2 {
		t.Errorf("status -diff of no page: exit %d, want 2", code)
	}
}
