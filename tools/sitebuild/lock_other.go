//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package sitebuild

import (
	"os"
	"path/filepath"
)

// tryLock, where flock(2) does not exist, creates a marker file next to the lock file that
// only one process can create; a build killed without cleaning up leaves it, and the message
// names it (delete it when no build runs).
func tryLock(f *os.File) error {
	m, err := os.OpenFile(marker(f), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if os.IsExist(err) {
		return errBusy
	}
	if err != nil {
		return err
	}
	return m.Close()
}

func unlock(f *os.File) { os.Remove(marker(f)) }

func marker(f *os.File) string { return filepath.Join(filepath.Dir(f.Name()), "build.lock.held") }
