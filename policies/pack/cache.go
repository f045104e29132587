package pack

import (
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// stackCache shares one stack model between the stack policies of one
// pack during one analysis. policyx's AnalyzeStack makes one PolicyManager
// per call and hands it, with the same resources, to every stack policy in
// turn (policyx server.go), so the manager is the analysis: the first
// policy builds the model, the others reuse it, the next analysis (a new
// manager) replaces it. The cache holds the manager it was built for, so
// that manager lives as long as the model it names; the model is
// read-only once built (documents parse lazily under sync.Once, analyses
// are memoized under sync.Once), so policies may share it.
//
// The last stack policy of the pack (last) releases the model when it is
// done: it holds the whole stack, and a model kept until the next
// analysis would double the heap while that analysis's stack is decoded,
// which cost a third of the pack's time over a no-op pack in a
// long-lived process (BENCHMARKS.md). Should a configuration disable that
// policy, the next analysis replaces the model, as before.
//
// The cache belongs to the policies Policies returns, never to the
// package: two packs, or two test runs, never share one.
type stackCache struct {
	mu       sync.Mutex
	analysis policyx.PolicyManager
	s        *stack
	// last is the name of the last stack policy of the pack.
	last string
}

// done tells the cache that the stack policy named policy has finished
// with the analysis of args: the last one releases the model.
func (c *stackCache) done(policy string, args policyx.StackValidationArgs) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if policy == c.last && c.analysis == args.Manager {
		c.s, c.analysis = nil, nil
	}
}

// get returns the model of the analysis args belong to, building it if
// this is a new analysis.
func (c *stackCache) get(args policyx.StackValidationArgs) *stack {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s == nil || c.analysis == nil || c.analysis != args.Manager {
		c.s, c.analysis = newStack(args.Resources), args.Manager
	}
	return c.s
}
