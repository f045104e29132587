package pack

import (
	"fmt"
	"strings"

	"batchpipeline/internal/integrations"
)

// ScheduleStartPolicy is the name of the policy that checks that schedules
// and EventBridge targets may start the state machine they invoke;
// ScheduleStartUnverifiedPolicy is its advisory twin.
const (
	ScheduleStartPolicy           = "schedule-can-start-execution"
	ScheduleStartUnverifiedPolicy = ScheduleStartPolicy + unverifiedSuffix
)

// scheduleCanStart is the schedule-can-start-execution policy. The
// scheduler (or EventBridge) assumes the target's role and calls
// states:StartExecution; without that permission every invocation fails
// and nothing runs, silently unless a dead-letter queue is watched.
var scheduleCanStart = permissionPolicy{
	name: ScheduleStartPolicy,
	description: "A schedule or EventBridge target aimed at a state machine must use a role allowed " +
		"states:StartExecution on it, or no execution ever starts.",
	unverified: "an IAM document unknown at this preview, a role or managed policy outside the stack, a condition it " +
		"cannot evaluate, a state machine whose name or account is not known yet.",
	selects: func(r *request) bool { return r.Kind == integrations.CallRequest && r.caller.kind == starterCaller },
	refuse: func(c *caller, denied []*request) string {
		msgs := make([]string, len(denied))
		for i, r := range denied {
			msgs[i] = startMessage(c, r)
		}
		return strings.Join(msgs, "\n")
	},
	doubt: func(c *caller, undecided []*request, open []string) string {
		return listDoubts(c, undecided, open, "whether "+c.roleLabel+" may start "+c.machine.Label()+" could not be verified before deploy",
			func(r *request) string { return r.Action + " on " + startResource(c, r) })
	},
	page: func(c *caller, reqs []*request) string { return reqs[0].Page },
}

// startMessage explains why a starter cannot start its state machine.
func startMessage(c *caller, r *request) string {
	if r.verdict.has(noRole) {
		return fmt.Sprintf("%s invokes %s but sets no %s: the scheduler and EventBridge need a role to start "+
			"a Step Functions execution.", c.label, c.machine.Label(), c.starter.Role.Prop)
	}
	grant := r.Statement()
	grant.Resource = []string{startResource(c, r)}
	return fmt.Sprintf("%s invokes %s with %s, which is not allowed %s on it: %s. "+
		"Add to a policy of %s:\n%s\nSee %s",
		c.label, c.machine.Label(), c.roleLabel, r.Action, joinTexts(r.verdict.texts(c.hides())), c.roleLabel,
		renderJSON(grant), r.Page)
}

// startResource shows the state machine's ARN, its parts not known yet
// by their labels, or a template when its name is secret.
func startResource(c *caller, r *request) string {
	if c.hides() {
		return integrations.Account{Region: "REGION", ID: "ACCOUNT_ID"}.StateMachineARN("NAME")
	}
	return shownResource(r, r.Resource)
}
