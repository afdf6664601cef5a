package deploy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestGitHubPagesWorkflow reads .github/workflows/pages.yml: `make release` for the Pages base
// URL, the public/ folder uploaded as the Pages artifact, then deployed.
func TestGitHubPagesWorkflow(t *testing.T) {
	var wf struct {
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Needs any `yaml:"needs"`
			Steps []struct {
				ID   string            `yaml:"id"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	readYAML(t, ".github/workflows/pages.yml", &wf)
	for k, v := range map[string]string{"pages": "write", "id-token": "write", "contents": "read"} {
		if wf.Permissions[k] != v {
			t.Errorf("permissions.%s = %q, want %q", k, wf.Permissions[k], v)
		}
	}
	build, deploy := wf.Jobs["build"], wf.Jobs["deploy"]
	var uses []string
	var ran string
	for _, s := range build.Steps {
		if s.Uses != "" {
			uses = append(uses, strings.Split(s.Uses, "@")[0])
		}
		switch {
		case strings.HasPrefix(s.Uses, "actions/checkout@") && s.With["fetch-depth"] != "0":
			t.Error("checkout: fetch-depth must be 0 (git dates of the pages)")
		case strings.HasPrefix(s.Uses, "actions/setup-go@") && s.With["go-version-file"] != "go.mod":
			t.Error("setup-go: go-version-file must be go.mod")
		case strings.HasPrefix(s.Uses, "actions/upload-pages-artifact@") && s.With["path"] != "public":
			t.Errorf("upload-pages-artifact: path %q, want public", s.With["path"])
		}
		if s.Run != "" {
			ran += s.Run + "\n"
		}
	}
	want := []string{"actions/checkout", "actions/setup-go", "actions/configure-pages", "actions/upload-pages-artifact"}
	if !slices.Equal(uses, want) {
		t.Errorf("build steps use %q; want %q", uses, want)
	}
	if !strings.Contains(ran, `make release BASE_URL="${{ steps.pages.outputs.base_url }}/"`) {
		t.Errorf("build does not run make release for the Pages base URL:\n%s", ran)
	}
	if deploy.Needs != "build" || len(deploy.Steps) != 1 || !strings.HasPrefix(deploy.Steps[0].Uses, "actions/deploy-pages@") {
		t.Errorf("deploy job: needs %v, steps %+v; want actions/deploy-pages after build", deploy.Needs, deploy.Steps)
	}
}

// TestGitLabPages reads .gitlab-ci.yml: a `pages` job on golang:1.27 that runs `make release`
// for the Pages URL and keeps public/ as its artifact.
func TestGitLabPages(t *testing.T) {
	var ci map[string]struct {
		Image     string            `yaml:"image"`
		Variables map[string]string `yaml:"variables"`
		Script    []string          `yaml:"script"`
		Artifacts struct {
			Paths []string `yaml:"paths"`
		} `yaml:"artifacts"`
	}
	readYAML(t, ".gitlab-ci.yml", &ci)
	job, ok := ci["pages"]
	if !ok {
		t.Fatal("no pages job")
	}
	if job.Image != "golang:1.27" {
		t.Errorf("image %q, want golang:1.27", job.Image)
	}
	if job.Variables["GIT_DEPTH"] != "0" {
		t.Error("GIT_DEPTH must be 0 (git dates of the pages)")
	}
	if !slices.Contains(job.Script, `make release BASE_URL="${CI_PAGES_URL}/"`) {
		t.Errorf("script %q does not build for CI_PAGES_URL", job.Script)
	}
	if !slices.Equal(job.Artifacts.Paths, []string{"public"}) {
		t.Errorf("artifacts.paths %q, want [public]", job.Artifacts.Paths)
	}
}

func readYAML(t *testing.T, rel string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}
