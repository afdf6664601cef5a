package sitebuild

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"protege/tools/content"
)

// OutputFile is where Hugo writes a content page: <lang>/<logical path>/index.html.
func OutputFile(p *content.Page) string {
	lp := strings.Trim(p.LogicalPath(), "/")
	return filepath.Join(p.Lang, filepath.FromSlash(lp), "index.html")
}

// CheckPages fails when a content page of any language is missing from the rendered folder
// dir. Hugo skips a mount whose folder is missing without a word; this stage makes a
// misconfigured mount (a language folder renamed, a typo in site/hugo.toml) fail the build.
// langs are the site's languages.
func CheckPages(root, dir string, langs []string) error {
	return checkPages(NewSources(root, langs), dir, langs)
}

// checkPages is CheckPages with the pages src read.
func checkPages(src *Sources, dir string, langs []string) error {
	site, _, err := src.content()
	if err != nil {
		return err
	}
	var missing []string
	perLang := map[string]int{}
	for _, p := range site.Pages {
		f := OutputFile(p)
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			missing = append(missing, fmt.Sprintf("content/%s/%s: page not rendered (expected %s): check the mounts in site/hugo.toml", p.Lang, p.Rel, filepath.ToSlash(f)))
			continue
		}
		perLang[p.Lang]++
	}
	for _, l := range langs {
		if perLang[l] == 0 {
			missing = append(missing, fmt.Sprintf("content/%s: no page of this language was rendered", l))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%d missing pages:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	return nil
}
