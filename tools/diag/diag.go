// Package diag holds the problems the toolchain reports to editors: "path:line:col: severity: message".
package diag

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// Severity of a problem. Warnings become errors in strict mode (STRICT=1).
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Diagnostic is one problem at one place. Line and Col are 1-based; 0 means unknown.
type Diagnostic struct {
	Path     string   `json:"path"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

func (d Diagnostic) String() string {
	pos := d.Path
	if d.Line > 0 {
		pos += fmt.Sprintf(":%d", d.Line)
		if d.Col > 0 {
			pos += fmt.Sprintf(":%d", d.Col)
		}
	}
	return fmt.Sprintf("%s: %s: %s", pos, d.Severity, d.Message)
}

// Errorf and Warnf build diagnostics.
func Errorf(path string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Line: line, Col: col, Severity: Error, Message: fmt.Sprintf(format, args...)}
}

func Warnf(path string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Line: line, Col: col, Severity: Warning, Message: fmt.Sprintf(format, args...)}
}

// Sort orders diagnostics by path, line, column, then message.
func Sort(ds []Diagnostic) {
	slices.SortFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Message, b.Message))
	})
}

// Strict turns warnings into errors.
func Strict(ds []Diagnostic) {
	for i := range ds {
		ds[i].Severity = Error
	}
}

// HasErrors reports whether any diagnostic is an error.
func HasErrors(ds []Diagnostic) bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}

// Write prints the diagnostics, one per line, or as a JSON array when asJSON is set.
func Write(w io.Writer, ds []Diagnostic, asJSON bool) error {
	if asJSON {
		if ds == nil {
			ds = []Diagnostic{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	}
	for _, d := range ds {
		if _, err := fmt.Fprintln(w, d); err != nil {
			return err
		}
	}
	return nil
}
