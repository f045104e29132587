package pack

import (
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// stackCache shares one stack index between the stack policies of one
// pack during one analysis. The engine's AnalyzeStack call hands the same
// []AnalyzerResource to every stack policy in turn (policyx server.go), so
// the index is keyed by that slice (its first element's address and its
// length): the first policy builds it, the others reuse it, and the next
// analysis, with a fresh slice, replaces it. The key cannot be confused
// with a later slice at the same address: the cached index points into the
// slice it indexes, which keeps that array alive until it is replaced. The index is read-only once
// built (documents parse lazily under sync.Once, memoized analyses under a
// mutex), so policies may share it.
//
// The cache belongs to the policies Policies returns, never to the
// package: two packs, or two test runs, never share one.
type stackCache struct {
	mu    sync.Mutex
	first *policyx.AnalyzerResource
	n     int
	s     *stack
}

// get returns the index of resources, building it if this is a new
// analysis.
func (c *stackCache) get(resources []policyx.AnalyzerResource) *stack {
	var first *policyx.AnalyzerResource
	if len(resources) > 0 {
		first = &resources[0]
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s == nil || c.first != first || c.n != len(resources) {
		c.s, c.first, c.n = newStack(resources), first, len(resources)
	}
	return c.s
}
