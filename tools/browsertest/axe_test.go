package browsertest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// axeDarkRules are the rules of axeTags whose result the colours decide: in the dark scheme
// only colours change (darkSchemeJS and darkSchemeOutsideCSS check it on every page), so the
// other rules find there what they find in the light scheme at the same width, where every
// rule runs. Measured on the 89 pages (axe-core 4.14.1): the whole set in the dark scheme
// reports the same violations as these two rules (none, and the same ones when a page's dark
// link colour is made too dark: TestAxeDarkSeesColours), for about half the CPU of a run.
var axeDarkRules = []string{"color-contrast", "link-in-text-block"}

// darkSchemeJS lists what the page's dark scheme changes besides colours: every rule of
// every @media (prefers-color-scheme: dark) block must set custom properties to colours.
const darkSchemeJS = `(() => {
	const problems = [];
	const walk = (rules, dark) => {
		for (const r of rules) {
			const isDark = dark || (r instanceof CSSMediaRule && /prefers-color-scheme/.test(r.conditionText));
			if (r.cssRules && !(r instanceof CSSStyleRule)) { walk(r.cssRules, isDark); continue; }
			if (!dark) continue;
			if (!(r instanceof CSSStyleRule)) { problems.push(r.cssText.slice(0, 80)); continue; }
			for (const p of r.style) {
				const v = r.style.getPropertyValue(p).trim();
				if (!p.startsWith('--') || !CSS.supports('color', v)) problems.push(r.selectorText + ' { ' + p + ': ' + v + ' }');
			}
			if (r.cssRules && r.cssRules.length) problems.push(r.selectorText + ' has nested rules');
		}
	};
	for (const s of document.styleSheets) walk(s.cssRules, false);
	return problems;
})()`

var styleElemRe = regexp.MustCompile(`(?s)<style[^>]*>.*?</style>`)

// darkSchemeOutsideCSS lists the built files that ask for the colour scheme anywhere but in
// a page's stylesheet (a script's matchMedia, a <picture> source, a media attribute): what
// darkSchemeJS cannot see.
func darkSchemeOutsideCSS(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".js")) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".html") {
			b = styleElemRe.ReplaceAll(b, nil)
		}
		if bytes.Contains(b, []byte("prefers-color-scheme")) {
			rel, _ := filepath.Rel(dir, p)
			found = append(found, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
