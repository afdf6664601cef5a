package bench

import (
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: protege/tools/bench
cpu: Test CPU
BenchmarkStages/site=real/stage=hugo-2         	       1	 500000000 ns/op	         6.5 ms/page	        77.00 pages	       154.0 pages/s
BenchmarkStages/site=real/stage=build-cold-2   	       1	1000000000 ns/op	        13.0 ms/page	        77.00 pages	        77.00 pages/s
BenchmarkStages/site=real/stage=build-warm-2   	       1	 700000000 ns/op	         9.1 ms/page	        77.00 pages	       110.0 pages/s
BenchmarkStages/site=real/weights-2            	       1	       861.0 ns/op	     14336 B-gzip-budget	      9322 B-gzip-heaviest	      7091 B-gzip-median
--- BENCH: BenchmarkStages/site=real/weights-2
    bench_test.go:236: heaviest page: fr/guides/touristes/index.html
BenchmarkStages/site=generated=1000x3/stage=hugo-2 	       1	4000000000 ns/op	         1.3 ms/page	      3089 pages	       772.2 pages/s
BenchmarkStages/site=generated=1000x3/stage=build-cold-2	       1	9000000000 ns/op	         2.9 ms/page	      3089 pages	       343.2 pages/s
BenchmarkStages/site=generated=1000x3/stage=build-warm-2	       1	5000000000 ns/op	         1.6 ms/page	      3089 pages	       617.8 pages/s
PASS
`

// TestTable: the README table is computed from the benchmark output, between the markers.
func TestTable(t *testing.T) {
	res, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	readme := "# R\n\n" + BeginMarker + "\nold table\n" + EndMarker + "\n\nafter\n"
	out, err := Replace([]byte(readme), res.Table())
	if err != nil {
		t.Fatal(err)
	}
	want := "# R\n\n" + BeginMarker + `
Measured by ` + "`make bench`" + ` on Test CPU with GOMAXPROCS 2; each stage alone, then the whole
build as ` + "`make build`" + ` runs it (` + "`protege build -check`" + `: check at the same time as the PDF kit and
Hugo, then every check of the rendered site, precompress and the swap), cold (no cache, new
output folder: a fresh clone) and warm (nothing changed since the last build: the editor's
loop): seconds, and pages per second in parentheses.

| stage | real site, 77 pages | generated 1,000 × 3, 3,089 pages |
|---|--:|--:|
| Hugo | 0.50 s (154) | 4.00 s (772) |
| whole build, cold (fresh clone: no cache) | 1.00 s (77) | 9.00 s (343) |
| whole build, warm (unchanged sources: caches kept) | 0.70 s (110) | 5.00 s (618) |
| whole build ÷ Hugo, cold | 2.0× | 2.2× |
| **whole build ÷ Hugo, warm** (the 1.5× target) | 1.4× | 1.2× |

Heaviest page: 9,322 B gzip with its stylesheet and scripts (` + "`fr/guides/touristes/`" + `); the budget is 14,336 B, so 5,014 B are left. Median page: 7,091 B gzip.
` + EndMarker + "\n\nafter\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if _, err := Replace([]byte("no markers"), "x"); err == nil {
		t.Error("Replace without markers: no error")
	}
	if _, err := Parse(strings.NewReader("PASS\n")); err == nil {
		t.Error("Parse of no results: no error")
	}
}
