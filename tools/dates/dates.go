// Package dates writes a date in a language the way the site does: Hugo's
// `time.Format ":date_long"` (site/layouts/_partials/hotline/date.html), with the same CLDR
// locale data Hugo uses (github.com/bep/golocales, the version Hugo's go.mod requires) and the
// same choice of locale as Hugo: the language's `locale`, else its code, else the default
// language, else English. The PDFs print their dates with it, so a date reads the same on the
// site and on paper; the month names are CLDR's, not kept by hand.
package dates

import (
	"time"

	"github.com/bep/golocales"
)

// Long writes t with the long date pattern of the first of the locales golocales knows ("es-CR",
// then "es", …), as Hugo's time.Format ":date_long" does: "5 de septiembre de 2026",
// "September 5, 2026", "5 septembre 2026".
func Long(t time.Time, locales ...string) string {
	return translator(locales).FormatDateLong(t)
}

// translator is Hugo's choice (hugo/langs/language.go NewLanguage): the first known locale, or
// English.
func translator(locales []string) golocales.Translator {
	for _, l := range append(locales, "en") {
		if l == "" {
			continue
		}
		if tr := golocales.New(l); tr != nil {
			return tr
		}
	}
	panic("golocales has no English") // unreachable: "en" is in CLDR
}
