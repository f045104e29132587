package stackmodel

import "batchpipeline/policies/pack/internal/parallel"

// warm parses every state machine definition and the IAM documents of the
// roles the policies evaluate up front, spread over the available CPUs. Parsing JSON is most of
// the cost of an analysis and each item is independent; the policies then
// only read. Each parse recovers its own panics (Machine.parse,
// docContent.get), so no worker can crash the pack. Documents of the same
// text are parsed once: a stack's trust policies are mostly a few texts
// repeated (BENCHMARKS.md).
func (s *Stack) warm() {
	var jobs []func()
	for _, m := range s.Machines {
		jobs = append(jobs, m.parse)
	}
	type text struct {
		raw    string
		secret bool
	}
	seen := map[*docContent]struct{}{}
	same := map[text][]*docContent{}
	addDoc := func(d *Document) {
		if d == nil || !d.content.pending {
			return
		}
		if _, ok := seen[d.content]; ok {
			return
		}
		seen[d.content] = struct{}{}
		c := d.content
		k := text{c.raw, c.secret}
		if len(same[k]) == 0 {
			jobs = append(jobs, func() {
				c.get()
				for _, o := range same[k][1:] {
					o.copyOf(c)
				}
			})
		}
		same[k] = append(same[k], c)
	}
	// Only the roles a policy evaluates: those of the state machines and
	// of what starts them. Other documents parse on first use, if ever.
	var roles []*Role
	for _, m := range s.Machines {
		roles = append(roles, s.ResolveRole(m.Role).Role)
	}
	for _, sr := range s.Starters {
		roles = append(roles, s.ResolveRole(sr.Role).Role)
	}
	for _, td := range s.TaskDefs {
		// Their trust policies only (ECS assumes them).
		for _, ref := range []ARNRef{td.ExecutionRole, td.TaskRole} {
			if ro := s.ResolveRole(ref).Role; ro != nil {
				addDoc(ro.Trust)
			}
		}
	}
	for _, ro := range roles {
		if ro == nil {
			continue
		}
		for _, d := range ro.Sources {
			addDoc(d)
		}
		addDoc(ro.Boundary)
		addDoc(ro.Trust)
	}
	parallel.For(len(jobs), func(i int) { jobs[i]() })
}
