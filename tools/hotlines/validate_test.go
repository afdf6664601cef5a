package hotlines

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"protege/tools/diag"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var today = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

// Each testdata/<case>.yaml is valid.yaml with one mistake; <case>.golden is what Validate says.
func TestValidate(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d, ds := Validate(name+".yaml", b, today, []string{"es", "en", "fr"})
			var out strings.Builder
			for _, x := range ds {
				out.WriteString(x.String() + "\n")
			}
			if name == "valid" {
				if out.Len() > 0 || d == nil || len(d.Lines) != 5 {
					t.Fatalf("valid.yaml: %d lines, problems:\n%s", len(d.Lines), out.String())
				}
				return
			}
			if out.Len() == 0 {
				t.Fatal("no problem found")
			}
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != string(want) {
				t.Errorf("got:\n%swant:\n%s", out.String(), want)
			}
		})
	}
}

// The stale date is a warning: only -strict (diag.Strict) makes it an error.
func TestStaleIsWarning(t *testing.T) {
	b, err := os.ReadFile("testdata/stale.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, ds := Validate("stale.yaml", b, today, []string{"es", "en", "fr"})
	if len(ds) != 1 || ds[0].Severity != diag.Warning {
		t.Fatalf("got %v, want one warning", ds)
	}
	diag.Strict(ds)
	if !diag.HasErrors(ds) {
		t.Error("strict: want an error")
	}
}

// The repository's own data passes (warnings allowed: a `checked` date may age). It is
// checked as of its newest `checked` date, not today: the result does not depend on the day
// the test runs (a date after today is an error for editors, caught by protege check).
func TestRepositoryData(t *testing.T) {
	path := filepath.Join("..", "..", "content", "data", "hotlines.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skip(err)
	}
	first, _ := Validate(path, b, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), []string{"es", "en", "fr"})
	if first == nil || first.LastChecked().IsZero() {
		t.Fatalf("%s: no line with a checked date", path)
	}
	d, ds := Validate(path, b, first.LastChecked(), []string{"es", "en", "fr"})
	if diag.HasErrors(ds) || d == nil {
		t.Errorf("%s:\n%v", path, ds)
	}
}
