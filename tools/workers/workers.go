// Package workers runs the same work on many items on every core, with results in a fixed
// order: each call writes only to its own index, so the output does not depend on the
// scheduling.
package workers

import (
	"runtime"
	"sync"
)

// Each runs f(0) … f(n-1) on w goroutines (w <= 0: one per core) and returns when all are done.
func Each(n, w int, f func(i int)) {
	if w <= 0 {
		w = runtime.NumCPU()
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(w, n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
