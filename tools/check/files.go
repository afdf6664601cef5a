package check

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"protege/tools/content"
	"protege/tools/diag"
	"protege/tools/textfile"
)

// Inputs are the folders and files of text the build reads, with the name endings checked
// for UTF-8 in each.
var Inputs = []struct {
	Path string
	Exts []string
}{
	{ContentDir, []string{".yaml", ".yml", ".toml", ".json"}}, // .md: content.Load
	{I18nDir, []string{".toml"}},
	{LayoutsDir, []string{".html", ".xml", ".txt", ".json", ".svg"}},
	{"site", []string{"hugo.toml"}},
	{"assets", []string{".css", ".js", ".svg"}},
}

// checkEncoding reports every input file that is not valid UTF-8, at the first bad byte.
func checkEncoding(root string) ([]diag.Diagnostic, error) {
	var ds []diag.Diagnostic
	for _, in := range Inputs {
		dir := filepath.Join(root, filepath.FromSlash(in.Path))
		exts := in.Exts
		if in.Path == "site" { // hugo.toml alone; layouts/ is checked above
			b, err := os.ReadFile(filepath.Join(dir, "hugo.toml"))
			if err != nil {
				continue
			}
			if d := textfile.UTF8("site/hugo.toml", b); d != nil {
				ds = append(ds, *d)
			}
			continue
		}
		tds, err := textfile.CheckTree(dir, in.Path, exts)
		if err != nil {
			return nil, err
		}
		ds = append(ds, tds...)
	}
	return ds, nil
}

// checkNames reports every content file or folder whose name Hugo would rewrite in the page's
// address (spaces, capitals, accents…) or that is reserved; see content.CheckSlug.
func checkNames(site *content.Site) []diag.Diagnostic {
	var ds []diag.Diagnostic
	seen := map[string]bool{}
	for _, p := range site.Pages {
		parts := strings.Split(strings.TrimSuffix(p.Rel, ".md"), "/")
		for i, part := range parts {
			if i == len(parts)-1 && part == "_index" {
				continue
			}
			where := path.Join(append([]string{ContentDir, p.Lang}, parts[:i+1]...)...)
			if i == len(parts)-1 {
				where += ".md"
			}
			if seen[where] {
				continue
			}
			seen[where] = true
			if msg := content.CheckSlug(part); msg != "" {
				kind := "file name"
				if i < len(parts)-1 {
					kind = "folder name"
				}
				ds = append(ds, diag.Errorf(where, 1, 0, "%s %s; rename it with git mv", kind, msg))
			}
		}
	}
	return ds
}

// windowsReserved are the device names Windows will not store as a file name, with or
// without an extension ("con.md" too).
var windowsReserved = []string{"con", "prn", "aux", "nul",
	"com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "com¹", "com²", "com³",
	"lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³"}

// PortableName says why a file or folder name cannot be checked out on Windows or macOS, or
// returns "".
func PortableName(name string) string {
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f:
			return fmt.Sprintf("the control character U+%04X", r)
		case strings.ContainsRune(`<>:"|?*\`, r):
			return fmt.Sprintf("the character %q, which Windows reserves", r)
		}
	}
	base, _, _ := strings.Cut(strings.ToLower(name), ".")
	switch {
	case slices.Contains(windowsReserved, strings.TrimRight(base, " ")):
		return fmt.Sprintf("the device name %q, which Windows reserves (with any extension)", strings.ToUpper(base))
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, " "):
		return "a trailing dot or space, which Windows drops"
	}
	return ""
}

// checkPaths reports every file of the repository (tracked by git when root is a git
// checkout, otherwise every file under root but build output) whose path Windows or macOS
// cannot store, and paths that differ only by case or Unicode normalisation (one file on the
// case-insensitive file systems of both).
func checkPaths(root string, useGit bool) ([]diag.Diagnostic, error) {
	files, err := listFiles(root, useGit)
	if err != nil {
		return nil, err
	}
	var ds []diag.Diagnostic
	folded := map[string]string{}
	reported := map[string]bool{}
	for _, f := range files {
		parts := strings.Split(f, "/")
		for i, part := range parts {
			prefix := strings.Join(parts[:i+1], "/")
			if msg := PortableName(part); msg != "" && !reported[prefix] {
				reported[prefix] = true
				ds = append(ds, diag.Errorf(prefix, 0, 0, "this name contains %s: Git for Windows cannot check the repository out; rename or remove it (git mv, git rm)", msg))
			}
			key := norm.NFC.String(strings.ToLower(prefix))
			if other, ok := folded[key]; ok && other != prefix && !reported[prefix] {
				reported[prefix] = true
				how := "only by case"
				if !strings.EqualFold(other, prefix) {
					how = "only by how an accent is encoded (composed or decomposed Unicode)"
				}
				ds = append(ds, diag.Errorf(prefix, 0, 0, "differs from %s %s: Windows and macOS store them as one file; rename one of them", other, how))
			} else if !ok {
				folded[key] = prefix
			}
		}
	}
	return ds, nil
}

// listFiles lists the repository's files, with slashes, relative to root.
func listFiles(root string, useGit bool) ([]string, error) {
	if useGit {
		cmd := exec.Command("git", "ls-files", "-z")
		cmd.Dir = root
		if out, err := cmd.Output(); err == nil {
			var files []string
			for _, f := range bytes.Split(out, []byte{0}) {
				if len(f) > 0 {
					files = append(files, string(f))
				}
			}
			slices.Sort(files)
			return files, nil
		}
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			switch {
			case rel == ".":
				return nil
			case slices.Contains([]string{".git", "build", "public", "node_modules", "test-artifacts", "site/resources"}, rel),
				strings.HasPrefix(d.Name(), ".public."):
				return filepath.SkipDir
			}
			return nil
		}
		files = append(files, rel)
		return nil
	})
	slices.Sort(files)
	return files, err
}

// dropEncodingEchoes removes, for every file reported as not UTF-8, the other parsers'
// complaints about its bytes ("invalid UTF-8 character in basic string", "invalid trailing
// UTF-8 octet"): the encoding error says it, at the right place.
func dropEncodingEchoes(ds []diag.Diagnostic) []diag.Diagnostic {
	bad := map[string]bool{}
	for _, d := range ds {
		if strings.HasSuffix(d.Message, textfile.SaveAgain) {
			bad[d.Path] = true
		}
	}
	out := ds[:0]
	for _, d := range ds {
		if bad[d.Path] && !strings.HasSuffix(d.Message, textfile.SaveAgain) && strings.Contains(strings.ToLower(d.Message), "utf-8") {
			continue
		}
		out = append(out, d)
	}
	return out
}
