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
--- BENCH: BenchmarkStages/site=real/stage=build-warm-2
    bench_test.go:330: build-warm steps at site=real: kit=0.050 check=0.200 hugo=0.400 pages=0.010 verify=0.100 swap=0.000 cleanup=0.020
BenchmarkStages/site=real/stage=build-edit-2   	       1	 800000000 ns/op	        10.4 ms/page	        77.00 pages	        96.25 pages/s
--- BENCH: BenchmarkStages/site=real/stage=build-edit-2
    bench_test.go:352: build-edit steps at site=real: check=0.250 kit=0.050 hugo=0.400 pages=0.010 verify=0.110 swap=0.000 cleanup=0.020
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
| whole build, one page edited since the last build (caches kept) | 0.80 s (96) | – |
| whole build ÷ Hugo, cold | 2.0× | 2.2× |
| **whole build ÷ Hugo, warm** (the 1.5× target) | 1.4× | 1.2× |

Heaviest page: 9,322 B gzip with its stylesheet and scripts (` + "`fr/guides/touristes/`" + `); the budget is 14,336 B, so 5,014 B are left. Median page: 7,091 B gzip.

The whole builds step by step (seconds, wall clock; ` + "`check`" + ` runs beside the PDF kit and Hugo, ` + "`l10n`" + `
beside the PDF kit, the other steps one after the other; the site the previous build replaced is
removed beside them all, and ` + "`cleanup`" + ` is the wait for it at the end):

| build | check | kit | hugo | pages | verify | swap | cleanup |
|---|--:|--:|--:|--:|--:|--:|--:|
| real site, warm | 0.20 | 0.05 | 0.40 | 0.01 | 0.10 | 0.00 | 0.02 |
| real site, one page edited | 0.25 | 0.05 | 0.40 | 0.01 | 0.11 | 0.00 | 0.02 |
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

// TestMedians: with go test -count N, each stage's figure is the median run, all its metrics
// from that run; the steps of the whole builds are medians step by step.
func TestMedians(t *testing.T) {
	const out = `cpu: Test CPU
BenchmarkStages/site=real/stage=hugo-2 	1	 900000000 ns/op	 77 pages	 85.6 pages/s
BenchmarkStages/site=real/stage=build-warm-2 	1	 700000000 ns/op	 77 pages	 110 pages/s
    bench_test.go:330: build-warm steps at site=real: hugo=0.500 verify=0.300
BenchmarkStages/site=real/stage=hugo-2 	1	 400000000 ns/op	 77 pages	 192.5 pages/s
BenchmarkStages/site=real/stage=build-warm-2 	1	 800000000 ns/op	 77 pages	 96.3 pages/s
    bench_test.go:330: build-warm steps at site=real: hugo=0.300 verify=0.100
BenchmarkStages/site=real/stage=hugo-2 	1	 500000000 ns/op	 77 pages	 154 pages/s
BenchmarkStages/site=real/stage=build-warm-2 	1	 600000000 ns/op	 77 pages	 128.3 pages/s
    bench_test.go:330: build-warm steps at site=real: hugo=0.400 verify=0.200 cleanup=0.050
`
	res, err := Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		stage   string
		seconds float64
		perSec  float64
	}{
		{"hugo", 0.5, 154},
		{"build-warm", 0.7, 110},
	} {
		x, ok := res.get("real", tc.stage)
		if !ok || x.Seconds != tc.seconds || x.Metrics["pages/s"] != tc.perSec || x.Samples != 3 {
			t.Errorf("%s: got %+v, want the median run: %.1f s, %.1f pages/s, 3 samples", tc.stage, x, tc.seconds, tc.perSec)
		}
	}
	if len(res.Lines) != 2 {
		t.Errorf("%d lines, want one per stage", len(res.Lines))
	}
	table := res.Table()
	for _, want := range []string{"GOMAXPROCS 2, median of 3 runs;", "| hugo | verify | cleanup |", "| real site, warm | 0.40 | 0.20 | 0.05 |",
		"| **whole build ÷ Hugo, warm** (the 1.5× target) | 1.4× |"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table has no %q:\n%s", want, table)
		}
	}
}

// TestPairs: the runs in pairs (stage=warm-vs-hugo) give the target's row, the median of the
// samples' ratios (each sample the median of its pairs), not of their times; the ratio of the
// medians stays, named as such.
func TestPairs(t *testing.T) {
	const out = `cpu: Test CPU
BenchmarkStages/site=real/stage=hugo-2 	1	 500000000 ns/op	 77 pages	 154 pages/s
BenchmarkStages/site=real/stage=build-warm-2 	1	 700000000 ns/op	 77 pages	 110 pages/s
BenchmarkStages/site=real/stage=warm-vs-hugo-2 	1	 9000000000 ns/op	 77 pages	 0.5 s-hugo	 0.8 s-warm	 1.61 x-hugo
BenchmarkStages/site=real/stage=hugo-2 	1	 500000000 ns/op	 77 pages	 154 pages/s
BenchmarkStages/site=real/stage=build-warm-2 	1	 700000000 ns/op	 77 pages	 110 pages/s
BenchmarkStages/site=real/stage=warm-vs-hugo-2 	1	 7000000000 ns/op	 77 pages	 0.5 s-hugo	 0.6 s-warm	 1.22 x-hugo
BenchmarkStages/site=real/stage=hugo-2 	1	 500000000 ns/op	 77 pages	 154 pages/s
BenchmarkStages/site=real/stage=build-warm-2 	1	 700000000 ns/op	 77 pages	 110 pages/s
BenchmarkStages/site=real/stage=warm-vs-hugo-2 	1	 8000000000 ns/op	 77 pages	 0.5 s-hugo	 0.7 s-warm	 1.35 x-hugo
`
	res, err := Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if x, ok := res.get("real", "warm-vs-hugo"); !ok || x.Metrics["x-hugo"] != 1.35 {
		t.Errorf("warm-vs-hugo: got %+v, want the median ratio 1.35", x)
	}
	table := res.Table()
	for _, want := range []string{
		"| whole build ÷ Hugo, warm (ratio of the medians above) | 1.4× |",
		"| **whole build ÷ Hugo, warm, run in pairs** (the 1.5× target: median of each pair's ratio) | 1.35× |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("the table has no %q:\n%s", want, table)
		}
	}
}
