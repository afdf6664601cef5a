package diag

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// forgeCases cover what GitHub's runner needs escaped: "%", CR and LF everywhere, and also
// ":" and "," in properties (a Windows-style path, a file name with a comma); a problem with no
// line, one with a line but no column, and two identical problems in one file.
var forgeCases = []Diagnostic{
	Errorf("content/es/guias/hoteles.md", 12, 3, "broken link %q", "/guias/hotel"),
	Warnf("content/en/about.md", 1, 1, "translation may be outdated: %s", "100% sure,\nsee \"make status\"\r"),
	Errorf(`C:\site\content\fr\a,b.md`, 4, 0, "%s", "colon: comma, percent %25 stays literal"),
	Errorf("content/data/hotlines.yaml", 0, 0, "cannot read the hotline data"),
	Warnf("i18n/fr.toml", 7, 1, "unused key"),
	Warnf("i18n/fr.toml", 9, 1, "unused key"),
}

func TestForgeFormats(t *testing.T) {
	for _, tc := range []struct{ format, golden string }{
		{"github", "github.golden"},
		{"codequality", "codequality.golden"},
		{"text", "text.golden"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteFormat(&b, forgeCases, tc.format); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -update creates it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s output differs from %s\n--- got:\n%s--- want:\n%s", tc.format, golden, b.Bytes(), want)
			}
		})
	}
}

// The rules themselves, independent of the golden files.
func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"a%b", "a%25b", "a%25b"},
		{"l1\r\nl2", "l1%0D%0Al2", "l1%0D%0Al2"},
		{"C:\\x,y", "C:\\x,y", "C%3A\\x%2Cy"},
		{"%0A", "%250A", "%250A"},
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

// Every issue has the fields GitLab requires, and fingerprints are unique and stable: they do
// not change when a problem moves to another line.
func TestCodeQualityFingerprints(t *testing.T) {
	issues := CodeQuality(forgeCases)
	seen := map[string]bool{}
	for _, is := range issues {
		if is.Description == "" || is.CheckName == "" || is.Location.Path == "" || is.Location.Lines.Begin < 1 || len(is.Fingerprint) != 32 {
			t.Errorf("incomplete issue %+v", is)
		}
		if is.Severity != "major" && is.Severity != "minor" {
			t.Errorf("severity %q", is.Severity)
		}
		if seen[is.Fingerprint] {
			t.Errorf("fingerprint %s used twice", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}
	moved := append([]Diagnostic(nil), forgeCases...)
	moved[0].Line += 10
	if CodeQuality(moved)[0].Fingerprint != issues[0].Fingerprint {
		t.Error("the fingerprint changed when the problem moved down")
	}
	var empty bytes.Buffer
	if err := WriteCodeQuality(&empty, nil); err != nil {
		t.Fatal(err)
	}
	var arr []Issue
	if err := json.Unmarshal(empty.Bytes(), &arr); err != nil || arr == nil || len(arr) != 0 {
		t.Errorf("no problem: %q, want an empty JSON array", empty.String())
	}
}
