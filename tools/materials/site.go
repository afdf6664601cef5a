package materials

import (
	"fmt"
	"os"
	"path/filepath"

	"protege/tools/markdown"
	"protege/tools/siteconfig"
)

// siteConfig is what the kit takes from Hugo's configuration (site/hugo.toml), so that the PDFs
// read and write like the site: how Markdown is read, and the locale of each language's dates.
type siteConfig struct {
	md markdown.Config
	// locales are, per language, the locales Hugo tries for its dates, in its order: the
	// language's `locale`, its code, the default language (see dates.Long).
	locales map[string][]string
}

// readSite reads how Markdown is read from site/hugo.toml; the languages' locales come from
// site (siteconfig).
func readSite(root string, site *siteconfig.Site) (siteConfig, error) {
	path := filepath.Join(root, "site", "hugo.toml")
	b, err := os.ReadFile(path)
	if err != nil {
		return siteConfig{}, err
	}
	md, err := markdown.Parse(b)
	if err != nil {
		return siteConfig{}, fmt.Errorf("%s: %w", path, err)
	}
	s := siteConfig{md: md, locales: map[string][]string{}}
	for _, l := range site.Languages {
		s.locales[l.Lang] = []string{l.Locale, l.Lang, site.Default().Lang}
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
