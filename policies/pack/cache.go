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
// The cache belongs to the policies Policies returns, never to the
// package: two packs, or two test runs, never share one.
type stackCache struct {
	mu       sync.Mutex
	analysis policyx.PolicyManager
	s        *stack
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
