package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"protege/tools/repotest"
	"protege/tools/sitebuild"
)

// SuiteEnv asks BenchmarkSuite to run (`make bench` sets it): the benchmark runs every test
// of the repository, minutes, so `-bench .` alone does not start it.
const SuiteEnv = "PROTEGE_BENCH_SUITE"

// BenchmarkSuite times the whole test suite as `make test` runs it, `go test -count=1 ./...`
// with PROTEGE_PUBLIC set (the site is built first when it is not): wall time (ns/op) and the
// CPU time of the go command and every process it started, directly or not (cpu-s, user +
// system): Chromium's page processes, which outlive their browser process, are adopted and
// waited for (adoptOrphans), so their time counts too.
func BenchmarkSuite(b *testing.B) {
	if os.Getenv(SuiteEnv) != "1" {
		b.Skip("set " + SuiteEnv + "=1 to time `go test ./...` (make bench does)")
	}
	root := repotest.Root(b)
	public := os.Getenv("PROTEGE_PUBLIC")
	if public == "" {
		public = filepath.Join(b.TempDir(), "public")
		var log bytes.Buffer
		site := repotest.Site(b, root)
		o := sitebuild.Options{Root: root, Site: site, Out: public, Stdout: &log, Stderr: &log}
		o.After = sitebuild.AfterHugo(root, site, nil, &log, &log)
		if err := sitebuild.Build(o); err != nil {
			b.Fatalf("building the site for the tests: %v\n%s", err, log.String())
		}
	}
	if err := adoptOrphans(); err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		before := childrenCPU()
		cmd := exec.Command("go", "test", "-count=1", "-timeout", "30m", "./...")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "PROTEGE_PUBLIC="+public, SuiteEnv+"=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("go test ./...: %v\n%s", err, out)
		}
		if err := reapOrphans(time.Minute); err != nil {
			b.Fatal(err)
		}
		cpu += childrenCPU() - before
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
}

// TestSuiteLine: the suite's time, from BenchmarkSuite's line, is written under the table,
// and nothing is written without it.
func TestSuiteLine(t *testing.T) {
	const line = "BenchmarkSuite-2   \t       1\t95400000000 ns/op\t       181.3 cpu-s\n"
	base, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := "\nThe test suite, `go test -count=1 ./...` with `PROTEGE_PUBLIC` set (as `make test` runs it): 95 s, and 181 s of CPU (user + system)\nof the go command and every process it started, compilers, tests, Chromium's page processes and Java included.\n"
	for _, c := range []struct {
		in   string
		want bool
	}{{sample + line, true}, {sample, false}} {
		res, err := Parse(strings.NewReader(c.in))
		if err != nil {
			t.Fatal(err)
		}
		table := res.Table()
		if got := strings.HasSuffix(table, want); got != c.want {
			t.Errorf("suite line present = %v, want %v:\n%s", got, c.want, table)
		}
		if strings.Contains(table, "BenchmarkSuite") || len(res.Lines) != len(base.Lines) {
			t.Errorf("the suite line was read as a stage: %d lines, %d without it\n%s", len(res.Lines), len(base.Lines), table)
		}
	}
}
