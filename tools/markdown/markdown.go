// Package markdown is the one Markdown set-up of the toolchain: the goldmark parser the checks
// and the PDF generator use, configured from site/hugo.toml's [markup.goldmark] over Hugo's own
// defaults (Hugo's goldmark_config.Default), and the parser of Hugo shortcodes in a page body.
// A setting the toolchain cannot reproduce (Hugo's block attributes, passthrough, CJK, extras)
// is refused, so the checks and the PDFs never read a page differently from Hugo without saying so.
package markdown

import (
	"fmt"
	"os"

	"github.com/gohugoio/hugo/markup/goldmark/goldmark_config"
	"github.com/pelletier/go-toml/v2"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// Config is the site's goldmark configuration, as Hugo reads it.
type Config struct {
	Goldmark goldmark_config.Config
}

// Load reads the [markup.goldmark] settings of a Hugo configuration file (site/hugo.toml).
func Load(hugoToml string) (Config, error) {
	b, err := os.ReadFile(hugoToml)
	if err != nil {
		return Config{}, err
	}
	c, err := Parse(b)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", hugoToml, err)
	}
	return c, nil
}

// Parse reads the [markup.goldmark] settings of a Hugo configuration (TOML), over Hugo's
// defaults, and refuses those the toolchain's parser cannot reproduce.
func Parse(hugoToml []byte) (Config, error) {
	var file struct {
		EnableEmoji bool `toml:"enableEmoji"`
		Markup      struct {
			Goldmark goldmark_config.Config
		}
	}
	file.Markup.Goldmark = goldmark_config.Default
	if err := toml.Unmarshal(hugoToml, &file); err != nil {
		return Config{}, err
	}
	c := Config{Goldmark: file.Markup.Goldmark}
	g, x := c.Goldmark, c.Goldmark.Extensions
	for _, u := range []struct {
		on  bool
		key string
	}{
		{file.EnableEmoji, "enableEmoji"},
		{g.Parser.Attribute.Block, "markup.goldmark.parser.attribute.block"},
		{x.Passthrough.Enable, "markup.goldmark.extensions.passthrough"},
		{x.CJK.Enable, "markup.goldmark.extensions.cjk"},
		{x.Extras.Delete.Enable || x.Extras.Insert.Enable || x.Extras.Mark.Enable ||
			x.Extras.Subscript.Enable || x.Extras.Superscript.Enable, "markup.goldmark.extensions.extras"},
	} {
		if u.on {
			return Config{}, fmt.Errorf("%s is enabled: the checks and the PDF generator (tools/markdown) cannot read Markdown that way; add it there or turn it off", u.key)
		}
	}
	return c, nil
}

// New returns a goldmark parser that reads Markdown as Hugo does with this configuration: the
// extensions, options and order of hugo/markup/goldmark/convert.go that change what the text
// says, and heading attributes ({#id}). Hugo's own additions (render hooks, heading ids, the
// table of contents) are Hugo's business: the checks leave them to the build. One parser must not be used by two goroutines at once:
// make one per goroutine.
func (c Config) New() goldmark.Markdown {
	x := c.Goldmark.Extensions
	var exts []goldmark.Extender
	if x.Table {
		exts = append(exts, extension.Table)
	}
	if x.Strikethrough {
		exts = append(exts, extension.Strikethrough)
	}
	if x.Linkify {
		exts = append(exts, extension.Linkify)
	}
	if x.TaskList {
		exts = append(exts, extension.TaskList)
	}
	if t := x.Typographer; !t.Disable {
		exts = append(exts, extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation][]byte{
			extension.LeftSingleQuote: []byte(t.LeftSingleQuote), extension.RightSingleQuote: []byte(t.RightSingleQuote),
			extension.LeftDoubleQuote: []byte(t.LeftDoubleQuote), extension.RightDoubleQuote: []byte(t.RightDoubleQuote),
			extension.EnDash: []byte(t.EnDash), extension.EmDash: []byte(t.EmDash), extension.Ellipsis: []byte(t.Ellipsis),
			extension.LeftAngleQuote: []byte(t.LeftAngleQuote), extension.RightAngleQuote: []byte(t.RightAngleQuote),
			extension.Apostrophe: []byte(t.Apostrophe),
		})))
	}
	if x.DefinitionList {
		exts = append(exts, extension.DefinitionList)
	}
	if x.Footnote.Enable {
		exts = append(exts, extension.NewFootnote(extension.WithFootnoteBacklinkHTML(x.Footnote.BacklinkHTML)))
	}
	var opts []parser.Option
	if c.Goldmark.Parser.Attribute.Title {
		opts = append(opts, parser.WithAttribute())
	}
	return goldmark.New(goldmark.WithExtensions(exts...), goldmark.WithParserOptions(opts...))
}
