package verify

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// checkSitemaps: every address in the sitemaps (and robots.txt's Sitemap lines) is a file of
// the built site.
func (s *site) checkSitemaps() {
	queue := []string{}
	for _, rel := range sortedKeys(s.files) {
		if b := path.Base(rel); strings.HasPrefix(b, "sitemap") && strings.HasSuffix(b, ".xml") {
			queue = append(queue, rel)
		}
	}
	done := map[string]bool{}
	if b, err := os.ReadFile(filepath.Join(s.dir, "robots.txt")); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for ln := 1; sc.Scan(); ln++ {
			k, v, ok := strings.Cut(sc.Text(), ":")
			if ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
				if rel, ok := s.locFile("robots.txt", ln, "Sitemap", strings.TrimSpace(v)); ok {
					queue = append(queue, rel)
				}
			}
		}
	}
	for len(queue) > 0 {
		rel := queue[0]
		queue = queue[1:]
		if done[rel] {
			continue
		}
		done[rel] = true
		queue = append(queue, s.checkSitemap(rel)...)
	}
}

// checkSitemap checks one sitemap file and returns the sitemaps a sitemap index lists.
func (s *site) checkSitemap(rel string) []string {
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		s.errorf(rel, 0, "%v", err)
		return nil
	}
	var nested []string
	d := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.errorf(rel, line, "not a readable sitemap: %v", err)
			return nested
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if t.Name.Local == "link" {
				for _, a := range t.Attr {
					if a.Name.Local == "href" {
						s.locFile(rel, line, "alternate link", a.Value)
					}
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) >= 2 && stack[len(stack)-1] == "loc" {
				loc := strings.TrimSpace(string(t))
				if f, ok := s.locFile(rel, line, "<loc>", loc); ok && stack[len(stack)-2] == "sitemap" {
					nested = append(nested, f)
				}
			}
		}
	}
	return nested
}

// locFile maps an absolute address of a sitemap to the site's file, reporting it when missing.
func (s *site) locFile(rel string, line int, what, loc string) (string, bool) {
	t := s.resolve(s.prefix, loc)
	if t.external || t.rel == "" || t.scheme != "" {
		s.errorf(rel, line, "sitemap %s %s is not an address of this site (base URL %s%s)", what, loc, s.origin, s.prefix)
		return "", false
	}
	if _, ok := s.files[t.rel]; !ok {
		s.errorf(rel, line, "sitemap %s %s: no such page in the built site (expected %s)", what, loc, t.rel)
		return "", false
	}
	return t.rel, true
}
