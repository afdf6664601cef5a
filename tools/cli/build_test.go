package cli

import (
	"path/filepath"
	"testing"

	"protege/tools/diag"
)

// A page over budget is reported at its Markdown file, which is what an editor can change.
func TestBlameSources(t *testing.T) {
	root := filepath.Join("..", "check", "testdata", "base")
	ds := []diag.Diagnostic{
		diag.Errorf("en/guides/hotels/index.html", 0, 0, "over budget: 20000 bytes gzip"),
		diag.Errorf("en/guides/hotels/index.html", 3, 0, "broken link"),
		diag.Errorf("css/site.css", 0, 0, "over budget: not a page"),
	}
	blameSources(root, []string{"es", "en", "fr"}, ds)
	want := []string{
		"content/en/guides/hotels.md: error: over budget: 20000 bytes gzip (built as en/guides/hotels/index.html)",
		"en/guides/hotels/index.html:3: error: broken link",
		"css/site.css: error: over budget: not a page",
	}
	for i, d := range ds {
		if d.String() != want[i] {
			t.Errorf("got  %s\nwant %s", d, want[i])
		}
	}
}
