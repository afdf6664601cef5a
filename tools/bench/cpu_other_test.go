//go:build !unix

package bench

import "time"

// cpuTime is not measured here (0).
func cpuTime() time.Duration { return 0 }

// settleDisk: see cpu_unix_test.go; nothing here.
func settleDisk() {}
