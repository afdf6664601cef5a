package l10nstatus

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Commit is one commit that changed a file.
type Commit struct {
	Hash string // short hash
	Time time.Time
}

// Date is the commit's date, YYYY-MM-DD (UTC).
func (c Commit) Date() string { return c.Time.UTC().Format("2006-01-02") }

// History holds, for each file (path relative to the content folder, with slashes:
// "es/guias/hoteles.md"), the commits that changed it, newest first.
type History map[string][]Commit

// Last returns the newest commit of a file.
func (h History) Last(path string) (Commit, bool) {
	cs := h[path]
	if len(cs) == 0 {
		return Commit{}, false
	}
	return cs[0], true
}

// LoadHistory reads the history of every file under dir with a single git call (one
// `git log --name-only` over the folder is much faster than one call per file). Merge commits
// are skipped, like Hugo's GitInfo; the time is the committer date.
func LoadHistory(dir string) (History, error) {
	cmd := exec.Command("git", "-c", "core.quotePath=false", "-C", dir, "log", "--no-merges",
		"--relative", "--name-only", "--format=\x1e%h %ct", "--", ".")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git log: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return parseLog(out)
}

// parseLog reads the output of `git log --name-only --format=%x1e%h %ct`.
func parseLog(out []byte) (History, error) {
	h := History{}
	var cur Commit
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "\x1e"); ok {
			hash, ts, _ := strings.Cut(rest, " ")
			sec, err := strconv.ParseInt(ts, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("git log: unexpected line %q", line)
			}
			cur = Commit{Hash: hash, Time: time.Unix(sec, 0).UTC()}
			continue
		}
		if line == "" || cur.Hash == "" {
			continue
		}
		h[line] = append(h[line], cur)
	}
	return h, sc.Err()
}
