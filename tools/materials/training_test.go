package materials

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"protege/tools/diag"
	"protege/tools/scenarios"
)

// The scenario cards print every scenario of the language, from the scenario files, with the
// numbers of the hotline data; the situation and the answer are on the same side of the sheet.
func TestScenarioCardsComeFromTheScenarioFiles(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	sets, ds := scenarios.Load(filepath.Join(fixture, filepath.FromSlash(scenarios.Dir)), []string{"es", "en", "fr"})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	seen := 0
	for _, f := range k.idx.Files {
		if f.Key != "scenario-cards" {
			continue
		}
		seen++
		set := sets[f.Lang]
		if want := (len(set.Scenarios) + stripsPerPage - 1) / stripsPerPage; f.Pages != want || k.pages(t, f.Path) != want {
			t.Errorf("%s: %d pages, want %d", f.Path, f.Pages, want)
		}
		if !strings.Contains(f.Description, "2 ") {
			t.Errorf("%s: the description does not count the scenarios: %q", f.Path, f.Description)
		}
		text := normalize(k.text(t, f.Path))
		for _, sc := range set.Scenarios {
			for _, s := range []string{sc.Title, sc.Do[0], sc.Dont[len(sc.Dont)-1], "911", "800-8000-645"} {
				if !strings.Contains(text, normalize(s)) {
					t.Errorf("%s: lacks %q", f.Path, s)
				}
			}
		}
	}
	if seen != 6 {
		t.Errorf("%d scenario card files, want 6 (3 languages × 2 papers)", seen)
	}
}

// The attendance sheet is one page with a numbered row for each of the largest session's
// participants.
func TestAttendanceSheet(t *testing.T) {
	t.Parallel()
	k := fixtureKit(t, baseSub)
	for _, f := range k.idx.Files {
		if f.Key != "attendance-sheet" {
			continue
		}
		if f.Pages != 1 {
			t.Errorf("%s: %d pages", f.Path, f.Pages)
		}
		text := normalize(k.text(t, f.Path))
		if !strings.Contains(text, " 19 20 ") {
			t.Errorf("%s: no row 20:\n%s", f.Path, text)
		}
	}
}

// A scenario too long for its card is an error on its line, and nothing is written (in the
// run with every error of TestProblems: failedRun).
func TestScenarioTooLongForItsCard(t *testing.T) {
	t.Parallel()
	r := failedRun(t)
	found := false
	for _, d := range r.ds {
		if filepath.Base(d.Path) == "fr.yaml" && d.Line == 2 && strings.Contains(d.Message, "too long for its card") {
			found = true
		}
	}
	if !found || !diag.HasErrors(r.ds) {
		t.Errorf("want fr.yaml:2: too long for its card, got:\n%s", fmtDiags(r.ds))
	}
	if !r.kept {
		t.Error("the failed run touched the previous output")
	}
}

// lengthenScenario makes the first French scenario's "don't" list too long for its card.
func lengthenScenario(t *testing.T, root string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(scenarios.Dir), "fr.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat(`      - "Ne photographiez pas la jeune fille, ni personne d'autre, à aucun moment de la soirée."`+"\n", 14)
	b = []byte(strings.Replace(string(b), "    dont:\n", "    dont:\n"+long, 1))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
