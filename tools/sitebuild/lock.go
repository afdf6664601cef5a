package sitebuild

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockFile is the lock of a checkout's builds, relative to the repository root.
const LockFile = "build/build.lock"

// ErrLocked is returned (wrapped, with who holds it) when another build holds the lock.
var ErrLocked = errors.New("another build is running in this checkout")

// BuildLock is a held build lock; Release gives it back. The operating system releases it
// too when the process ends, however it ends (SIGKILL included), so a killed build never
// leaves a lock behind.
type BuildLock struct{ f *os.File }

// Lock takes the build lock of the checkout at root without waiting: two builds in one
// checkout would share its caches and resources and overwrite each other's output. When
// another build holds it, the error names that build (process id, command, start time) and
// says what to do. what describes this build for the next one's message.
func Lock(root, what string) (*BuildLock, error) {
	p := filepath.Join(root, filepath.FromSlash(LockFile))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		holder, _ := os.ReadFile(p)
		f.Close()
		if errors.Is(err, errBusy) {
			h := strings.TrimSpace(string(holder))
			if h == "" {
				h = "a build that has just started"
			}
			return nil, fmt.Errorf("%w: %s holds %s (%s); wait for it to finish or stop it, then build again", ErrLocked, h, p, "held until that process ends")
		}
		return nil, fmt.Errorf("lock %s: %w", p, err)
	}
	host, _ := os.Hostname()
	info := fmt.Sprintf("pid %d on %s, started %s: %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339), what)
	f.Truncate(0)
	f.WriteAt([]byte(info), 0)
	return &BuildLock{f: f}, nil
}

// Release gives the lock back.
func (l *BuildLock) Release() {
	if l == nil || l.f == nil {
		return
	}
	l.f.Truncate(0)
	unlock(l.f)
	l.f.Close()
	l.f = nil
}

var errBusy = errors.New("busy")
