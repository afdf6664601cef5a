package l10nstatus

import (
	"fmt"
	"io"
	"os/exec"
	"path"
	"strings"
)

// Diff prints, for the translation page names (its file, "content/en/guides/hotels.md" or
// "en/guides/hotels.md", or a translationKey for all its translations; a Spanish file stands for
// its translations), the changes of the Spanish source since the commit the translation was
// checked against: what a translator has to carry over (the Kubernetes website's lsync).
// contentDir is the content folder, inside the git work tree.
func (r *Report) Diff(w io.Writer, contentDir, page string) error {
	want := strings.TrimPrefix(path.Clean(strings.ReplaceAll(page, `\`, "/")), "content/")
	src := r.Langs[0]
	found := false
	for _, e := range r.Entries {
		es := e.Cells[src]
		for _, l := range r.Langs[1:] {
			c := e.Cells[l]
			match := e.Key == page || (c.Page != nil && l+"/"+c.Page.Rel == want) ||
				(es != nil && es.Page != nil && src+"/"+es.Page.Rel == want)
			if !match || c.Page == nil {
				continue
			}
			found = true
			if err := r.diffOne(w, contentDir, e, l); err != nil {
				return err
			}
		}
	}
	if !found {
		return fmt.Errorf("no translation %q: give a translation's file (content/en/…), a Spanish file or a translationKey", page)
	}
	return nil
}

func (r *Report) diffOne(w io.Writer, contentDir string, e *Entry, lang string) error {
	c, es := e.Cells[lang], e.Cells[r.Langs[0]]
	name := "content/" + lang + "/" + c.Page.Rel
	switch {
	case c.State == Orphan:
		fmt.Fprintf(w, "%s: no Spanish page with translationKey %q\n\n", name, e.Key)
		return nil
	case !r.HasGit:
		fmt.Fprintf(w, "%s: no git history: the Spanish changes cannot be shown\n\n", name)
		return nil
	case c.Checked.IsZero():
		fmt.Fprintf(w, "%s: not committed yet: it was written from the current Spanish text\n\n", name)
		return nil
	}
	by := "this page's last change"
	if c.BySourceChecked {
		by = "sourceChecked"
	}
	spanish := r.Langs[0] + "/" + es.Page.Rel
	if c.State != Outdated {
		fmt.Fprintf(w, "%s: %s; up to date with content/%s (checked against %s, %s, by %s)\n\n", name, c.State, spanish, c.Checked.Hash, c.Checked.Date(), by)
		return nil
	}
	fmt.Fprintf(w, "%s: outdated: content/%s has %d commit(s) that %s (%s, %s) does not contain; the Spanish changes since then:\n\n", name, spanish, c.Behind, c.Checked.Hash, c.Checked.Date(), by)
	cmd := exec.Command("git", "-C", contentDir, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", c.Checked.Full, "HEAD", "--", spanish)
	cmd.Stdout = w
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git diff: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	fmt.Fprintf(w, "\nWhen the translation is up to date, commit it; if these changes need no translation, record \"sourceChecked: %s\" in %s.\n\n", c.Suggest.Hash, name)
	return nil
}
