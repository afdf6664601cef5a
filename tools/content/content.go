// Package content loads the Markdown pages of content/<lang>/, one folder per language of the
// site (siteconfig): front matter (with the line of each key) and body.
package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	goccy "github.com/goccy/go-yaml"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/charmap"

	"protege/tools/diag"
	"protege/tools/textfile"
	"protege/tools/workers"
)

// Page is one Markdown file.
type Page struct {
	Lang string // the language folder: "es", "en", …
	// Rel is the path inside the language folder, with slashes: "guias/hoteles.md".
	Rel string
	// File is the path as given to Load joined with the language and Rel, for messages.
	File string
	// Params is the decoded front matter.
	Params map[string]any
	// FrontMatter is the front matter's YAML mapping node (nil when absent), for key positions.
	FrontMatter *yaml.Node
	// Body is the Markdown after the front matter; BodyLine is its first line in the file.
	Body     []byte
	BodyLine int
	// Sum is the SHA-256 of the file's bytes as read (set by Load): what a cache of the
	// page's checks is keyed by.
	Sum [32]byte
}

// LogicalPath is the page's path as written in internal links: "/guias/hoteles",
// "/guias" for a section's _index.md, "/" for the home page.
func (p *Page) LogicalPath() string {
	s := "/" + strings.TrimSuffix(p.Rel, ".md")
	s = strings.TrimSuffix(s, "_index")
	if s != "/" {
		s = strings.TrimSuffix(s, "/")
	}
	return s
}

// String returns a front matter string parameter ("" when absent or not a string).
func (p *Page) String(key string) string {
	s, _ := p.Params[key].(string)
	return s
}

// TranslationKey is the key shared by a page's translations.
func (p *Page) TranslationKey() string { return p.String("translationKey") }

// KeyLine returns the line of a front matter key, or the first line when it is absent.
func (p *Page) KeyLine(key string) int {
	if p.FrontMatter != nil {
		for i := 0; i+1 < len(p.FrontMatter.Content); i += 2 {
			if p.FrontMatter.Content[i].Value == key {
				return p.FrontMatter.Content[i].Line + 1 // +1: the opening "---" line
			}
		}
	}
	return 1
}

// Site is every page of every language.
type Site struct {
	Root  string
	Langs []string // the languages, default (source) language first
	Pages []*Page
}

// Default is the default (source) language, the one translations are made from.
func (s *Site) Default() string { return s.Langs[0] }

// ByLang returns the pages of one language.
func (s *Site) ByLang(lang string) []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Lang == lang {
			out = append(out, p)
		}
	}
	return out
}

// Load reads every .md file under root/<lang>/ for each of langs (the site's languages, the
// default first). Problems that stop a file from being read
// (malformed front matter) are returned as diagnostics; the file is still listed with what
// could be read.
func Load(root string, langs []string) (*Site, []diag.Diagnostic, error) {
	if len(langs) == 0 {
		return nil, nil, fmt.Errorf("content: no languages given")
	}
	s := &Site{Root: root, Langs: langs}
	type file struct{ lang, dir, path string }
	var files []file
	for _, lang := range langs {
		dir := filepath.Join(root, lang)
		if _, err := os.Stat(dir); err != nil {
			return nil, nil, fmt.Errorf("content folder for %q: %w", lang, err)
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			files = append(files, file{lang, dir, path})
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	// The files are read and parsed on every core; pages and diagnostics come in walk order.
	pages := make([]*Page, len(files))
	pds := make([][]diag.Diagnostic, len(files))
	errs := make([]error, len(files))
	workers.Each(len(files), 0, func(i int) {
		f := files[i]
		b, err := os.ReadFile(f.path)
		if err != nil {
			errs[i] = err
			return
		}
		rel, _ := filepath.Rel(f.dir, f.path)
		pages[i], pds[i] = Parse(f.path, b)
		pages[i].Lang, pages[i].Rel = f.lang, filepath.ToSlash(rel)
		pages[i].Sum = sha256.Sum256(b)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	s.Pages = pages
	var ds []diag.Diagnostic
	for _, d := range pds {
		ds = append(ds, d...)
	}
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(a.File, b.File) })
	return s, ds, nil
}

// Parse splits a file into YAML front matter and body.
//
// A file that is not valid UTF-8 is reported at its first wrong byte, then read as
// Windows-1252 (the usual mistake), so that the other checks see the words that were meant.
func Parse(file string, b []byte) (*Page, []diag.Diagnostic) {
	if d := textfile.UTF8(file, b); d != nil {
		if dec, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
			p, ds := Parse(file, dec)
			return p, append([]diag.Diagnostic{*d}, ds...)
		}
		p := &Page{File: file, Params: map[string]any{}, BodyLine: 1}
		return p, []diag.Diagnostic{*d}
	}
	p := &Page{File: file, Params: map[string]any{}, Body: b, BodyLine: 1}
	if !bytes.HasPrefix(b, []byte("---\n")) && !bytes.HasPrefix(b, []byte("---\r\n")) {
		return p, []diag.Diagnostic{diag.Errorf(file, 1, 1, "no front matter: the file must start with a line \"---\"")}
	}
	rest := b[bytes.IndexByte(b, '\n')+1:]
	end := -1
	line := 2
	for off := 0; off < len(rest); {
		nl := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if nl < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+nl]
		}
		if string(bytes.TrimRight(l, "\r")) == "---" {
			end = off
			break
		}
		line++
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if end < 0 {
		return p, []diag.Diagnostic{diag.Errorf(file, 1, 1, "front matter is not closed: add a line \"---\" after it")}
	}
	fm := rest[:end]
	after := rest[end:]
	if nl := bytes.IndexByte(after, '\n'); nl >= 0 {
		p.Body = after[nl+1:]
	} else {
		p.Body = nil
	}
	p.BodyLine = line + 1
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		ln, col, msg := yamlError(fm, err)
		return p, []diag.Diagnostic{diag.Errorf(file, ln+1, col, "malformed front matter: %s (look for a missing quote, bracket or colon, a tab, or a wrong indentation)", msg)}
	}
	if len(doc.Content) > 0 {
		if doc.Content[0].Kind != yaml.MappingNode {
			return p, []diag.Diagnostic{diag.Errorf(file, 2, 0, "front matter must be a list of \"key: value\" lines")}
		}
		p.FrontMatter = doc.Content[0]
		if err := doc.Content[0].Decode(&p.Params); err != nil {
			return p, []diag.Diagnostic{diag.Errorf(file, 2, 0, "malformed front matter: %v", err)}
		}
	}
	return p, nil
}

// yamlError places a front matter error where Hugo's own YAML parser (goccy/go-yaml) places
// it: go.yaml.in/yaml/v3 names the line where the unclosed bracket or the enclosing block
// began, often one or two lines before the mistake. It returns the line within the front
// matter (1-based), the column (0 when unknown) and the message without its position.
func yamlError(fm []byte, v3err error) (line, col int, msg string) {
	var v any
	if err := goccy.Unmarshal(fm, &v); err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n")
		if m := goccyPos.FindStringSubmatch(first); m != nil {
			line, _ = strconv.Atoi(m[1])
			col, _ = strconv.Atoi(m[2])
			return line, col, strings.TrimSpace(m[3])
		}
	}
	msg = v3err.Error()
	line = 1
	if m := v3Pos.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	return line, 0, strings.TrimPrefix(msg, "yaml: ")
}

var (
	goccyPos = regexp.MustCompile(`^\[(\d+):(\d+)\]\s*(.*)$`)
	v3Pos    = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
)

// MaxSlug is the longest file or folder name of a page, in characters: it becomes a part of
// the page's address (short enough to read aloud and to print on a poster) and of a path on
// disk (every file system stores 255 bytes per name, the name plus ".md" included).
const MaxSlug = 60

// ReservedSlugs are names a page's file or folder cannot have: Hugo gives index and _index a
// meaning of their own (a page bundle, a section), 404 is the not-found page and page/ holds
// Hugo's paginated lists; con, prn, aux, nul, com1–9 and lpt1–9 cannot be stored on Windows.
var ReservedSlugs = []string{"index", "_index", "404", "page", "con", "prn", "aux", "nul",
	"com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
	"lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"}

// CheckSlug says what is wrong with name as the file name (without .md) or folder name of a
// page, or returns "": lowercase ASCII letters and digits joined by single hyphens (Hugo would
// otherwise rewrite the address: spaces become hyphens, capitals become lowercase), at most
// MaxSlug characters, not a reserved name. `protege new` and `protege check` share it.
func CheckSlug(name string) string {
	switch {
	case name == "":
		return "the name is empty"
	case slices.Contains(ReservedSlugs, strings.ToLower(name)):
		return fmt.Sprintf("%q is a reserved name (index, _index, 404, page and the device names of Windows); choose another", name)
	case !slugRe.MatchString(name):
		return fmt.Sprintf("%q: use lowercase letters a-z and digits joined by single hyphens, without accents or spaces, e.g. %q (Hugo would rewrite this name in the address)", name, suggest(name))
	case len(name) > MaxSlug:
		return fmt.Sprintf("%q has %d characters, at most %d", name, len(name), MaxSlug)
	}
	return ""
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// suggest turns a name into one that follows the rule.
func suggest(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "new-page"
	}
	return b.String()
}
