package pack

import "fmt"

// requests returns the caller's requests, gathered and decided on first
// use: the one path every source of requests takes, gathered once
// (gather.go), each decided once (decide.go), then read by every policy.
func (s *stack) requests(c *caller) []*request {
	c.once.Do(func() {
		s.gather(c)
		for _, r := range c.reqs {
			r.verdict = s.decide(r)
		}
		c.done = true
	})
	if !c.done {
		// Gathering panicked in the policy that ran first (and was
		// reported there); say so here too rather than guess.
		panic(fmt.Sprintf("the requests of %s could not be gathered", c.label))
	}
	return c.reqs
}
