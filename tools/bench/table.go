package bench

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The README's performance table lies between these two lines; `make bench` rewrites it.
const (
	BeginMarker = "<!-- bench:begin: written by `make bench` (protege bench-table); do not edit by hand -->"
	EndMarker   = "<!-- bench:end -->"
)

// Result is one benchmark line of BenchmarkStages.
type Result struct {
	Site, Stage string
	Seconds     float64            // per operation
	Metrics     map[string]float64 // unit → value (pages, pages/s, B-gzip-heaviest, …)
	Samples     int                // how many lines of the same site and stage (-count) this is the median of
}

// Steps are where a whole build's time went, stage by stage (sitebuild.Options.Timed): the
// median of its samples per step, in seconds.
type Steps struct {
	Site, Build string // build: build-cold, build-warm or build-edit
	Names       []string
	Seconds     map[string][]float64 // step → one value per sample
}

// Results are the parsed output of `go test -bench Stages`.
type Results struct {
	CPU      string // the "cpu:" line
	Procs    int    // GOMAXPROCS, from the -N suffix of the names
	Lines    []Result
	Heaviest string  // the heaviest page of the real site, from the benchmark's log
	Suite    *Result // BenchmarkSuite: the whole test suite (seconds; metric cpu-s)
	Steps    []*Steps
}

var (
	lineRe     = regexp.MustCompile(`^BenchmarkStages/site=([^/\s]+)/(?:stage=)?([^\s]+?)(?:-(\d+))?\s+\d+\s+(.*)$`)
	heaviestRe = regexp.MustCompile(`heaviest page: (\S+)`)
	stepsRe    = regexp.MustCompile(`(build-cold|build-warm|build-edit) steps at site=(\S+): (.*)$`)
	suiteRe    = regexp.MustCompile(`^BenchmarkSuite(?:-\d+)?\s+\d+\s+([0-9.e+]+) ns/op\s+([0-9.e+]+) cpu-s`)
)

// Parse reads benchmark output.
func Parse(r io.Reader) (*Results, error) {
	res := &Results{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if cpu, ok := strings.CutPrefix(line, "cpu: "); ok {
			res.CPU = strings.TrimSpace(cpu)
		}
		if m := heaviestRe.FindStringSubmatch(line); m != nil {
			res.Heaviest = m[1]
		}
		if m := stepsRe.FindStringSubmatch(line); m != nil {
			if err := res.addSteps(m[2], m[1], m[3]); err != nil {
				return nil, fmt.Errorf("%q: %v", line, err)
			}
			continue
		}
		if m := suiteRe.FindStringSubmatch(line); m != nil {
			ns, err1 := strconv.ParseFloat(m[1], 64)
			cpu, err2 := strconv.ParseFloat(m[2], 64)
			if err := errors.Join(err1, err2); err != nil {
				return nil, fmt.Errorf("%q: %v", line, err)
			}
			res.Suite = &Result{Stage: "suite", Seconds: ns / 1e9, Metrics: map[string]float64{"cpu-s": cpu}}
			continue
		}
		m := lineRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if m[3] != "" {
			res.Procs, _ = strconv.Atoi(m[3])
		}
		x := Result{Site: m[1], Stage: m[2], Metrics: map[string]float64{}}
		f := strings.Fields(m[4])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%q: %v", line, err)
			}
			if f[i+1] == "ns/op" {
				x.Seconds = v / 1e9
			} else {
				x.Metrics[f[i+1]] = v
			}
		}
		res.Lines = append(res.Lines, x)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(res.Lines) == 0 {
		return nil, errors.New("no BenchmarkStages result in the input")
	}
	res.Lines = medians(res.Lines)
	return res, nil
}

// medians keeps one line per site and stage, in the order they first came: the median by time
// of that stage's lines (go test -count N prints N), with all its metrics, so that a stage's
// pages/s and cpu-s are those of the same run. With an even count, the lower of the two middle
// runs.
func medians(lines []Result) []Result {
	type key struct{ site, stage string }
	var order []key
	all := map[key][]Result{}
	for _, x := range lines {
		k := key{x.Site, x.Stage}
		if _, ok := all[k]; !ok {
			order = append(order, k)
		}
		all[k] = append(all[k], x)
	}
	out := make([]Result, 0, len(order))
	for _, k := range order {
		xs := all[k]
		// By time; the pairs of stage=warm-vs-hugo by their ratio (their time is the pairs').
		by := func(x Result) float64 {
			if r, ok := x.Metrics["x-hugo"]; ok {
				return r
			}
			return x.Seconds
		}
		slices.SortStableFunc(xs, func(a, b Result) int { return cmp.Compare(by(a), by(b)) })
		m := xs[(len(xs)-1)/2]
		m.Samples = len(xs)
		out = append(out, m)
	}
	return out
}

// addSteps reads one "name=seconds …" log line of a whole build.
func (res *Results) addSteps(site, build, fields string) error {
	var st *Steps
	for _, x := range res.Steps {
		if x.Site == site && x.Build == build {
			st = x
		}
	}
	if st == nil {
		st = &Steps{Site: site, Build: build, Seconds: map[string][]float64{}}
		res.Steps = append(res.Steps, st)
	}
	for _, f := range strings.Fields(fields) {
		name, v, ok := strings.Cut(f, "=")
		if !ok {
			return fmt.Errorf("%q is not name=seconds", f)
		}
		sec, err := strconv.ParseFloat(strings.TrimSuffix(v, "s"), 64)
		if err != nil {
			return err
		}
		if _, seen := st.Seconds[name]; !seen {
			st.Names = append(st.Names, name)
		}
		st.Seconds[name] = append(st.Seconds[name], sec)
	}
	return nil
}

// median of the values (the lower middle one for an even count); 0 for none.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	return v[(len(v)-1)/2]
}

func (res *Results) get(site, stage string) (Result, bool) {
	for _, x := range res.Lines {
		if x.Site == site && x.Stage == stage {
			return x, true
		}
	}
	return Result{}, false
}

// Table renders the results as the README's Markdown table and the lines under it.
func (res *Results) Table() string {
	var sites []string
	for _, x := range res.Lines {
		if !slices.Contains(sites, x.Site) {
			sites = append(sites, x.Site)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Measured by `make bench` on %s with GOMAXPROCS %d%s; each stage alone, then the whole\n", res.CPU, res.Procs, res.samples())
	b.WriteString("build as `make build` runs it (`protege build -check`: check at the same time as the PDF kit and\n")
	b.WriteString("Hugo, then every check of the rendered site, precompress and the swap), cold (no cache, new\n")
	b.WriteString("output folder: a fresh clone) and warm (nothing changed since the last build: the editor's\n")
	b.WriteString("loop): seconds, and pages per second in parentheses.\n\n")
	b.WriteString("| stage |")
	for _, s := range sites {
		x, _ := res.get(s, "hugo")
		fmt.Fprintf(&b, " %s, %s pages |", siteName(s), thousands(x.Metrics["pages"]))
	}
	b.WriteString("\n|---|")
	for range sites {
		b.WriteString("--:|")
	}
	b.WriteString("\n")
	for _, st := range []struct{ stage, label string }{
		{"check", "`protege check`"}, {"materials", "PDF kit"}, {"hugo", "Hugo"},
		{"verify", "`protege verify`"}, {"verify-warm", "`protege verify`, unchanged pages (facts from its cache)"},
		{"precompress", "`precompress`, fresh render"},
		{"precompress-warm", "`precompress`, unchanged files (the previous build's .gz kept)"},
		{"build-cold", "whole build, cold (fresh clone: no cache)"},
		{"build-warm", "whole build, warm (unchanged sources: caches kept)"},
		{"build-edit", "whole build, one page edited since the last build (caches kept)"},
	} {
		if _, ok := res.get(sites[0], st.stage); !ok {
			continue
		}
		fmt.Fprintf(&b, "| %s |", st.label)
		for _, s := range sites {
			x, ok := res.get(s, st.stage)
			if !ok {
				b.WriteString(" – |")
				continue
			}
			fmt.Fprintf(&b, " %.2f s (%s) |", x.Seconds, thousands(x.Metrics["pages/s"]))
		}
		b.WriteString("\n")
	}
	_, paired := res.get(sites[0], "warm-vs-hugo")
	warmLabel := "**whole build ÷ Hugo, warm** (the 1.5× target)"
	if paired {
		warmLabel = "whole build ÷ Hugo, warm (ratio of the medians above)"
	}
	for _, r := range []struct{ stage, label string }{
		{"build-cold", "whole build ÷ Hugo, cold"},
		{"build-warm", warmLabel},
		{"warm-vs-hugo", "**whole build ÷ Hugo, warm, run in pairs** (the 1.5× target: median of each pair's ratio)"},
	} {
		if _, ok := res.get(sites[0], r.stage); !ok {
			continue
		}
		fmt.Fprintf(&b, "| %s |", r.label)
		for _, s := range sites {
			if r.stage == "warm-vs-hugo" {
				if x, ok := res.get(s, r.stage); ok && x.Metrics["x-hugo"] > 0 {
					fmt.Fprintf(&b, " %.2f× |", x.Metrics["x-hugo"])
				} else {
					b.WriteString(" – |")
				}
				continue
			}
			h, ok1 := res.get(s, "hugo")
			w, ok2 := res.get(s, r.stage)
			if !ok1 || !ok2 || h.Seconds == 0 {
				b.WriteString(" – |")
				continue
			}
			fmt.Fprintf(&b, " %.1f× |", w.Seconds/h.Seconds)
		}
		b.WriteString("\n")
	}
	if w, ok := res.get("real", "weights"); ok {
		heavy, budget := w.Metrics["B-gzip-heaviest"], w.Metrics["B-gzip-budget"]
		fmt.Fprintf(&b, "\nHeaviest page: %s B gzip with its stylesheet and scripts", thousands(heavy))
		if res.Heaviest != "" {
			fmt.Fprintf(&b, " (`%s`)", strings.TrimSuffix(res.Heaviest, "index.html"))
		}
		fmt.Fprintf(&b, "; the budget is %s B, so %s B are left. Median page: %s B gzip.\n",
			thousands(budget), thousands(budget-heavy), thousands(w.Metrics["B-gzip-median"]))
	}
	res.stepsTable(&b)
	if s := res.Suite; s != nil {
		fmt.Fprintf(&b, "\nThe test suite, `go test -count=1 ./...` with `PROTEGE_PUBLIC` set (as `make test` runs it): %.0f s, and %.0f s of CPU (user + system)\nof the go command and every process it started, compilers, tests, Chromium's page processes and Java included.\n",
			s.Seconds, s.Metrics["cpu-s"])
	}
	return b.String()
}

// samples says how many runs each figure is the median of: ", median of 3 runs" (nothing for
// single runs).
func (res *Results) samples() string {
	n := 0
	for _, x := range res.Lines {
		if n == 0 || x.Samples < n {
			n = x.Samples
		}
	}
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(", median of %d runs", n)
}

// stepsTable: where each whole build's time went, step by step (medians of the samples).
func (res *Results) stepsTable(b *strings.Builder) {
	if len(res.Steps) == 0 {
		return
	}
	// The steps before Hugo in a fixed order (check and l10n run beside others, so they may
	// end in any order), then the others as they came.
	names := []string{"check", "kit", "l10n", "hugo"}
	for _, st := range res.Steps {
		for _, n := range st.Names {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	names = slices.DeleteFunc(names, func(n string) bool {
		return !slices.ContainsFunc(res.Steps, func(st *Steps) bool { return slices.Contains(st.Names, n) })
	})
	b.WriteString("\nThe whole builds step by step (seconds, wall clock; `check` runs beside the PDF kit and Hugo, `l10n`\n")
	b.WriteString("beside the PDF kit, the other steps one after the other; the site the previous build replaced is\n")
	b.WriteString("removed beside them all, and `cleanup` is the wait for it at the end):\n\n| build |")
	for _, n := range names {
		fmt.Fprintf(b, " %s |", n)
	}
	b.WriteString("\n|---|")
	for range names {
		b.WriteString("--:|")
	}
	b.WriteString("\n")
	for _, st := range res.Steps {
		fmt.Fprintf(b, "| %s, %s |", siteName(st.Site), map[string]string{"build-cold": "cold", "build-warm": "warm", "build-edit": "one page edited"}[st.Build])
		for _, n := range names {
			if v, ok := st.Seconds[n]; ok {
				fmt.Fprintf(b, " %.2f |", median(v))
			} else {
				b.WriteString(" – |")
			}
		}
		b.WriteString("\n")
	}
}

func siteName(s string) string {
	if n, ok := strings.CutPrefix(s, "generated="); ok {
		n, _ = strings.CutSuffix(n, "x3")
		v, _ := strconv.ParseFloat(n, 64)
		return "generated " + thousands(v) + " × 3"
	}
	return s + " site"
}

// thousands writes a rounded number with a comma every three digits: 12,345.
func thousands(v float64) string {
	s := strconv.FormatInt(int64(v+0.5), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Replace puts table between the markers of a README.
func Replace(readme []byte, table string) ([]byte, error) {
	begin := bytes.Index(readme, []byte(BeginMarker))
	end := bytes.Index(readme, []byte(EndMarker))
	if begin < 0 || end < begin {
		return nil, fmt.Errorf("no %q … %q lines", BeginMarker, EndMarker)
	}
	var out bytes.Buffer
	out.Write(readme[:begin+len(BeginMarker)])
	out.WriteString("\n" + table)
	out.Write(readme[end:])
	return out.Bytes(), nil
}

// WriteReadme parses benchmark output and rewrites the table of the README file.
func WriteReadme(bench io.Reader, readme string) error {
	res, err := Parse(bench)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	updated, err := Replace(old, res.Table())
	if err != nil {
		return fmt.Errorf("%s: %w", readme, err)
	}
	return os.WriteFile(readme, updated, 0o644)
}
