package bench

import (
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// adoptOrphans makes this process the subreaper of everything it starts: a process whose
// parent exits before it does (Chromium's page processes, when the browser process ends
// first) is handed to this process instead of to init, so reapOrphans can wait for it and its
// CPU time counts in this process's RUSAGE_CHILDREN.
func adoptOrphans() error { return unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) }

// reapOrphans waits (at most limit) for the processes adopted by adoptOrphans to end.
func reapOrphans(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		switch {
		case errors.Is(err, syscall.ECHILD):
			return nil // none left
		case errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return err
		case pid == 0 && time.Now().After(deadline):
			return errors.New("processes started by the tests were still running")
		case pid == 0:
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// childrenCPU is the CPU time (user + system) of every waited-for descendant.
func childrenCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestOrphansCounted: the CPU time of a process whose parent ended first counts in
// childrenCPU once reapOrphans has waited for it (as Chromium's page processes do in
// BenchmarkSuite).
func TestOrphansCounted(t *testing.T) {
	if err := adoptOrphans(); err != nil {
		t.Fatal(err)
	}
	// The shell starts a loop in the background and exits at once. The loop's work is fixed,
	// not its duration, so it costs the same CPU however busy the machine: measured first as
	// an ordinary child.
	loop := exec.Command("sh", "-c", `i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done`)
	if err := loop.Run(); err != nil {
		t.Fatal(err)
	}
	work := loop.ProcessState.UserTime() + loop.ProcessState.SystemTime()
	if work < 50*time.Millisecond {
		t.Fatalf("the loop took %v of CPU: too little to measure; make it longer", work)
	}
	before := childrenCPU()
	cmd := exec.Command("sh", "-c", `sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done' >/dev/null 2>&1 & exit 0`)
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if own := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(); own > 100*time.Millisecond {
		t.Fatalf("the parent shell itself used %v: the test cannot tell its orphan's time from its own", own)
	}
	if err := reapOrphans(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	if got := childrenCPU() - before; got < work*3/4 {
		t.Errorf("the orphaned loop counted %v of CPU, want about %v (what it took as a child)", got, work)
	}
}
