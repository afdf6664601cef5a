// Package siteconfig reads the site's facts once, where Hugo reads them: the languages (their
// folder names, locales and labels, the default one first), the base URL, from site/hugo.toml,
// and the STRICT setting from the environment. The commands load a Site and pass it down to the
// packages that need it; no package keeps its own list of languages.
package siteconfig

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// File is Hugo's configuration, relative to the repository root. The per-language menus live
// beside it in site/config/_default/ (Hugo merges that folder into this file); they are not
// facts the toolchain needs.
const File = "site/hugo.toml"

// Language is one language of the site.
type Language struct {
	Lang   string // the key in [languages]: content/<lang>/, i18n/<lang>.toml, /<lang>/ in addresses
	Locale string // the BCP 47 tag of <html lang> and hreflang (Hugo's locale; lang when unset)
	Label  string // the name in the language switcher
	Weight int
}

// Site is what the toolchain needs to know about the site.
type Site struct {
	// Languages are the enabled languages, the default (source) language first, then by
	// weight and key, as hugo.Sites orders them.
	Languages []Language
	// BaseURL is the address the site is built for, with a closing slash.
	BaseURL string
	// Strict makes warnings errors (STRICT=1 or STRICT=true).
	Strict bool
}

// Load reads root/site/hugo.toml and the STRICT variable through getenv (os.Getenv in the
// commands; tests pass their own).
func Load(root string, getenv func(string) string) (*Site, error) {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(File)))
	if err != nil {
		return nil, fmt.Errorf("site configuration: %w", err)
	}
	s, err := Parse(File, b)
	if err != nil {
		return nil, err
	}
	if getenv != nil {
		if s.Strict, err = ParseStrict(getenv("STRICT")); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// config is the part of hugo.toml read here.
type config struct {
	BaseURL                string `toml:"baseURL"`
	DefaultContentLanguage string `toml:"defaultContentLanguage"`
	Languages              map[string]struct {
		Locale       string `toml:"locale"`
		LanguageCode string `toml:"languageCode"`
		Label        string `toml:"label"`
		LanguageName string `toml:"languageName"`
		Weight       int    `toml:"weight"`
		Disabled     bool   `toml:"disabled"`
	} `toml:"languages"`
	DisableLanguages []string `toml:"disableLanguages"`
}

// Parse reads a Hugo configuration; file names it in errors.
func Parse(file string, b []byte) (*Site, error) {
	var c config
	if err := toml.Unmarshal(b, &c); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, fmt.Errorf("%s:%d:%d: %s", file, row, col, de.Error())
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	s := &Site{}
	for key, l := range c.Languages {
		if l.Disabled || slices.Contains(c.DisableLanguages, key) {
			continue
		}
		lang := Language{Lang: key, Locale: cmp.Or(l.Locale, l.LanguageCode, key),
			Label: cmp.Or(l.Label, l.LanguageName, key), Weight: l.Weight}
		if strings.ContainsAny(key, "/\\. ") || key != strings.ToLower(key) {
			return nil, fmt.Errorf("%s: language %q: use a lowercase tag such as \"pt\" (it names folders and addresses)", file, key)
		}
		s.Languages = append(s.Languages, lang)
	}
	if len(s.Languages) == 0 {
		return nil, fmt.Errorf("%s: no [languages]: the site needs at least one", file)
	}
	def := cmp.Or(c.DefaultContentLanguage, "en") // Hugo's default
	slices.SortFunc(s.Languages, func(a, b Language) int {
		switch {
		case a.Lang == def:
			return -1
		case b.Lang == def:
			return 1
		}
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.Lang, b.Lang))
	})
	if s.Languages[0].Lang != def {
		return nil, fmt.Errorf("%s: defaultContentLanguage %q is not one of the languages (%s)", file, def, strings.Join(s.Langs(), ", "))
	}
	base, err := CheckBaseURL(c.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("%s: baseURL: %w", file, err)
	}
	s.BaseURL = base
	return s, nil
}

// CheckBaseURL returns base with a closing slash, or says why it is not an absolute http(s)
// address.
func CheckBaseURL(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("%q: want an absolute http(s) address such as https://example.org/sub/", base)
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base, nil
}

// WithBaseURL returns a copy of s built for base (a -baseurl flag) instead, or s when base is "".
func (s *Site) WithBaseURL(base string) (*Site, error) {
	if base == "" {
		return s, nil
	}
	b, err := CheckBaseURL(base)
	if err != nil {
		return nil, fmt.Errorf("base URL %w", err)
	}
	c := *s
	c.BaseURL = b
	return &c, nil
}

// ParseStrict reads the STRICT setting: "1" or "true" (any case) is strict; "", "0" and
// "false" are not; anything else is an error, so that a typo does not quietly turn it off.
func ParseStrict(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true":
		return true, nil
	case "", "0", "false":
		return false, nil
	}
	return false, fmt.Errorf("STRICT=%q: use STRICT=1 (or true) for strict, or leave it empty", v)
}

// Langs are the language keys, the default first.
func (s *Site) Langs() []string {
	out := make([]string, len(s.Languages))
	for i, l := range s.Languages {
		out[i] = l.Lang
	}
	return out
}

// Default is the default (source) language: the one every translation is made from.
func (s *Site) Default() Language { return s.Languages[0] }

// Translations are the languages other than the default.
func (s *Site) Translations() []string { return s.Langs()[1:] }

// Language returns the language of key lang.
func (s *Site) Language(lang string) (Language, bool) {
	for _, l := range s.Languages {
		if l.Lang == lang {
			return l, true
		}
	}
	return Language{}, false
}

// Has says whether lang is one of the site's languages.
func (s *Site) Has(lang string) bool {
	_, ok := s.Language(lang)
	return ok
}

// Locales maps each language key to its locale.
func (s *Site) Locales() map[string]string {
	m := make(map[string]string, len(s.Languages))
	for _, l := range s.Languages {
		m[l.Lang] = l.Locale
	}
	return m
}
