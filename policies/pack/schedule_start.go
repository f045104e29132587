package pack

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// ScheduleStartPolicy is the name of the policy that checks that schedules
// and EventBridge targets may start the state machine they invoke.
const ScheduleStartPolicy = "schedule-can-start-execution"

// scheduleCanStart builds the schedule-can-start-execution policy. The
// scheduler (or EventBridge) assumes the target's role and calls
// states:StartExecution; without that permission every invocation fails
// and nothing runs, silently unless a dead-letter queue is watched.
func scheduleCanStart(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(ScheduleStartPolicy,
		"A schedule or EventBridge target aimed at a state machine must use a role allowed "+
			"states:StartExecution on it, or no execution ever starts.",
		policyx.EnforcementLevelMandatory, cache,
		func(s *stack, rep reporter) {
			rep.checkAll(len(s.Starters), func(i int) string { return s.Starters[i].Resource.URN },
				func(i int) string { return s.startProblem(s.Starters[i]) })
		})
}

// startProblem explains why a starter cannot start its state machine, or
// returns "" when it can or when that cannot be decided.
func (s *stack) startProblem(sr *stackmodel.Starter) string {
	m, _ := s.TargetMachine(sr)
	if m == nil {
		return ""
	}
	if sr.Role.Knownness == stackmodel.Missing {
		return fmt.Sprintf("%s invokes %s but sets no %s: the scheduler and EventBridge need a role to start "+
			"a Step Functions execution.", sr.Label(), m.Label(), sr.Role.Prop)
	}
	rr := s.ResolveRole(sr.Role)
	if rr.Role == nil {
		return ""
	}
	arns := m.ARNs(s.Candidates)
	first := ""
	if len(arns) > 0 {
		first = arns[0]
	}
	n := integrations.StartExecutionNeed(first, m.Resource.URN)
	z := s.authorize(rr.Role, n.Action, arns, nil, n.Target, false)
	if z.outcome != denied {
		return ""
	}
	resource := integrations.Account{Region: "REGION", ID: "ACCOUNT_ID"}.StateMachineARN("NAME")
	if first != "" && !m.NameSecret {
		resource = stackmodel.Display(first)
	}
	n.Grant.Resource = iam.Strings{resource}
	return fmt.Sprintf("%s invokes %s with %s, which is not allowed %s on it: %s. "+
		"Add to a policy of %s:\n%s\nSee %s",
		sr.Label(), m.Label(), rr.Label, n.Action, strings.Join(z.reasons, "; "), rr.Label,
		renderGrants([]integrations.Need{n}), n.Page)
}
