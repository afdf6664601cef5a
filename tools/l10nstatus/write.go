package l10nstatus

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Counts are how many pages of a language are in each state.
func (r *Report) Counts(lang string) map[State]int {
	n := map[State]int{}
	for _, e := range r.Entries {
		n[e.Cells[lang].State]++
	}
	return n
}

// Write prints the status table: one row per translationKey, the Spanish file, then the state
// of each translation; then the i18n keys missing per language (missingKeys, from i18ncheck).
// format is "text" (aligned columns) or "markdown" (a table for a pull request).
func (r *Report) Write(w io.Writer, format string, missingKeys map[string][]string) error {
	src := r.Langs[0]
	header := []string{"translationKey", src}
	header = append(header, r.Langs[1:]...)
	var rows [][]string
	for _, e := range r.Entries {
		row := []string{e.Key}
		if c := e.Cells[src]; c != nil && c.Page != nil {
			row = append(row, c.Page.Rel)
		} else {
			row = append(row, "missing")
		}
		for _, l := range r.Langs[1:] {
			row = append(row, e.Cells[l].Label())
		}
		rows = append(rows, row)
	}
	var sum []string
	for _, l := range r.Langs[1:] {
		n := r.Counts(l)
		sum = append(sum, fmt.Sprintf("%s: %d ok, %d outdated, %d untranslated, %d missing, %d orphan",
			l, n[OK], n[Outdated], n[Untranslated], n[Missing], n[Orphan]))
	}
	var keys []string
	for _, l := range r.Langs {
		if ks := missingKeys[l]; len(ks) > 0 {
			keys = append(keys, fmt.Sprintf("%s: %s", l, strings.Join(ks, ", ")))
		} else {
			keys = append(keys, l+": none")
		}
	}
	note := ""
	if !r.HasGit {
		note = "No git history: outdated translations cannot be detected."
	}

	switch format {
	case "markdown":
		fmt.Fprintf(w, "### Translation status\n\n")
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat(" --- |", len(header)))
		for _, row := range rows {
			cells := make([]string, len(row))
			for i, c := range row {
				if i == 0 || i == 1 {
					c = "`" + c + "`"
				} else if c != "ok" {
					c = "**" + c + "**"
				}
				cells[i] = c
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		fmt.Fprintf(w, "\n%s\n", strings.Join(sum, "  \n"))
		fmt.Fprintf(w, "\n### i18n keys missing\n\n")
		for _, k := range keys {
			fmt.Fprintf(w, "- %s\n", k)
		}
		if note != "" {
			fmt.Fprintf(w, "\n%s\n", note)
		}
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(header, "\t"))
		for _, row := range rows {
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%s\n\ni18n keys missing:\n", strings.Join(sum, "\n"))
		for _, k := range keys {
			fmt.Fprintf(w, "  %s\n", k)
		}
		if note != "" {
			fmt.Fprintf(w, "\n%s\n", note)
		}
	}
	return nil
}
