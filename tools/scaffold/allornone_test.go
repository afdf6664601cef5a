package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A file that cannot be written (a full disk, a name the file system refuses) removes the
// files already written: all three or none.
func TestCreateAllOrNone(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(filepath.Join("..", "check", "testdata", "base"))); err != nil {
		t.Fatal(err)
	}
	defer func(f func(string) (*os.File, error)) { openNew = f }(openNew)
	real := openNew
	openNew = func(p string) (*os.File, error) {
		if strings.Contains(p, filepath.Join("content", "fr")) {
			return nil, errors.New("no space left on device")
		}
		return real(p)
	}
	paths, err := Create(Options{Root: root, Langs: []string{"es", "en", "fr"}, Section: "guias", Key: "guide-museums",
		Today:  time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		Slugs:  map[string]string{"es": "museos", "en": "museums", "fr": "musees"},
		Titles: map[string]string{"es": "Museos", "en": "Museums", "fr": "Musées"}})
	if err == nil || !strings.Contains(err.Error(), "nothing was created") {
		t.Fatalf("err = %v, want a failure saying nothing was created", err)
	}
	if len(paths) != 0 {
		t.Errorf("returned %v", paths)
	}
	for _, p := range []string{"content/es/guias/museos.md", "content/en/guides/museums.md"} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			t.Errorf("%s was left behind", p)
		}
	}
}
