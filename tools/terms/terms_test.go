package terms

import (
	"strings"
	"testing"
)

func TestDefaultList(t *testing.T) {
	l := Default()
	// The terms the Luxembourg Guidelines (shared/reference/law-terms-signs.md §4) name.
	for lang, forms := range map[string][]string{
		"es": {"prostitución infantil", "turismo sexual infantil", "turismo sexual con niños", "pornografía infantil", "niña prostituta", "niño prostituto", "menor prostituta"},
		"en": {"child prostitute", "child prostitution", "child sex tourism", "child pornography", "child sex worker", "underage prostitute"},
		"fr": {"prostitution enfantine", "tourisme sexuel impliquant des enfants", "pédopornographie", "enfant prostitué", "prostitution infantile"},
	} {
		m := l.Matcher()
		for _, f := range forms {
			if got := m.Find(lang, []byte(f)); len(got) != 1 {
				t.Errorf("%s: %q is not in terms.yaml", lang, f)
			}
		}
	}
}

func TestFind(t *testing.T) {
	m := Default().Matcher()
	for _, tc := range []struct {
		lang, text string
		want       []string // what is found, as written
	}{
		{"es", "La PROSTITUCION INFANTIL no existe.", []string{"PROSTITUCION INFANTIL"}},
		{"es", "la **prostitución**\n   infantil", []string{"prostitución**\n   infantil"}},
		{"es", "prostitución infantilizada, prostitución de adultos", nil},
		{"es", "child prostitution", nil}, // English terms only in English pages
		{"en", "Child-prostitution and child prostitutes.", []string{"Child-prostitution", "child prostitutes"}},
		{"en", "childhood prostitution; a child. Prostitution", nil},
		{"fr", "la pedopornographie et l'enfant prostituée", []string{"pedopornographie", "enfant prostituée"}},
		{"fr", "le tourisme sexuel impliquant des enfants", []string{"tourisme sexuel impliquant des enfants"}},
	} {
		var got []string
		for _, mt := range m.Find(tc.lang, []byte(tc.text)) {
			got = append(got, tc.text[mt.Start:mt.End])
			if mt.Use == "" {
				t.Errorf("%q: no preferred term", mt.Found)
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Find(%s, %q) = %q, want %q", tc.lang, tc.text, got, tc.want)
		}
	}
}
