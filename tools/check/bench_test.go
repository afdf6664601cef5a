package check_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"protege/tools/check"
	"protege/tools/siteconfig"
)

// genSite writes a site of n pages per language (in sections of 50, each page with headings,
// links to other pages and their anchors, hotline shortcodes and sources) next to the base
// fixture's hotline data, i18n strings and layouts. It returns the number of pages written.
func genSite(b testing.TB, root string, n int) int {
	copyTree(b, "testdata/base/i18n", filepath.Join(root, "i18n"))
	copyTree(b, "testdata/base/site", filepath.Join(root, "site"))
	copyTree(b, "testdata/base/content/data", filepath.Join(root, "content/data"))
	desc := map[string]string{
		"es": "Una página generada para medir el tiempo de la revisión del contenido en sitios grandes.",
		"en": "A generated page to measure how long the content check takes on large sites, page by page.",
		"fr": "Une page générée pour mesurer la durée de la vérification du contenu sur de grands sites.",
	}
	pages := 0
	write := func(lang, rel, key, body string) {
		p := filepath.Join(root, "content", lang, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		fm := fmt.Sprintf("---\ntitle: %q\ndescription: %q\ntranslationKey: %s\naudience: [everyone]\nreviewed: 2026-11-01\nsources:\n  - title: \"PANI\"\n    url: \"https://pani.go.cr/\"\n---\n\n", key, desc[lang], key)
		if err := os.WriteFile(p, []byte(fm+body), 0o644); err != nil {
			b.Fatal(err)
		}
		pages++
	}
	for _, lang := range []string{"es", "en", "fr"} {
		write(lang, "_index.md", "home", "## Inicio {#inicio}\n\nLlame al {{< hotline \"cr-911\" >}}.\n")
		for i := 1; i < n; i++ {
			sec := fmt.Sprintf("s%02d", i/50)
			if i%50 == 0 || i == 1 {
				if i%50 == 0 {
					write(lang, sec+"/_index.md", "section-"+sec, "Sección.\n")
					continue
				}
			}
			next := i + 1
			if next >= n || next%50 == 0 {
				next = i
			}
			var body strings.Builder
			for h := 1; h <= 4; h++ {
				fmt.Fprintf(&body, "## Parte %d {#parte-%d}\n\n", h, h)
				fmt.Fprintf(&body, "Un párrafo con una [referencia](/s%02d/p%d#parte-%d), otra al [inicio](/#inicio), una [fuente](https://pani.go.cr/)\n", next/50, next, h)
				fmt.Fprintf(&body, "y la línea {{< hotline \"cr-pani-1147\" \"name\" >}}. En 2015 la Ley 9095 cambió el artículo 172.\n\n")
				fmt.Fprintf(&body, "- Primera señal, con **énfasis** y _cursiva_.\n- Segunda señal.\n\n")
			}
			write(lang, fmt.Sprintf("%s/p%d.md", sec, i), fmt.Sprintf("page-%d", i), body.String())
		}
	}
	return pages
}

// BenchmarkCheck checks generated sites without a cache (cache=none), and with the per-page
// cache left by an earlier run over the same pages (cache=warm: the editor's loop).
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{100, 1000, 3000} {
		for _, cache := range []string{"none", "warm"} {
			b.Run(fmt.Sprintf("pages=%dx3/cache=%s", n, cache), func(b *testing.B) { benchCheck(b, n, cache == "warm") })
		}
	}
}

func benchCheck(b *testing.B, n int, cache bool) {
	root := b.TempDir()
	pages := genSite(b, root, n)
	sc, err := siteconfig.Load(root, nil)
	if err != nil {
		b.Fatal(err)
	}
	o := check.Options{Root: root, Site: sc, Today: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	if cache {
		o.CacheDir = filepath.Join(root, "build", "cache", "check")
	}
	// The generated site must be clean, or the benchmark measures error reporting.
	res, err := check.Run(o)
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Diagnostics) > 0 {
		b.Fatalf("generated site has problems, e.g. %s", res.Diagnostics[0])
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := check.Run(o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkRealSite checks the repository itself, with its git history.
func BenchmarkRealSite(b *testing.B) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "content", "es")); err != nil {
		b.Skip("no content folder")
	}
	sc, err := siteconfig.Load(root, nil)
	if err != nil {
		b.Fatal(err)
	}
	o := check.Options{Root: root, Site: sc, Git: true}
	pages := 0
	for b.Loop() {
		res, err := check.Run(o)
		if err != nil {
			b.Fatal(err)
		}
		pages = 0
		for _, n := range res.Pages {
			pages += n
		}
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
