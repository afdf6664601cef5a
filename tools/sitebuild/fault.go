package sitebuild

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Stages are the points of a build where PROTEGE_BUILD_PAUSE can hold it: after the lock is
// taken and the temporary folder made, after the PDF kit, after Hugo, after the After stages
// (verify, precompress), and after the swap.
var Stages = []string{"lock", "materials", "hugo", "verify", "swap"}

// PauseEnv names a stage at which the build stops and waits for a line on standard input (or
// for its context to end): fault tests kill a build at a known stage with it, and anyone can
// try an interruption by hand, e.g. PROTEGE_BUILD_PAUSE=hugo make build, then Ctrl-C.
const PauseEnv = "PROTEGE_BUILD_PAUSE"

// pauseIn is read for the line that ends a pause.
var pauseIn io.Reader = os.Stdin

func pause(ctx context.Context, stage string, w io.Writer) error {
	if os.Getenv(PauseEnv) != stage {
		return nil
	}
	if w == nil {
		w = os.Stderr
	}
	fmt.Fprintf(w, "build: paused at stage %s (%s); press Enter to go on\n", stage, PauseEnv)
	done := make(chan struct{})
	go func() {
		bufio.NewReader(pauseIn).ReadString('\n')
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SignalContext is cancelled by SIGINT or SIGTERM, so that a build stopped by Ctrl-C or by
// its supervisor removes its temporary folder and leaves the previous site in place. The
// signal caught is returned by Caught once the context is done.
func SignalContext(parent context.Context) (ctx context.Context, caught func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	var got os.Signal
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case got = <-ch:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, func() os.Signal { <-done; return got }, func() {
		signal.Stop(ch)
		cancel()
		<-done
	}
}
