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
BenchmarkStages/site=real/stage=build-2        	       1	1000000000 ns/op	        13.0 ms/page	        77.00 pages	        77.00 pages/s
BenchmarkStages/site=real/weights-2            	       1	       861.0 ns/op	     14336 B-gzip-budget	      9322 B-gzip-heaviest	      7091 B-gzip-median
--- BENCH: BenchmarkStages/site=real/weights-2
    bench_test.go:236: heaviest page: fr/guides/touristes/index.html
BenchmarkStages/site=generated=1000x3/stage=hugo-2 	       1	4000000000 ns/op	         1.3 ms/page	      3089 pages	       772.2 pages/s
BenchmarkStages/site=generated=1000x3/stage=build-2	       1	5000000000 ns/op	         1.6 ms/page	      3089 pages	       617.8 pages/s
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
build (` + "`make build` without `check`" + `): seconds, and pages per second in parentheses.

| stage | real site, 77 pages | generated 1,000 × 3, 3,089 pages |
|---|--:|--:|
| Hugo | 0.50 s (154) | 4.00 s (772) |
| whole build | 1.00 s (77) | 5.00 s (618) |
| whole build ÷ Hugo | 2.0× | 1.2× |

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
