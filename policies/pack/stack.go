package pack

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack/stackmodel"
)

// stack is what the policies of one analysis share: the read-only model of
// the stack and, per state machine, what its tasks need (analyze), decided
// once for the four policies that read it.
type stack struct {
	*stackmodel.Stack
	analyses map[*stackmodel.Machine]*analysisMemo
}

// newStack models resources and prepares one analysis per state machine.
func newStack(resources []policyx.AnalyzerResource) *stack {
	m := stackmodel.New(resources)
	s := &stack{Stack: m, analyses: make(map[*stackmodel.Machine]*analysisMemo, len(m.Machines))}
	for _, mc := range m.Machines {
		s.analyses[mc] = &analysisMemo{}
	}
	return s
}
