package sitebuild

import (
	"errors"
	"os/exec"

	"golang.org/x/sys/unix"
)

// exchange swaps the names a and b in one step: renamex_np(2) with RENAME_SWAP (APFS and
// HFS+ since macOS 10.12). A file system that cannot do it answers ENOTSUP: the caller then
// falls back to two renames.
func exchange(a, b string) error {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EINVAL) {
		return errExchangeUnsupported
	}
	return err
}

func dieWithParent(*exec.Cmd) {}
