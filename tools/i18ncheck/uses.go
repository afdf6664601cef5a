package i18ncheck

import (
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Uses is what the templates and the Go tools refer to: keys, and key prefixes of keys built
// at run time (T (printf "audience_%s" …) in a template, "kind"+x or fmt.Sprintf("kind%s", x)
// in Go).
type Uses struct {
	Keys     map[string]bool
	Prefixes map[string]bool
}

// Used reports whether a key is referred to, literally or by one of the prefixes.
func (u *Uses) Used(key string) bool {
	if u.Keys[key] {
		return true
	}
	for p := range u.Prefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

var (
	// {{ T "key" }}, {{ i18n "key" … }}, {{ lang.Translate "key" }}
	tmplCall = regexp.MustCompile(`(?:\bT|\bi18n|\blang\.Translate)\s+"([^"]+)"`)
	// {{ T (printf "audience_%s" …) }}
	tmplPrintf = regexp.MustCompile(`(?:\bT|\bi18n|\blang\.Translate)\s+\(\s*printf\s+"([^"]*)"`)
	// any other string literal of a template (a key kept in a variable: $k := "key")
	tmplString = regexp.MustCompile(`"([A-Za-z_][A-Za-z0-9_.]*)"`)
)

// FindUses scans the templates under layouts (every file) and the Go files under tools
// (tests and testdata excluded). A missing folder is skipped.
func FindUses(layouts, tools string) (*Uses, error) {
	u := &Uses{Keys: map[string]bool{}, Prefixes: map[string]bool{}}
	err := walk(layouts, func(path string) error {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range tmplCall.FindAllSubmatch(b, -1) {
			u.Keys[string(m[1])] = true
		}
		for _, m := range tmplPrintf.FindAllSubmatch(b, -1) {
			u.addFormat(string(m[1]))
		}
		for _, m := range tmplString.FindAllSubmatch(b, -1) {
			u.Keys[string(m[1])] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = walk(tools, func(path string) error {
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		u.scanGo(b)
		return nil
	})
	return u, err
}

// addFormat records the literal start of a printf format as a prefix ("country%s" → "country").
func (u *Uses) addFormat(format string) {
	if i := strings.IndexByte(format, '%'); i > 0 {
		u.addPrefix(format[:i])
	} else if i < 0 {
		u.Keys[format] = true
	}
}

var prefixRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]{2,}$`)

// addPrefix records a key prefix; short or non-identifier prefixes ("/", "s") are ignored so
// that they do not hide unused keys.
func (u *Uses) addPrefix(p string) {
	if prefixRe.MatchString(p) {
		u.Prefixes[p] = true
	}
}

// scanGo records the string literals of a Go file: whole strings as keys, a string followed
// by "+" or holding a % verb as a prefix.
func (u *Uses) scanGo(src []byte) {
	fset := token.NewFileSet()
	f := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(f, src, nil, 0)
	var lit string
	pending := false
	for {
		_, tok, text := s.Scan()
		if tok == token.EOF {
			break
		}
		if pending {
			if tok == token.ADD {
				u.addPrefix(lit)
			} else {
				u.addFormat(lit)
			}
			pending = false
		}
		if tok == token.STRING {
			if v, err := strconv.Unquote(text); err == nil {
				lit, pending = v, true
			}
		}
	}
	if pending {
		u.addFormat(lit)
	}
}

func walk(dir string, fn func(path string) error) error {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || (strings.HasPrefix(d.Name(), ".") && path != dir) {
				return filepath.SkipDir
			}
			return nil
		}
		return fn(path)
	})
	if os.IsNotExist(err) {
		return nil
	}
	return err
}
