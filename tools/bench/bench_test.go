package bench

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"protege/tools/repotest"
	"protege/tools/sitebuild"
	"protege/tools/verify"
)

var sizes = []int{100, 1000, 3000}

// section is the folder of the generated pages in each language, with its translationKey.
var section = map[string]string{"es": "generadas", "en": "generated", "fr": "generees"}

// copyDir copies a folder of the repository into the generated root.
func copyDir(tb testing.TB, src, dst string) {
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		tb.Fatal(err)
	}
}

var words = strings.Fields(`turismo hotel recepción playa taxi guía señal menor persona niña niño
adolescente denuncia línea llamada seguridad viaje empresa personal código conducta riesgo ayuda
protección confidencial emergencia política cliente habitación tour transporte ruta comunidad`)

// paragraph is deterministic filler text of about n words.
func paragraph(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[r.IntN(len(words))]
	}
	return strings.ToUpper(w[0][:1]) + strings.Join(w, " ")[1:] + "."
}

// generate makes a repository-like folder: the real site/, i18n/, assets/, content (the page
// map in three languages and content/data/) plus n generated pages per language, each the
// size of a real guide, with headings, lists, a hotline shortcode and internal links.
func generate(tb testing.TB, root string, n int) {
	real := repotest.Root(tb)
	for _, d := range []string{"site", "i18n", "assets", "content"} {
		copyDir(tb, filepath.Join(real, d), filepath.Join(root, d))
	}
	os.MkdirAll(filepath.Join(root, "build", "materials", "static"), 0o755)
	os.MkdirAll(filepath.Join(root, "build", "materials", "data"), 0o755)
	for _, lang := range []string{"es", "en", "fr"} {
		r := rand.New(rand.NewPCG(uint64(n), 7))
		dir := filepath.Join(root, "content", lang, section[lang])
		os.MkdirAll(dir, 0o755)
		index := fmt.Sprintf("---\ntitle: \"Generated %s\"\ndescription: \"%s\"\ntranslationKey: bench\naudience: [everyone]\nreviewed: 2026-11-27\n---\n\n%s\n",
			lang, paragraph(r, 18), paragraph(r, 40))
		os.WriteFile(filepath.Join(dir, "_index.md"), []byte(index), 0o644)
		for i := range n {
			// Sections of at most 100 pages, like the page map's sections (a section page
			// lists all its pages).
			group := fmt.Sprintf("g%02d", i/100)
			gdir := filepath.Join(dir, group)
			if i%100 == 0 {
				os.MkdirAll(gdir, 0o755)
				gi := fmt.Sprintf("---\ntitle: \"Group %s (%s)\"\ndescription: \"%s\"\ntranslationKey: bench-%s\naudience: [everyone]\nreviewed: 2026-11-27\n---\n\n%s\n",
					group, lang, paragraph(r, 18), group, paragraph(r, 40))
				os.WriteFile(filepath.Join(gdir, "_index.md"), []byte(gi), 0o644)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "---\ntitle: \"Page %04d (%s)\"\ndescription: \"%s\"\ntranslationKey: bench-%04d\naudience: [everyone]\nreviewed: 2026-11-27\nweight: %d\n---\n\n",
				i, lang, paragraph(r, 16), i, i+1)
			b.WriteString(paragraph(r, 60) + "\n\n")
			for h := range 4 {
				fmt.Fprintf(&b, "## Section %d {#s%d}\n\n%s\n\n", h+1, h+1, paragraph(r, 70))
				for range 4 {
					fmt.Fprintf(&b, "- %s\n", paragraph(r, 10))
				}
				b.WriteString("\n")
			}
			next := (i + 1) % n
			fmt.Fprintf(&b, "Call {{< hotline \"cr-911\" >}}. See [section 2](#s2), [the home page](/) and [the next page](/%s/g%02d/p%04d#s1).\n",
				section[lang], next/100, next)
			os.WriteFile(filepath.Join(gdir, fmt.Sprintf("p%04d.md", i)), []byte(b.String()), 0o644)
		}
	}
	// enableGitInfo: Hugo reads dates from git, as in the real repository.
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-qm", "bench"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// roots caches the generated repositories between benchmarks (generation is not measured).
var (
	rootsMu sync.Mutex
	roots   = map[int]string{}
	tmpDirs []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tmpDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

func generated(tb testing.TB, n int) string {
	rootsMu.Lock()
	defer rootsMu.Unlock()
	if r, ok := roots[n]; ok {
		return r
	}
	r, err := os.MkdirTemp("", fmt.Sprintf("protege-bench-%d-", n))
	if err != nil {
		tb.Fatal(err)
	}
	tmpDirs = append(tmpDirs, r)
	generate(tb, r, n)
	roots[n] = r
	return r
}

// build renders root into a fresh folder and returns it with its number of HTML pages.
func build(tb testing.TB, root, out string) int {
	var log bytes.Buffer
	if err := sitebuild.Hugo(sitebuild.Options{Root: root, Stdout: &log, Stderr: &log}, out); err != nil {
		tb.Fatalf("%v\n%s", err, log.String())
	}
	pages := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			pages++
		}
		return err
	})
	return pages
}

func benchBuild(b *testing.B, root string) {
	if _, err := sitebuild.HugoBinary(); err != nil { // compiled once, not measured
		b.Fatal(err)
	}
	tmp := b.TempDir()
	pages, i := 0, 0
	for b.Loop() {
		i++
		pages = build(b, root, filepath.Join(tmp, fmt.Sprint(i)))
	}
	report(b, pages)
}

func benchVerify(b *testing.B, root string) *verify.Report {
	out := filepath.Join(b.TempDir(), "public")
	build(b, root, out)
	var r *verify.Report
	for b.Loop() {
		var err error
		r, err = verify.Run(verify.Options{Dir: out, Hotlines: filepath.Join(root, "content", "data", "hotlines.yaml")})
		if err != nil {
			b.Fatal(err)
		}
	}
	report(b, r.Pages)
	if len(r.Weights) > 0 {
		b.ReportMetric(float64(r.Weights[0].Gzip), "B-gzip-heaviest")
		b.ReportMetric(float64(r.MedianGzip()), "B-gzip-median")
	}
	if r.Failed() {
		b.Logf("verify found %d problems (first: %s)", len(r.Diagnostics), r.Diagnostics[0])
	}
	return r
}

func report(b *testing.B, pages int) {
	per := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(pages)/per, "pages/s")
	b.ReportMetric(per*1000/float64(pages), "ms/page")
}

// BenchmarkBuild: one Hugo build (strict flags, minify, gc) of generated sites and of the
// real site.
func BenchmarkBuild(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("generated=%dx3", n), func(b *testing.B) { benchBuild(b, generated(b, n)) })
	}
	b.Run("real", func(b *testing.B) { benchBuild(b, repotest.Root(b)) })
}

// BenchmarkVerify: one verify run over the same sites.
func BenchmarkVerify(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("generated=%dx3", n), func(b *testing.B) { benchVerify(b, generated(b, n)) })
	}
	b.Run("real", func(b *testing.B) {
		r := benchVerify(b, repotest.Root(b))
		var table bytes.Buffer
		r.WriteTable(&table)
		b.Logf("real site:\n%s", table.String())
	})
}
