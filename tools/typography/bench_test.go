package typography

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkHTML: typesetting every page of the built site in PROTEGE_PUBLIC (its French parts
// only, as the build does) and, for comparison, every page read as a whole.
func BenchmarkHTML(b *testing.B) {
	dir := os.Getenv("PROTEGE_PUBLIC")
	if dir == "" {
		b.Skip("PROTEGE_PUBLIC names no built site")
	}
	var pages [][]byte
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			if c, err := os.ReadFile(p); err == nil {
				pages = append(pages, c)
			}
		}
		return err
	})
	for _, m := range []struct {
		name string
		f    func([]byte) []byte
	}{{"parts", HTML}, {"whole", func(p []byte) []byte { return Apply(p, whole(p)) }}} {
		b.Run(m.name, func(b *testing.B) {
			for b.Loop() {
				for _, p := range pages {
					m.f(p)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(pages)), "µs/page")
		})
	}
}
