package browsertest

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

type nuReport struct {
	Messages []struct {
		Type        string `json:"type"`
		SubType     string `json:"subType"`
		URL         string `json:"url"`
		LastLine    int    `json:"lastLine"`
		FirstColumn int    `json:"firstColumn"`
		Message     string `json:"message"`
		Extract     string `json:"extract"`
	} `json:"messages"`
}

// TestNuHTMLChecker validates every HTML page with the Nu Html Checker (node_modules/vnu-jar),
// in one Java run: zero errors.
func TestNuHTMLChecker(t *testing.T) {
	t.Parallel()
	java := javaPath()
	need(t, java != "", "Java (for the Nu Html Checker)", "install a JRE (apt-get install default-jre-headless)")
	jar := filepath.Join(repoRoot(t), "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	requireFile(t, jar, "the Nu Html Checker (vnu-jar)")
	e := site(t)
	var files []string
	filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	// The checker needs a large thread stack (it starts a second JVM with one otherwise); one
	// short run gains nothing from the optimizing compiler: C1 alone halves its CPU time.
	args := append([]string{"-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "--errors-only", "--format", "json", "--stdout"}, files...)
	cmd := exec.Command(java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exit status 1 when there are errors
	var rep nuReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("vnu output is not JSON (%v, run error %v):\n%s\n%s", err, runErr, stdout.String(), stderr.String())
	}
	for _, m := range rep.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		path := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			if rel, err := filepath.Rel(e.dir, u.Path); err == nil {
				path = filepath.ToSlash(rel)
			}
		}
		t.Errorf("%s:%d:%d: Nu Html Checker: %s\n    %s", path, m.LastLine, m.FirstColumn, m.Message, strings.TrimSpace(m.Extract))
	}
	if runErr != nil && len(rep.Messages) == 0 {
		t.Fatalf("vnu failed: %v\n%s", runErr, stderr.String())
	}
	t.Logf("Nu Html Checker: %d files, %d messages", len(files), len(rep.Messages))
}
