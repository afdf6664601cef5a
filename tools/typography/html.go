package typography

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/net/html"
)

// rawText are the elements whose text is code or data, never prose.
var rawText = map[string]bool{"script": true, "style": true, "pre": true, "code": true,
	"textarea": true, "kbd": true, "samp": true, "var": true}

// void elements have no end tag, so they never open a scope.
var void = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
	"hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true,
	"track": true, "wbr": true}

// HTML returns page with French spacing applied to the text of every element whose language
// (its own lang attribute or its nearest ancestor's) is French. Everything else, markup and
// attributes included, is copied byte for byte, so a page with no French text is unchanged.
func HTML(page []byte) []byte {
	if !bytes.Contains(page, []byte(`lang="fr`)) && !bytes.Contains(page, []byte(`lang=fr`)) {
		return page
	}
	type scope struct {
		tag    string
		french bool
		raw    bool
	}
	stack := []scope{{}}
	z := html.NewTokenizer(bytes.NewReader(page))
	var last rune // the last character of French text written, for a mark that starts a node
	var out bytes.Buffer
	out.Grow(len(page) + 256)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		// Copied: Text() unescapes in place, in the buffer Raw() points into.
		raw := append([]byte(nil), z.Raw()...)
		top := stack[len(stack)-1]
		switch tt {
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			s := scope{tag: tag, french: top.french, raw: top.raw || rawText[tag]}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "lang" {
					s.french = strings.HasPrefix(strings.ToLower(string(v)), "fr")
				}
			}
			if !void[tag] {
				stack = append(stack, s)
			}
			out.Write(raw)
		case html.EndTagToken:
			name, _ := z.TagName()
			// Pop to the matching start tag; end tags the minifier left out are implied.
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].tag == string(name) {
					stack = stack[:i]
					break
				}
			}
			out.Write(raw)
		case html.TextToken:
			if top.french && !top.raw {
				text := string(z.Text())
				fixed := frenchAfter(last, text)
				if r := []rune(text); len(r) > 0 {
					last = r[len(r)-1]
				}
				if fixed != text {
					out.WriteString(escapeText(fixed))
					continue
				}
			}
			out.Write(raw)
		default:
			out.Write(raw)
		}
	}
	return out.Bytes()
}

// frenchAfter is French for a text node that follows other text ending in prev ("OIJ" in
// `<a>OIJ</a>; …`), so that a mark opening the node is spaced from the word before it.
func frenchAfter(prev rune, s string) string {
	if prev == 0 || spaceLike(prev) || prev == '\n' {
		return French(s)
	}
	return strings.TrimPrefix(French(string(prev)+s), string(prev))
}

// escapeText escapes what a text node must not contain raw.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Dir applies HTML to every .html file under dir, in place, and returns how many it changed.
func Dir(dir string) (int, error) {
	changed := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fixed := HTML(b)
		if bytes.Equal(fixed, b) {
			return nil
		}
		changed++
		return os.WriteFile(path, fixed, 0o644)
	})
	return changed, err
}
