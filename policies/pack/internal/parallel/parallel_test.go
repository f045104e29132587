package parallel

import (
	"fmt"
	"sync/atomic"
	"testing"
)

// TestParallelRunsEachJobOnce checks that Workers calls job(i) exactly
// once for every i, whatever the number of workers.
func TestParallelRunsEachJobOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 1000} {
		for _, workers := range []int{0, 1, 2, 8} {
			t.Run(fmt.Sprintf("n=%d/workers=%d", n, workers), func(t *testing.T) {
				runs := make([]atomic.Int32, n)
				Workers(n, workers, func(i int) { runs[i].Add(1) })
				for i := range runs {
					if got := runs[i].Load(); got != 1 {
						t.Fatalf("job %d ran %d times, want 1", i, got)
					}
				}
			})
		}
	}
}

// TestParallelRaisesAPanicOnTheCaller checks that a panic in a job reaches
// the calling goroutine, where a policy's guard can report it, instead of
// killing the process on a worker goroutine.
func TestParallelRaisesAPanicOnTheCaller(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			defer func() {
				if p := recover(); p != "job 7" {
					t.Errorf("recovered %v, want the job's panic", p)
				}
			}()
			Workers(100, workers, func(i int) {
				if i == 7 {
					panic(fmt.Sprintf("job %d", i))
				}
			})
			t.Error("Workers returned normally")
		})
	}
}
