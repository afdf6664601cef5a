//go:build !linux && !darwin

package sitebuild

import "os/exec"

// exchange is not available here: the caller falls back to two renames, and the next build
// puts the previous site back if a crash fell between them.
func exchange(a, b string) error { return errExchangeUnsupported }

func dieWithParent(*exec.Cmd) {}
