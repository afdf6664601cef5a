package forgeci

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"protege/tools/repotest"
)

func workflows(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repotest.Root(t), ".github", "workflows", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflow in .github/workflows (%v)", err)
	}
	return files
}

// shellcheck is needed in CI (.ci/install installs it); elsewhere its absence skips what needs it.
func shellcheck(t *testing.T) bool {
	t.Helper()
	if _, err := exec.LookPath("shellcheck"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("shellcheck is not installed: bash .ci/install installs it")
		}
		t.Log("shellcheck is not installed: the workflows' run: scripts and .ci/ are not checked by it")
		return false
	}
	return true
}

// TestActionlint runs actionlint, pinned in go.mod as a tool, on every workflow; actionlint
// runs shellcheck on the run: scripts.
func TestActionlint(t *testing.T) {
	shellcheck(t)
	root := repotest.Root(t)
	args := append([]string{"tool", "actionlint", "-no-color"}, workflows(t)...)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}

// TestCIScripts runs shellcheck on the scripts of .ci/.
func TestCIScripts(t *testing.T) {
	if !shellcheck(t) {
		t.Skip("no shellcheck")
	}
	scripts, err := filepath.Glob(filepath.Join(repotest.Root(t), ".ci", "*"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no script in .ci (%v)", err)
	}
	if out, err := exec.Command("shellcheck", scripts...).CombinedOutput(); err != nil {
		t.Errorf("shellcheck: %v\n%s", err, out)
	}
}

var pinned = regexp.MustCompile(`^\s*-?\s*uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+){0,2}\s*$`)

// TestActionsPinned: every action is pinned by its full commit hash, with the version it
// stands for in a comment ("uses: actions/checkout@<40 hex> # v7.0.1"): a tag can be moved,
// a commit cannot. One action is pinned to one commit in every workflow.
func TestActionsPinned(t *testing.T) {
	byAction := map[string]string{}
	for _, f := range workflows(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if !strings.Contains(line, "uses:") || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			m := pinned.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("%s:%d: not pinned by commit with its version in a comment: %s", filepath.Base(f), i+1, strings.TrimSpace(line))
				continue
			}
			pin := m[2] + " " + strings.TrimSpace(line[strings.Index(line, "#"):])
			if prev, ok := byAction[m[1]]; ok && prev != pin {
				t.Errorf("%s:%d: %s pinned to %s here and %s elsewhere", filepath.Base(f), i+1, m[1], pin, prev)
			}
			byAction[m[1]] = pin
		}
	}
}

type step struct {
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

func readYAML(t *testing.T, rel string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repotest.Root(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

// TestPullRequestWorkflow: on every pull request, in order: the whole history, make check,
// the translation status into the job summary, the dependencies of .ci/run (the same
// script), make test, and the built site kept as an artifact.
func TestPullRequestWorkflow(t *testing.T) {
	var wf struct {
		On          map[string]any    `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Container string `yaml:"container"`
			Steps     []step `yaml:"steps"`
		} `yaml:"jobs"`
	}
	readYAML(t, ".github/workflows/pull-request.yml", &wf)
	if _, ok := wf.On["pull_request"]; !ok {
		t.Error("the workflow does not run on pull_request")
	}
	if len(wf.Permissions) != 1 || wf.Permissions["contents"] != "read" {
		t.Errorf("permissions %v, want contents: read only", wf.Permissions)
	}
	job, ok := wf.Jobs["check"]
	if !ok {
		t.Fatal("no check job")
	}
	var order []string
	for _, s := range job.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/checkout@"):
			if s.With["fetch-depth"] != "0" {
				t.Error("checkout: fetch-depth must be 0 (the outdated translations come from git)")
			}
			order = append(order, "checkout")
		case s.Run == "make check":
			order = append(order, "check")
		case strings.Contains(s.Run, "status FORMAT=markdown") && strings.Contains(s.Run, `>> "$GITHUB_STEP_SUMMARY"`):
			if !strings.Contains(s.If, "!cancelled()") {
				t.Error("the translation status must be written even when the check fails")
			}
			order = append(order, "summary")
		case s.Run == "bash .ci/install":
			order = append(order, "install")
		case s.Run == "make test":
			order = append(order, "test")
		case strings.HasPrefix(s.Uses, "actions/upload-artifact@") && s.With["path"] == "public":
			order = append(order, "artifact")
		}
	}
	if want := []string{"checkout", "check", "summary", "install", "test", "artifact"}; !slices.Equal(order, want) {
		t.Errorf("steps %q, want %q", order, want)
	}
	b, err := os.ReadFile(filepath.Join(repotest.Root(t), ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "bash .ci/install\n") || strings.Contains(string(b), "apt-get") {
		t.Error(".ci/run must install through .ci/install, as the pull-request jobs do")
	}
}

// TestGitLabMergeRequestJob: on merge requests, make check with the Code Quality report
// published as a report artifact even when the check fails, the translation status, .ci/install,
// make test, and the built site exposed in the merge request.
func TestGitLabMergeRequestJob(t *testing.T) {
	var ci map[string]struct {
		Image     string            `yaml:"image"`
		Variables map[string]string `yaml:"variables"`
		Script    []string          `yaml:"script"`
		Artifacts struct {
			When     string            `yaml:"when"`
			ExposeAs string            `yaml:"expose_as"`
			Paths    []string          `yaml:"paths"`
			Reports  map[string]string `yaml:"reports"`
		} `yaml:"artifacts"`
		Rules []map[string]string `yaml:"rules"`
	}
	readYAML(t, ".gitlab-ci.yml", &ci)
	job, ok := ci["merge-request"]
	if !ok {
		t.Fatal("no merge-request job")
	}
	if job.Variables["GIT_DEPTH"] != "0" {
		t.Error("GIT_DEPTH must be 0 (the outdated translations come from git)")
	}
	if len(job.Rules) != 1 || job.Rules[0]["if"] != `$CI_PIPELINE_SOURCE == "merge_request_event"` {
		t.Errorf("rules %v, want merge request pipelines", job.Rules)
	}
	script := strings.Join(job.Script, "\n")
	for _, want := range []string{`make check CHECK_FLAGS="-format codequality -o gl-code-quality-report.json"`, "make status FORMAT=markdown", "bash .ci/install", "make test"} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	a := job.Artifacts
	if a.When != "always" || a.Reports["codequality"] != "gl-code-quality-report.json" || !slices.Contains(a.Paths, "public/") || a.ExposeAs == "" {
		t.Errorf("artifacts %+v: want the Code Quality report always, and public/ exposed", a)
	}
}
