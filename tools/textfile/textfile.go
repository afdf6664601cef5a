// Package textfile checks that text is what every reader of the site expects: valid UTF-8
// (a file saved as Windows-1252 or Latin-1 is the usual mistake), and, for short fields such
// as titles, free of control characters and of the bidirectional controls that reorder text
// on screen (U+202E and its kin).
package textfile

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"protege/tools/diag"
)

// SaveAgain ends every message about a file that is not UTF-8.
const SaveAgain = "save it again as UTF-8"

// UTF8 returns an error for the first byte of b that is not valid UTF-8, at its line and
// column (in characters), or nil. path names the file in the message.
func UTF8(path string, b []byte) *diag.Diagnostic {
	if utf8.Valid(b) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			d := diag.Errorf(path, line, col, "byte 0x%02X is not UTF-8: the file was saved in another encoding (often Windows-1252 or Latin-1); "+SaveAgain, b[i])
			return &d
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += n
	}
	return nil
}

// Control returns a description of the first character of s that has no place in a title or
// description: a control character (tab and newline included: YAML folds lines into spaces)
// or a bidirectional formatting character, which can make text read differently from how it
// was written. "" when there is none.
func Control(s string) string {
	for i, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return fmt.Sprintf("control character U+%04X at character %d", r, utf8.RuneCountInString(s[:i])+1)
		case isBidi(r):
			return fmt.Sprintf("bidirectional control U+%04X at character %d (it reorders the text on screen)", r, utf8.RuneCountInString(s[:i])+1)
		case r == utf8.RuneError:
			return fmt.Sprintf("replacement character U+FFFD at character %d (text damaged by a wrong encoding)", utf8.RuneCountInString(s[:i])+1)
		}
	}
	return ""
}

func isBidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// CheckTree checks every file under dir whose name ends with one of exts for UTF-8. Paths in
// the diagnostics are prefix joined with the path under dir.
func CheckTree(dir, prefix string, exts []string) ([]diag.Diagnostic, error) {
	var ds []diag.Diagnostic
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() || !slices.ContainsFunc(exts, func(e string) bool { return strings.HasSuffix(p, e) }) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name := filepath.ToSlash(filepath.Join(prefix, rel))
		if dg := UTF8(name, b); dg != nil {
			ds = append(ds, *dg)
		} else if i := bytes.IndexByte(b, 0); i >= 0 {
			ds = append(ds, diag.Errorf(name, lineOf(b, i), 0, "NUL byte in a text file: the file is damaged or not text"))
		}
		return nil
	})
	return ds, err
}

func lineOf(b []byte, off int) int { return bytes.Count(b[:off], []byte("\n")) + 1 }
