package scenarios

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"protege/tools/diag"
	"protege/tools/fixture"
	"protege/tools/hotlines"
)

var update = flag.Bool("update", false, "rewrite testdata/cases/*/want.golden")

var langs = []string{"es", "en", "fr"}

// A case is one mistake: testdata/base (three files that pass) with the edits of
// testdata/cases/<name>/case.yaml; want.golden holds the exact messages, path:line: message.
type caseFile struct {
	Remove []string       `yaml:"remove"`
	Edit   []fixture.Edit `yaml:"edit"`
}

func hotlineData(t *testing.T) *hotlines.Data {
	t.Helper()
	d, err := hotlines.Load("testdata/hotlines.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func copyBase(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, l := range langs {
		b, err := os.ReadFile(filepath.Join("testdata", "base", l+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, l+".yaml"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func render(dir string, ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		rel, _ := filepath.Rel(dir, d.Path)
		d.Path = filepath.ToSlash(rel)
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func TestBasePasses(t *testing.T) {
	dir := copyBase(t)
	if ds := Check(dir, langs, hotlineData(t)); len(ds) > 0 {
		t.Fatalf("the base has problems:\n%s", render(dir, ds))
	}
	sets, _ := Load(dir, langs)
	for _, l := range langs {
		if n := len(sets[l].Scenarios); n != 2 {
			t.Errorf("%s: %d scenarios, want 2", l, n)
		}
		sc := sets[l].Scenarios[0]
		if sc.Key != "front-desk-child-not-booked" || sc.Role != "front-desk" || len(sc.Do) != 3 || len(sc.Dont) != 3 ||
			len(sc.Call) != 2 || sc.Call[0].Line != "cr-911" || sc.Line != 2 || strings.Contains(sc.Situation, "\n") {
			t.Errorf("%s: first scenario read as %+v", l, sc)
		}
	}
}

func TestCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/cases/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases (%v)", err)
	}
	hot := hotlineData(t)
	for _, cdir := range dirs {
		t.Run(filepath.Base(cdir), func(t *testing.T) {
			var c caseFile
			b, err := os.ReadFile(filepath.Join(cdir, "case.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(b, &c); err != nil {
				t.Fatal(err)
			}
			dir := copyBase(t)
			fixture.Apply(t, dir, c.Remove, c.Edit)
			ds := Check(dir, langs, hot)
			if !diag.HasErrors(ds) {
				t.Errorf("no error")
			}
			got := render(dir, ds)
			want := filepath.Join(cdir, "want.golden")
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			if got != string(w) {
				t.Errorf("got:\n%s\nwant:\n%s", got, w)
			}
		})
	}
}

func TestRoleID(t *testing.T) {
	for in, want := range map[string]string{"front-desk": "scenarioRoleFrontDesk", "drivers": "scenarioRoleDrivers", "bar-restaurant": "scenarioRoleBarRestaurant"} {
		if got := RoleID(in); got != want {
			t.Errorf("RoleID(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRepository checks the real scenario files: what the page and the cards will show.
func TestRepository(t *testing.T) {
	dir := filepath.Join("..", "..", filepath.FromSlash(Dir))
	if _, err := os.Stat(dir); err != nil {
		t.Skip("not in the repository")
	}
	d, err := hotlines.Load(filepath.Join("..", "..", "content", "data", "hotlines.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if ds := Check(dir, langs, d); len(ds) > 0 {
		t.Fatalf("%s", render(dir, ds))
	}
	sets, _ := Load(dir, langs)
	roles := map[string]bool{}
	for _, sc := range sets["es"].Scenarios {
		roles[sc.Role] = true
		if !strings.Contains(lineIDs(sc.Call), "cr-911") {
			t.Errorf("%s: every scenario says when to call the emergency line", sc.Key)
		}
	}
	if n := len(sets["es"].Scenarios); n < 12 {
		t.Errorf("%d scenarios, the kit promises at least 12", n)
	}
	for _, r := range Roles {
		if !roles[r] {
			t.Errorf("no scenario for the role %q", r)
		}
	}
}
