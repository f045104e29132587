package pack

import (
	"fmt"
	"sync"

	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// callerKind says what a caller is.
type callerKind int

const (
	// machineCaller is a state machine: its Task states' calls, with its
	// role or their Credentials roles, and its role's trust.
	machineCaller callerKind = iota
	// ecsTargetCaller is an EventBridge rule target or a Scheduler
	// schedule that runs an ECS task with its role.
	ecsTargetCaller
	// starterCaller is an EventBridge rule target or a Scheduler schedule
	// that starts a state machine of the stack.
	starterCaller
	// taskDefCaller is an ECS task definition, whose roles ECS assumes.
	taskDefCaller
)

// caller is a resource of the stack that AWS makes requests for, and what
// a violation is filed on. Its requests are gathered and decided once,
// on first use; the policies only select and render them.
type caller struct {
	kind       callerKind
	urn, label string
	machine    *stackmodel.Machine // machineCaller; starterCaller: the machine it starts
	starter    *stackmodel.Starter // ecsTargetCaller, starterCaller
	taskDef    *stackmodel.TaskDef // taskDefCaller
	// roleLabel names the caller's own role ("its role" before it is
	// resolved, or for a task definition).
	roleLabel string

	once sync.Once
	// reqs are the caller's requests, deduplicated, decided, in a stable
	// order; open says what could not be read at all, one sentence each.
	reqs []*request
	open []string
	// done is set once reqs are in: a panic while gathering leaves it
	// unset, and the policies that read the caller say so.
	done bool
}

// newCallers lists the stack's callers: each state machine, each target
// or schedule that runs an ECS task or starts a state machine of the
// stack, each task definition; in stack order within each kind.
func (s *stack) newCallers() []*caller {
	var out []*caller
	for _, m := range s.Machines {
		out = append(out, &caller{kind: machineCaller, urn: m.Resource.URN, label: m.Label(), machine: m, roleLabel: "its role"})
	}
	for _, sr := range s.Starters {
		c := &caller{urn: sr.Resource.URN, label: sr.Label(), starter: sr, roleLabel: "its role"}
		switch m, _ := s.TargetMachine(sr); {
		case sr.ECS != nil:
			c.kind = ecsTargetCaller
		case m != nil:
			c.kind, c.machine = starterCaller, m
		default:
			continue
		}
		out = append(out, c)
	}
	for _, td := range s.TaskDefs {
		out = append(out, &caller{kind: taskDefCaller, urn: td.Resource.URN, label: td.Label(), taskDef: td})
	}
	return out
}

// requests returns the caller's requests, gathered and decided on first
// use.
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

// callerURN returns the URN of the i-th caller.
func (s *stack) callerURN(i int) string { return s.callers[i].urn }

// page is the AWS page that lists what an ECS caller's role needs.
func (c *caller) page() string {
	if c.kind == ecsTargetCaller {
		return c.starter.ECS.Page()
	}
	// What a state machine role needs to run ECS tasks, PassRole
	// included.
	return integrations.ECSRunTask().Page
}

// hides reports whether the values of the caller's requests must not be
// printed: they come from a secret definition, or are built from a
// secret state machine name.
func (c *caller) hides() bool {
	m := c.machine
	switch c.kind {
	case machineCaller:
		return m.DefinitionKnownness == stackmodel.Secret || m.NameSecret
	case starterCaller:
		return m.NameSecret
	}
	return false
}
