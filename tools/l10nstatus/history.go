package l10nstatus

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Commit is one commit.
type Commit struct {
	Hash string // short hash, as git abbreviates it
	Full string // full hash
	Time time.Time
}

// Date is the commit's date, YYYY-MM-DD (UTC): for people only; no rule compares dates.
func (c Commit) Date() string { return c.Time.UTC().Format("2006-01-02") }

// IsZero reports whether c is no commit (a file never committed, or no git).
func (c Commit) IsZero() bool { return c.Full == "" }

// History is what the outdated rule needs from git: for each content file (path relative to
// the content folder, with slashes: "es/guias/hoteles.md"), the commits that changed it, newest
// first; and the commit graph of HEAD, to tell which commits another one contains. The rule
// reads ancestry only, never dates, so that a rebase or a cherry-pick (new committer dates,
// old author dates) cannot make status, check and the page notice disagree.
type History struct {
	Files   map[string][]Commit
	head    Commit              // HEAD itself
	commits map[string]Commit   // every commit reachable from HEAD, by full hash
	parents map[string][]string // full hash → parents' full hashes

	mu  sync.Mutex // a build's check and translation status share one History
	anc map[string]map[string]bool
}

// Last returns the newest commit that changed a file.
func (h *History) Last(path string) (Commit, bool) {
	if h == nil || len(h.Files[path]) == 0 {
		return Commit{}, false
	}
	return h.Files[path][0], true
}

// Head is HEAD's commit: it contains every commit of the history.
func (h *History) Head() Commit { return h.head }

// Contains reports whether commit a contains commit b: b is a or one of its ancestors.
func (h *History) Contains(a, b string) bool {
	return h.ancestors(a)[b]
}

// ancestors is the set of commits reachable from full (itself included), computed once per commit.
func (h *History) ancestors(full string) map[string]bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s, ok := h.anc[full]; ok {
		return s
	}
	s := map[string]bool{}
	stack := []string{full}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s[c] {
			continue
		}
		s[c] = true
		stack = append(stack, h.parents[c]...)
	}
	if h.anc == nil {
		h.anc = map[string]map[string]bool{}
	}
	h.anc[full] = s
	return s
}

// Resolve finds the commit of HEAD's history that rev names: a full or abbreviated hash (at
// least 4 hex digits, unambiguous). It reports false for a hash that is not in this history
// (mistyped, or rewritten by a rebase).
func (h *History) Resolve(rev string) (Commit, bool) {
	rev = strings.ToLower(strings.TrimSpace(rev))
	if h == nil || len(rev) < 4 || strings.Trim(rev, "0123456789abcdef") != "" {
		return Commit{}, false
	}
	if c, ok := h.commits[rev]; ok {
		return c, true
	}
	var found Commit
	n := 0
	for full, c := range h.commits {
		if strings.HasPrefix(full, rev) {
			found = c
			n++
		}
	}
	return found, n == 1
}

// LoadHistory reads the history of the files under dir (two git calls: the commit graph of
// HEAD, then `git log --name-only` over the folder, much faster than one call per file).
// Merge commits are not counted as changes of a file, like Hugo's GitInfo.
func LoadHistory(dir string) (*History, error) {
	graph, err := gitOut(dir, "log", "--format=%H %h %ct %P", "HEAD")
	if err != nil {
		return nil, err
	}
	files, err := gitOut(dir, "-c", "core.quotePath=false", "log", "--no-merges", "--relative",
		"--name-only", "--format=\x1e%H", "--", ".")
	if err != nil {
		return nil, err
	}
	return parseHistory(graph, files)
}

func gitOut(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// parseHistory reads `git log --format=%H %h %ct %P` (graph) and
// `git log --name-only --format=%x1e%H` (files).
func parseHistory(graph, files []byte) (*History, error) {
	h := &History{Files: map[string][]Commit{}, commits: map[string]Commit{}, parents: map[string][]string{}}
	for line := range strings.Lines(string(graph)) {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		sec, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("git log: unexpected line %q", strings.TrimSpace(line))
		}
		h.commits[f[0]] = Commit{Full: f[0], Hash: f[1], Time: time.Unix(sec, 0).UTC()}
		if h.head.IsZero() {
			h.head = h.commits[f[0]]
		}
		h.parents[f[0]] = f[3:]
	}
	var cur Commit
	sc := bufio.NewScanner(bytes.NewReader(files))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if full, ok := strings.CutPrefix(line, "\x1e"); ok {
			c, known := h.commits[full]
			if !known {
				return nil, fmt.Errorf("git log: commit %s is not in the history of HEAD", full)
			}
			cur = c
			continue
		}
		if line == "" || cur.Full == "" {
			continue
		}
		h.Files[line] = append(h.Files[line], cur)
	}
	return h, sc.Err()
}
