package pack

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
	"batchpipeline/internal/partial"
	"batchpipeline/policies/pack/stackmodel"
)

// stack is what the policies of one analysis share: the read-only model of
// the stack and its callers, each with the IAM requests AWS evaluates for
// it, gathered and decided once (caller.requests) for every policy that
// reads them.
type stack struct {
	*stackmodel.Stack
	callers []*caller
}

// newStack models resources and lists their callers.
func newStack(resources []policyx.AnalyzerResource) *stack {
	s := &stack{Stack: stackmodel.New(resources)}
	s.callers = s.newCallers()
	return s
}

// where returns the account a caller's requests are made in: the one its
// own known ARN (or its cluster's) shows; else the region of the
// caller's provider (res), in the account of its role when the role's ARN
// shows it: a role is in its caller's account ("You can only use the
// PassRole permission to pass an IAM role to a service that shares the
// same AWS account",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html);
// what neither shows, where the stack lives (stackmodel.Stack.Where,
// observed only then).
func (s *stack) where(known string, role stackmodel.ResolvedRole, res *stackmodel.Resource) integrations.Account {
	if a, ok := arn.Parse(known); ok && partial.Known(known) && arn.IsAccountID(a.AccountID) && a.Region != "" {
		return integrations.AccountOf(a)
	}
	region := ""
	if res != nil {
		region = res.Region()
	}
	a, ok := arn.Parse(role.ARN)
	roleShows := ok && partial.Known(role.ARN) && arn.IsAccountID(a.AccountID)
	if roleShows && region != "" {
		return integrations.Account{Partition: a.Partition, Region: region, ID: a.AccountID}
	}
	w := s.Where()
	if region != "" {
		w.Partition, w.Region = arn.PartitionOf(region), region
	}
	if roleShows {
		w.Partition, w.ID = a.Partition, a.AccountID
	}
	return w
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

// callerURN returns the URN of the i-th caller.
func (s *stack) callerURN(i int) string { return s.callers[i].urn }
