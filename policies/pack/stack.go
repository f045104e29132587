package pack

import (
	"batchpipeline/internal/arn"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// stack is what the policies of one analysis share: the read-only model of
// the stack, the callers whose permissions they judge, and per caller
// what its calls need (analyze), decided once for the four policies that
// read it.
type stack struct {
	*stackmodel.Stack
	// callers are the state machines, then the starters that run an ECS
	// task, in stack order.
	callers  []caller
	analyses map[caller]*analysisMemo
	// assumers are the roles AWS services assume for the callers, and
	// for what starts a state machine.
	assumers []assumer
}

// caller is what makes the calls a permission policy judges, with the
// role it assumes: a state machine (its Task states' calls), or an
// EventBridge rule or Scheduler target that runs an ECS task.
type caller struct {
	machine *stackmodel.Machine
	target  *stackmodel.Starter
}

// urn is the resource a violation is filed on.
func (c caller) urn() string {
	if c.machine != nil {
		return c.machine.Resource.URN
	}
	return c.target.Resource.URN
}

// label names the caller in messages.
func (c caller) label() string {
	if c.machine != nil {
		return c.machine.Label()
	}
	return c.target.Label()
}

// page is the AWS page that lists what the caller's role needs.
func (c caller) page() string {
	if c.machine != nil {
		// What a state machine role needs to run ECS tasks, PassRole
		// included.
		return integrations.ECSRunTask().Page
	}
	return c.target.ECS.Page()
}

// newStack models resources and prepares one analysis per caller.
func newStack(resources []policyx.AnalyzerResource) *stack {
	m := stackmodel.New(resources)
	s := &stack{Stack: m}
	for _, mc := range m.Machines {
		s.callers = append(s.callers, caller{machine: mc})
	}
	for _, sr := range m.Starters {
		if sr.ECS != nil {
			s.callers = append(s.callers, caller{target: sr})
		}
	}
	s.assumers = s.newAssumers()
	s.analyses = make(map[caller]*analysisMemo, len(s.callers))
	for _, c := range s.callers {
		s.analyses[c] = &analysisMemo{}
	}
	return s
}

// targetCluster is the ARN of the cluster an ECS target runs its task on,
// "" when not known.
func targetCluster(sr *stackmodel.Starter) string {
	if sr.Target.Knownness == stackmodel.Known {
		return sr.Target.ARN
	}
	return ""
}

// callerURN returns the URN of the i-th caller.
func (s *stack) callerURN(i int) string { return s.callers[i].urn() }

// accounts returns where a caller runs its calls: the account of knownARN
// (its own ARN, or its cluster's) when known, else every candidate the
// stack shows (the partitions, regions and accounts of its known ARNs and
// providers), the role's account first when its ARN is known.
func (s *stack) accounts(knownARN string, rr stackmodel.ResolvedRole) []integrations.Account {
	if a, ok := arn.Parse(knownARN); ok && arn.IsAccountID(a.AccountID) && a.Region != "" {
		return []integrations.Account{integrations.AccountOf(a)}
	}
	c := s.Candidates
	accounts := c.Accounts
	partitions := c.Partitions
	if len(rr.ARNs) == 1 {
		if a, ok := arn.Parse(rr.ARNs[0]); ok && arn.IsAccountID(a.AccountID) {
			accounts, partitions = []string{a.AccountID}, []string{a.Partition}
		}
	}
	var out []integrations.Account
	for _, p := range partitions {
		for _, r := range c.Regions {
			for _, id := range accounts {
				out = append(out, integrations.Account{Partition: p, Region: r, ID: id})
			}
		}
	}
	return out
}
