package pack

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// warm parses every state machine definition and the IAM documents of the
// roles the policies evaluate up front, spread over the available CPUs. Parsing JSON is most of
// the cost of an analysis and each item is independent; the policies then
// only read. Each parse recovers its own panics (machine.parse,
// docContent.get), so no worker can crash the pack.
func (s *stack) warm() {
	var jobs []func()
	for _, m := range s.machines {
		jobs = append(jobs, m.parse)
	}
	seen := map[*docContent]struct{}{}
	addDoc := func(d *docSource) {
		if d == nil || !d.content.pending {
			return
		}
		if _, ok := seen[d.content]; ok {
			return
		}
		seen[d.content] = struct{}{}
		c := d.content
		jobs = append(jobs, func() { c.get() })
	}
	// Only the roles a policy evaluates: those of the state machines and
	// of what starts them. Other documents parse on first use, if ever.
	var roles []*role
	for _, m := range s.machines {
		roles = append(roles, s.resolveRole(m.role).role)
	}
	for _, st := range s.starters {
		roles = append(roles, s.resolveRole(st.role).role)
	}
	for _, ro := range roles {
		if ro == nil {
			continue
		}
		for _, d := range ro.sources {
			addDoc(d)
		}
		addDoc(ro.boundary)
	}
	parallel(len(jobs), workers(), func(i int) { jobs[i]() })
}

// parallel runs job(i) for every i in [0, n) on at most workers
// goroutines and waits for them. Each worker claims the next index with an
// atomic counter: no channel hand-off, which for jobs of a few
// microseconds costs more than the jobs, and no closure per job.
//
// A panic in a job (a bug) stops its worker and is raised again on the
// calling goroutine once every worker has stopped, where the policy's
// guard reports it: a panic on another goroutine would kill the pack.
func parallel(n, workers int, job func(i int)) {
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

// workers is how many goroutines the index and the checks spread over.
func workers() int { return runtime.GOMAXPROCS(0) }
