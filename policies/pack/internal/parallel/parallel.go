// Package parallel runs independent jobs of a few microseconds each on
// several goroutines, and raises a job's panic on the caller, where the
// policy pack's guard turns it into a violation.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers runs job(i) for every i in [0, n) on at most workers
// goroutines and waits for them. Each worker claims the next index with an
// atomic counter: no channel hand-off, which for jobs of a few
// microseconds costs more than the jobs, and no closure per job.
//
// A panic in a job (a bug) stops its worker and is raised again on the
// calling goroutine once every worker has stopped, where the policy's
// guard reports it: a panic on another goroutine would kill the pack.
func Workers(n, workers int, job func(i int)) {
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		for i := range n {
			job(i)
		}
		return
	}
	var next atomic.Int64
	var mu sync.Mutex
	var panicked any
	run := func() {
		defer func() {
			if p := recover(); p != nil {
				mu.Lock()
				if panicked == nil {
					panicked = p
				}
				mu.Unlock()
			}
		}()
		for {
			i := next.Add(1) - 1
			if i >= int64(n) {
				return
			}
			job(int(i))
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run()
		}()
	}
	run() // the calling goroutine is one of the workers
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}

// For runs job(i) for every i in [0, n) on as many goroutines as Go may
// run at once (GOMAXPROCS), as Workers does.
func For(n int, job func(i int)) { Workers(n, runtime.GOMAXPROCS(0), job) }
