package cli

import (
	"flag"
	"fmt"
	"io"
	"os"

	"protege/tools/bench"
)

func init() {
	Register("bench-table", Command{
		Summary: "write the README's performance table from `go test -bench Stages` output (make bench)",
		Run:     runBenchTable,
	})
}

func runBenchTable(args []string, stdout, stderr io.Writer) int {
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
