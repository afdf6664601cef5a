package materials

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"

	"protege/tools/dates"
	"protege/tools/diag"
)

// loadBundle reads i18n/<lang>.toml for every language: the same strings Hugo uses. def is
// the default language's locale.
func loadBundle(dir, def string, langs []string) (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.Make(def))
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, l := range langs {
		if _, err := b.LoadMessageFile(filepath.Join(dir, l+".toml")); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// texts gives one language's strings and records those that are missing.
type texts struct {
	lang string
	file string // i18n/<lang>.toml, for messages
	loc  *i18n.Localizer
	// locales: the language's locales for dates (see siteConfig.localesOf).
	locales []string

	strs *missingStrings // shared by every language
}

func newLocalizer(b *i18n.Bundle, lang string) *i18n.Localizer { return i18n.NewLocalizer(b, lang) }

// T returns the string id, formatted with data. A string missing in this language's file
// (go-i18n would fall back to Spanish) is recorded as an error and replaced by its id.
func (t *texts) T(id string, data map[string]any) string {
	s, tag, err := t.loc.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err == nil {
		if base, _ := tag.Base(); base.String() == t.lang {
			return s
		}
	}
	msg := fmt.Sprintf("missing string %q: the PDF materials need it in every language", id)
	if err != nil && !strings.Contains(err.Error(), "not found") {
		msg = fmt.Sprintf("string %q: %v", id, err)
	}
	t.strs.add(t.file+"\x00"+id, diag.Errorf(t.file, 0, 0, "%s", msg))
	return id
}

// Date is a date written out in the language as the site writes it (Hugo's ":date_long" with
// the language's CLDR locale): "27 de noviembre de 2026", "November 27, 2026".
func (t *texts) Date(d time.Time) string { return dates.Long(d, t.locales...) }

// missingStrings collects the i18n strings the kit needs that a language lacks.
type missingStrings struct {
	mu sync.Mutex
	m  map[string]diag.Diagnostic

	envs []*env // every language planned, in order (for the contact files)
}

func (s *missingStrings) add(key string, d diag.Diagnostic) {
	s.mu.Lock()
	s.m[key] = d
	s.mu.Unlock()
}

func (s *missingStrings) diagnostics() []diag.Diagnostic {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ds []diag.Diagnostic
	for _, d := range s.m {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b diag.Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Message, b.Message))
	})
	return ds
}
