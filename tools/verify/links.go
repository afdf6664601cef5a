package verify

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wjdp/htmltest/htmltest"
	"github.com/wjdp/htmltest/issues"
)

// htmltestOptions is the configuration given to htmltest (the same keys as its .htmltest.yml):
// internal links, anchors, images, scripts and meta refresh targets; external links are not
// fetched (the build has no network, and the sources are checked by people, with dates).
func htmltestOptions(dir, logDir string) map[string]any {
	return map[string]any{
		"DirectoryPath":     dir,
		"CheckDoctype":      true,
		"EnforceHTML5":      true,
		"CheckAnchors":      true,
		"CheckLinks":        true,
		"CheckImages":       true,
		"CheckScripts":      true,
		"CheckMeta":         true,
		"CheckGeneric":      true,
		"CheckExternal":     false,
		"CheckInternal":     true,
		"CheckInternalHash": true,
		"CheckMailto":       true,
		"CheckTel":          true,
		"CheckFavicon":      false,
		"CheckMetaRefresh":  true,
		"IgnoreAltEmpty":    true, // alt="" marks a decorative image
		"EnableCache":       false,
		"EnableLog":         true,
		"OutputDir":         logDir,
		"OutputLogFile":     "htmltest.log",
		"LogLevel":          issues.LevelError,
		"LogSort":           "none", // nothing on stdout: the issues are read from the log
	}
}

// checkLinks runs htmltest over the site and turns its issues into diagnostics. With a base
// URL below the host's root (https://host/sub/), links read /sub/…: htmltest then runs on a
// mirror of the site placed under sub/ (folders recreated, files symlinked).
func (s *site) checkLinks() (err error) {
	tmp, err := os.MkdirTemp("", "protege-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	root := s.dir
	mount := strings.Trim(s.prefix, "/")
	if mount != "" {
		root = filepath.Join(tmp, "site")
		if err := mirror(s.dir, filepath.Join(root, filepath.FromSlash(mount))); err != nil {
			return err
		}
	}
	logDir := filepath.Join(tmp, "log")
	if err := os.Mkdir(logDir, 0o755); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("htmltest: %v", r)
		}
	}()
	if _, err := htmltest.Test(htmltestOptions(root, logDir)); err != nil {
		return fmt.Errorf("htmltest: %w", err)
	}
	log, err := os.ReadFile(filepath.Join(logDir, "htmltest.log"))
	if err != nil {
		return fmt.Errorf("htmltest log: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(log))
	for sc.Scan() {
		s.linkIssue(sc.Text(), mount)
	}
	return sc.Err()
}

// linkIssue reads one line of htmltest's log: "message --- page --> reference".
func (s *site) linkIssue(line, mount string) {
	msg, rest, ok := strings.Cut(line, " --- ")
	if !ok {
		s.errorf(".", 0, "htmltest: %s", line)
		return
	}
	doc, ref, _ := strings.Cut(rest, " --> ")
	if mount != "" {
		doc = strings.TrimPrefix(doc, mount+"/")
	}
	if ref == "<nil>" {
		ref = ""
	}
	ln := 0
	if p := s.byRel[doc]; p != nil && ref != "" {
		ln = lineOf(p.raw, ref)
	}
	switch msg {
	case "target does not exist":
		s.errorf(doc, ln, "broken link %s: no such page or file in the built site", ref)
	case "hash does not exist":
		if strings.HasPrefix(ref, "#") {
			s.errorf(doc, ln, "broken anchor %s: this page has no element with that id", ref)
		} else {
			s.errorf(doc, ln, "broken anchor %s: the target page has no element with that id", ref)
		}
	case "target is a directory, href lacks trailing slash":
		s.errorf(doc, ln, "link %s: add the trailing slash (the target is a folder)", ref)
	default:
		if ref != "" {
			s.errorf(doc, ln, "%s: %s", ref, msg)
		} else {
			s.errorf(doc, ln, "%s", msg)
		}
	}
}

// lineOf is the line of the first occurrence of needle (an attribute value) in a page, or 0.
func lineOf(raw []byte, needle string) int {
	i := bytes.Index(raw, []byte(needle))
	if i < 0 {
		return 0
	}
	return 1 + bytes.Count(raw[:i], []byte{'\n'})
}

// mirror recreates the folders of src under dst and symlinks every file.
func mirror(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		return os.Symlink(abs, to)
	})
}
