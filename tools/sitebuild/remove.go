package sitebuild

import (
	"os"
	"path/filepath"
	"runtime"

	"protege/tools/workers"
)

// removeTree is os.RemoveAll for a large folder (a whole previous site): the folders two
// levels down are removed side by side, as unlinking thousands of files waits on the file
// system more than on the processor, then what is left.
func removeTree(dir string) error {
	var subtrees []string
	top, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	for _, e := range top {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			continue
		}
		inner, err := os.ReadDir(p)
		if err != nil {
			continue
		}
		for _, f := range inner {
			if f.IsDir() {
				subtrees = append(subtrees, filepath.Join(p, f.Name()))
			}
		}
	}
	// What fails here is tried again, and reported, by the RemoveAll below.
	workers.Each(len(subtrees), 4*runtime.NumCPU(), func(i int) { os.RemoveAll(subtrees[i]) })
	return os.RemoveAll(dir)
}
