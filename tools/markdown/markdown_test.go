package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohugoio/hugo/markup/goldmark/goldmark_config"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the .want sections of testdata/*.txtar")

func TestShortcodes(t *testing.T) {
	path := filepath.Join("testdata", "shortcodes.txtar")
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range ar.Files {
		name, ok := strings.CutSuffix(f.Name, ".md")
		if !ok {
			continue
		}
		body := bytes.TrimSuffix(f.Data, []byte("\n"))
		var got strings.Builder
		for _, sc := range Shortcodes(body) {
			if string(body[sc.Start:sc.Start+2]) != "{{" || string(body[sc.End-2:sc.End]) != "}}" {
				t.Errorf("%s: offsets %d-%d do not frame the shortcode: %q", name, sc.Start, sc.End, body[sc.Start:sc.End])
			}
			closing := ""
			if sc.Closing {
				closing = " closing"
			}
			fmt.Fprintf(&got, "%d-%d %s%s %q\n", sc.Start, sc.End, sc.Name, closing, sc.Args)
		}
		if i+1 >= len(ar.Files) || ar.Files[i+1].Name != name+".want" {
			t.Fatalf("%s: %s.md is not followed by %s.want", path, name, name)
		}
		want := &ar.Files[i+1]
		if *update {
			want.Data = []byte(got.String())
			continue
		}
		if got.String() != string(want.Data) {
			t.Errorf("%s:\n got:\n%s\nwant:\n%s", name, got.String(), want.Data)
		}
	}
	if *update {
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The settings come from the Hugo configuration over Hugo's defaults, and what the toolchain
// cannot read like Hugo is refused.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, toml string
		check      func(goldmark_config.Config) bool
		err        string
	}{
		{"defaults", ``, func(c goldmark_config.Config) bool {
			return c.Extensions.Table && c.Extensions.Linkify && !c.Extensions.Typographer.Disable && c.Parser.Attribute.Title
		}, ""},
		{"typographer off", "[markup.goldmark.extensions.typographer]\ndisable = true\n", func(c goldmark_config.Config) bool {
			return c.Extensions.Typographer.Disable && c.Extensions.Table
		}, ""},
		{"no tables", "[markup.goldmark.extensions]\ntable = false\n", func(c goldmark_config.Config) bool { return !c.Extensions.Table }, ""},
		{"block attributes", "[markup.goldmark.parser.attribute]\nblock = true\n", nil, "markup.goldmark.parser.attribute.block"},
		{"passthrough", "[markup.goldmark.extensions.passthrough]\nenable = true\n", nil, "markup.goldmark.extensions.passthrough"},
		{"extras", "[markup.goldmark.extensions.extras.mark]\nenable = true\n", nil, "markup.goldmark.extensions.extras"},
		{"emoji", "enableEmoji = true\n", nil, "enableEmoji"},
		{"bad toml", "[markup\n", nil, "toml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.toml))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one naming %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c.Goldmark) {
				t.Errorf("settings = %+v", c.Goldmark)
			}
		})
	}
}

// The parser reads the site's Markdown (site/hugo.toml) as Hugo does: tables, strikethrough,
// bare addresses, task lists, definition lists, footnotes, heading attributes; no typographer.
func TestSiteMarkdown(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", "site", "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	src := []byte("## Título {#ancla}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~no~~ www.pani.go.cr\n\n- [ ] tarea\n\nTérmino\n: definición\n\nNota[^1] \"comillas\"\n\n[^1]: pie\n")
	doc := c.New().Parser().Parse(text.NewReader(src))
	kinds := map[ast.NodeKind]int{}
	var id string
	var quotes bool
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			kinds[n.Kind()]++
			if h, ok := n.(*ast.Heading); ok {
				if v, ok := h.AttributeString("id"); ok {
					id = string(v.([]byte))
				}
			}
			if tx, ok := n.(*ast.Text); ok && strings.Contains(string(tx.Segment.Value(src)), `"comillas"`) {
				quotes = true
			}
		}
		return ast.WalkContinue, nil
	})
	for _, k := range []ast.NodeKind{east.KindTable, east.KindStrikethrough, ast.KindAutoLink, east.KindTaskCheckBox, east.KindDefinitionList, east.KindFootnoteLink} {
		if kinds[k] == 0 {
			t.Errorf("no %s in the parsed page", k)
		}
	}
	if id != "ancla" {
		t.Errorf("heading attribute id = %q, want ancla", id)
	}
	if !quotes {
		t.Error(`straight quotes were changed: site/hugo.toml disables the typographer`)
	}
}
