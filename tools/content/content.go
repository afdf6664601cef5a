// Package content loads the Markdown pages of content/{es,en,fr}: front matter (with the
// line of each key) and body.
package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"protege/tools/diag"
)

// Langs are the content languages, default (source) language first.
var Langs = []string{"es", "en", "fr"}

// Page is one Markdown file.
type Page struct {
	Lang string // "es", "en", "fr"
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
	Pages []*Page
}

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

// Load reads every .md file under root/<lang>/. Problems that stop a file from being read
// (malformed front matter) are returned as diagnostics; the file is still listed with what
// could be read.
func Load(root string) (*Site, []diag.Diagnostic, error) {
	s := &Site{Root: root}
	var ds []diag.Diagnostic
	for _, lang := range Langs {
		dir := filepath.Join(root, lang)
		if _, err := os.Stat(dir); err != nil {
			return nil, nil, fmt.Errorf("content folder for %q: %w", lang, err)
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			p, pds := Parse(path, b)
			p.Lang, p.Rel = lang, filepath.ToSlash(rel)
			s.Pages = append(s.Pages, p)
			ds = append(ds, pds...)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(a.File, b.File) })
	return s, ds, nil
}

// Parse splits a file into YAML front matter and body.
func Parse(file string, b []byte) (*Page, []diag.Diagnostic) {
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
		ln := 1
		msg := err.Error()
		if n, ok := yamlErrLine(msg); ok {
			ln = n + 1
		}
		// The position is in the diagnostic: drop yaml's own "yaml: line N:" (counted from
		// the first line of the front matter, not of the file).
		if i := strings.Index(msg, ": "); strings.HasPrefix(msg, "yaml: line ") && i >= 0 {
			if j := strings.Index(msg[i+2:], ": "); j >= 0 {
				msg = msg[i+2+j+2:]
			}
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		return p, []diag.Diagnostic{diag.Errorf(file, ln, 0, "malformed front matter: %s (look for a missing quote, bracket or colon here or on the line before)", msg)}
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

// yamlErrLine extracts "line N" from a yaml error message.
func yamlErrLine(msg string) (int, bool) {
	i := strings.Index(msg, "line ")
	if i < 0 {
		return 0, false
	}
	n := 0
	j := i + len("line ")
	for j < len(msg) && msg[j] >= '0' && msg[j] <= '9' {
		n = n*10 + int(msg[j]-'0')
		j++
	}
	return n, n > 0
}
