package diag

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// The two forges show problems on the changed lines of a pull (merge) request: GitHub reads
// workflow commands from a job's log, GitLab reads a Code Quality report the job publishes.

// WriteGitHub prints one workflow command per diagnostic, "::error file=…,line=…,col=…::message"
// (warnings as ::warning), escaped as GitHub's runner reads them.
func WriteGitHub(w io.Writer, ds []Diagnostic) error {
	for _, d := range ds {
		cmd := "error"
		if d.Severity == Warning {
			cmd = "warning"
		}
		props := []string{"file=" + escapeProperty(d.Path)}
		if d.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Line))
			if d.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", d.Col))
			}
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(d.Message)); err != nil {
			return err
		}
	}
	return nil
}

// escapeData escapes a workflow command's message: %, CR and LF (the toolkit's escapeData).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value: also ":" and ",", which separate properties
// (the toolkit's escapeProperty).
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Issue is one entry of a GitLab Code Quality report (the Code Climate format's subset that
// GitLab reads).
type Issue struct {
	Description string   `json:"description"`
	CheckName   string   `json:"check_name"`
	Fingerprint string   `json:"fingerprint"`
	Severity    string   `json:"severity"`
	Location    Location `json:"location"`
}

// Location of an Issue: GitLab wants a path and a first line.
type Location struct {
	Path  string `json:"path"`
	Lines struct {
		Begin int `json:"begin"`
	} `json:"lines"`
}

// CheckName is the check_name of every issue of the report.
const CheckName = "protege-check"

// CodeQuality turns diagnostics into Code Quality issues. An error is "major", a warning
// "minor". The fingerprint identifies the same problem in the base and the head of a merge
// request, so GitLab can tell new problems from old ones: it hashes the path, severity and
// message, and the problem's rank among identical ones in that file, but not the line, which
// moves whenever text is added above.
func CodeQuality(ds []Diagnostic) []Issue {
	issues := make([]Issue, 0, len(ds))
	seen := map[string]int{}
	for _, d := range ds {
		sev := "major"
		if d.Severity == Warning {
			sev = "minor"
		}
		key := d.Path + "\x00" + string(d.Severity) + "\x00" + d.Message
		n := seen[key]
		seen[key]++
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", key, n))
		is := Issue{Description: d.Message, CheckName: CheckName, Fingerprint: hex.EncodeToString(sum[:16]),
			Severity: sev, Location: Location{Path: d.Path}}
		is.Location.Lines.Begin = max(d.Line, 1)
		issues = append(issues, is)
	}
	return issues
}

// WriteCodeQuality writes the Code Quality report (a JSON array, empty when all is well).
func WriteCodeQuality(w io.Writer, ds []Diagnostic) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(CodeQuality(ds))
}

// Formats are the outputs of WriteFormat.
var Formats = []string{"text", "json", "github", "codequality"}

// WriteFormat writes the diagnostics in one of Formats.
func WriteFormat(w io.Writer, ds []Diagnostic, format string) error {
	switch format {
	case "text":
		return Write(w, ds, false)
	case "json":
		return Write(w, ds, true)
	case "github":
		return WriteGitHub(w, ds)
	case "codequality":
		return WriteCodeQuality(w, ds)
	}
	return fmt.Errorf("unknown format %q (one of %s)", format, strings.Join(Formats, ", "))
}
