package sitebuild

import (
	"fmt"
	"os"
	"path/filepath"
)

// WithKit makes a build of o take the PDF kit in dir, made by an earlier build, instead of
// making one: the tests about pages and templates change a page or a string and look at
// Hugo's output, which the kit's PDFs do not change; making the kit again (seconds of CPU
// per test) would prove nothing more.
func WithKit(o Options, dir string) Options {
	o.kit = dir
	return o
}

// CachedKit is the PDF kit a build of root left in its cache (CacheDir/materials, one entry).
func CachedKit(root string) (string, error) {
	dir := filepath.Join(CacheDir(root), "materials")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	if len(ents) != 1 {
		return "", fmt.Errorf("%s: %d entries, want 1", dir, len(ents))
	}
	return filepath.Join(dir, ents[0].Name(), "files"), nil
}
