package verify

import (
	"fmt"
	"io"
	"slices"

	"protege/tools/diag"
)

// Heaviest is how many pages the weight table lists.
const Heaviest = 10

// MedianGzip is the median of the pages' gzip weights (HTML + CSS + JS), in bytes.
func (r *Report) MedianGzip() int { return median(r.Weights, func(w Weight) int { return w.Gzip }) }

// MedianTotal is the median of the pages' uncompressed weights, in bytes.
func (r *Report) MedianTotal() int { return median(r.Weights, func(w Weight) int { return w.Total }) }

func median(ws []Weight, f func(Weight) int) int {
	if len(ws) == 0 {
		return 0
	}
	v := make([]int, len(ws))
	for i, w := range ws {
		v[i] = f(w)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// WriteTable writes the heaviest pages as a Markdown table, then the medians.
func (r *Report) WriteTable(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("Heaviest pages (gzip -9 of each file; budget %d bytes gzip, %d bytes uncompressed):\n\n", r.BudgetHTMLGzip, r.BudgetTotal)
	ew.printf("| # | page | HTML gz | CSS gz | JS gz | total gz | uncompressed |\n")
	ew.printf("|--:|------|--------:|-------:|------:|---------:|-------------:|\n")
	for i, x := range r.Weights[:min(Heaviest, len(r.Weights))] {
		ew.printf("| %d | %s | %d | %d | %d | %d | %d |\n", i+1, x.Page, x.HTML, x.CSS, x.JS, x.Gzip, x.Total)
	}
	ew.printf("\nMedian of %d pages: %d bytes gzip, %d bytes uncompressed.\n", len(r.Weights), r.MedianGzip(), r.MedianTotal())
	return ew.err
}

// WriteText writes every problem, then the table, then a one-line verdict.
func (r *Report) WriteText(w io.Writer) error {
	if err := diag.Write(w, r.Diagnostics, false); err != nil {
		return err
	}
	if len(r.Diagnostics) > 0 {
		fmt.Fprintln(w)
	}
	if err := r.WriteTable(w); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, r.verdict())
	return err
}

func (r *Report) verdict() string {
	n := 0
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error {
			n++
		}
	}
	if n == 0 {
		return fmt.Sprintf("verify: %d pages checked (base URL %s): no problem.", r.Pages, r.BaseURL)
	}
	return fmt.Sprintf("verify: %d pages checked (base URL %s): %d problems.", r.Pages, r.BaseURL, n)
}

// WriteMarkdown writes the report as a Markdown document (the -report file).
func (r *Report) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("# Verify report\n\n%s\n\n", r.verdict())
	if len(r.Diagnostics) > 0 {
		ew.printf("## Problems\n\n```\n")
		for _, d := range r.Diagnostics {
			ew.printf("%s\n", d)
		}
		ew.printf("```\n\n")
	}
	ew.printf("## Weight\n\n")
	if ew.err != nil {
		return ew.err
	}
	return r.WriteTable(w)
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
