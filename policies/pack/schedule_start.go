package pack

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
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
			rep.checkAll(len(s.starters), func(i int) string { return s.starters[i].res.URN },
				func(i int) string { return s.startProblem(s.starters[i]) })
		})
}

// startProblem explains why a starter cannot start its state machine, or
// returns "" when it can or when that cannot be decided.
func (s *stack) startProblem(st *starter) string {
	m, _ := s.targetMachine(st)
	if m == nil {
		return ""
	}
	if st.role.st == missing {
		return fmt.Sprintf("%s invokes %s but sets no %s: the scheduler and EventBridge need a role to start "+
			"a Step Functions execution.", st.label(), m.label(), st.role.prop)
	}
	rr := s.resolveRole(st.role)
	if rr.role == nil {
		return ""
	}
	arns := m.arns(s.env)
	z := s.authorize(rr.role, "states:StartExecution", arns, nil, m.res.URN)
	if z.outcome != denied {
		return ""
	}
	resource := "arn:aws:states:REGION:ACCOUNT_ID:stateMachine:NAME"
	if len(arns) > 0 && !m.nameSecret {
		resource = display(arns[0])
	}
	return fmt.Sprintf("%s invokes %s with %s, which is not allowed states:StartExecution on it: %s. "+
		"Add to a policy of %s:\n"+
		"{\"Effect\": \"Allow\", \"Action\": \"states:StartExecution\", \"Resource\": %q}\n"+
		"See https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role",
		st.label(), m.label(), rr.label, strings.Join(z.reasons, "; "), rr.label, resource)
}
