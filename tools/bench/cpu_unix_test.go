//go:build unix

package bench

import (
	"syscall"
	"time"
)

// cpuTime is the user and system time of this process and of its finished children.
func cpuTime() time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if syscall.Getrusage(who, &ru) == nil {
			total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return total
}

// settleDisk writes what the file system still holds in memory to the disk (sync), between
// runs and not measured: otherwise the writing back of one run's output (and the freeing of
// a removed folder's blocks) happens during the next run and is counted there.
func settleDisk() { syscall.Sync() }
