package cli

import (
	"flag"
	"fmt"
	"os"

	"protege/tools/bench"
)

func runBenchTable(args []string, env Env) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := flag.NewFlagSet("bench-table", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "build/bench.txt", "benchmark output")
	readme := fs.String("readme", "README.md", "the file whose table, between the bench markers, is rewritten")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	f, err := os.Open(*in)
	if err != nil {
		fmt.Fprintf(stderr, "bench-table: %v\n", err)
		return 1
	}
	defer f.Close()
	if err := bench.WriteReadme(f, *readme); err != nil {
		fmt.Fprintf(stderr, "bench-table: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "bench-table: wrote the performance table of %s\n", *readme)
	return 0
}
