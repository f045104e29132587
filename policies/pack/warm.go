package pack

import (
	"runtime"
	"sync"
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
	parallel(jobs, runtime.GOMAXPROCS(0))
}

// parallel runs jobs on at most workers goroutines and waits for them.
func parallel(jobs []func(), workers int) {
	if workers > len(jobs) {
		workers = len(jobs)
	}
	if workers <= 1 {
		for _, j := range jobs {
			j()
		}
		return
	}
	next := make(chan func())
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				j()
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}
