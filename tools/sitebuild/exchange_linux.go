package sitebuild

import (
	"errors"
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"
)

// exchange swaps the names a and b in one step: renameat2(2) with RENAME_EXCHANGE (Linux 3.15
// and later; ext4, xfs, btrfs, tmpfs and overlayfs support it). At every instant each name
// holds a complete site. A file system that cannot do it answers EINVAL (or ENOSYS on an old
// kernel): the caller then falls back to two renames.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return errExchangeUnsupported
	}
	return err
}

// dieWithParent makes Hugo end with the build: a build killed with SIGKILL must not leave
// Hugo writing into a folder the next build removes.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
