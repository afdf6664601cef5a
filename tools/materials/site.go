package materials

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pelletier/go-toml/v2"

	"protege/tools/markdown"
)

// siteConfig is what the kit takes from Hugo's configuration (site/hugo.toml), so that the PDFs
// read and write like the site: how Markdown is read, and the locale of each language's dates.
type siteConfig struct {
	md markdown.Config
	// locales are, per language, the locales Hugo tries for its dates, in its order: the
	// language's `locale`, its code, the default language (see dates.Long).
	locales map[string][]string
}

func readSite(root string) (siteConfig, error) {
	path := filepath.Join(root, "site", "hugo.toml")
	b, err := os.ReadFile(path)
	if err != nil {
		return siteConfig{}, err
	}
	md, err := markdown.Parse(b)
	if err != nil {
		return siteConfig{}, fmt.Errorf("%s: %w", path, err)
	}
	var cfg struct {
		DefaultContentLanguage string `toml:"defaultContentLanguage"`
		Languages              map[string]struct {
			Locale string `toml:"locale"`
		} `toml:"languages"`
	}
	if err := toml.Unmarshal(b, &cfg); err != nil {
		return siteConfig{}, fmt.Errorf("%s: %w", path, err)
	}
	s := siteConfig{md: md, locales: map[string][]string{}}
	for lang, l := range cfg.Languages {
		s.locales[lang] = []string{l.Locale, lang, cfg.DefaultContentLanguage}
	}
	return s, nil
}

// localesOf are the locales of a language's dates; a language site/hugo.toml does not list
// (Hugo would not build it) falls back on its code.
func (s siteConfig) localesOf(lang string) []string {
	if l, ok := s.locales[lang]; ok {
		return l
	}
	return []string{lang}
}
