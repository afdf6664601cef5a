package workers

import (
	"sync/atomic"
	"testing"
)

// TestEach: every index runs exactly once, whatever the number of workers (none, fewer or
// more than the items), and no more goroutines than w work at once.
func TestEach(t *testing.T) {
	for _, tc := range []struct{ n, w int }{{0, 0}, {1, 0}, {10, 1}, {10, 3}, {3, 10}, {100, -1}} {
		seen := make([]int32, tc.n)
		var busy, most atomic.Int32
		Each(tc.n, tc.w, func(i int) {
			b := busy.Add(1)
			for {
				m := most.Load()
				if b <= m || most.CompareAndSwap(m, b) {
					break
				}
			}
			atomic.AddInt32(&seen[i], 1)
			busy.Add(-1)
		})
		for i, c := range seen {
			if c != 1 {
				t.Errorf("n=%d w=%d: item %d ran %d times", tc.n, tc.w, i, c)
			}
		}
		if tc.w > 0 && int(most.Load()) > tc.w {
			t.Errorf("n=%d w=%d: %d at once", tc.n, tc.w, most.Load())
		}
	}
}
