package pack

import (
	"fmt"

	"batchpipeline/internal/integrations"
	"batchpipeline/internal/partial"
)

// PassRolePolicy is the name of the policy that fails a stack where a
// state machine's role cannot pass the roles of the ECS tasks it runs;
// PassRoleUnverifiedPolicy is its advisory twin.
const (
	PassRolePolicy           = "sfn-ecs-passrole"
	PassRoleUnverifiedPolicy = PassRolePolicy + unverifiedSuffix
)

// passRole is the sfn-ecs-passrole policy.
//
// Step Functions starts an ECS task by calling ecs:RunTask with the state
// machine's role (or the role of the state's Credentials); ECS then checks
// that this caller may pass the task definition's execution role and task
// role (iam:PassRole, with iam:PassedToService = ecs-tasks.amazonaws.com).
// The AWS policy template for the integration leaves PassRole out, the
// deploy succeeds, and every run fails at the task with an AccessDenied.
// EventBridge and Scheduler targets that run a task pass them the same
// way. The requests are the model's (integrations.RunTaskRequests): the
// roles of every task definition a state or target names, or an unknown
// definition is built from, and the roles of container overrides.
var passRole = permissionPolicy{
	name: PassRolePolicy,
	description: "A Step Functions state machine's role (or an ECS target's) must be allowed iam:PassRole on every role its " +
		"calls hand to a service: the execution and task roles of its ECS tasks, a SageMaker, EMR Serverless, EKS or " +
		"Bedrock job's role, or each run fails at that state with AccessDenied.",
	unverified: "an IAM document unknown at this preview, a task definition chosen at run time, a role or managed " +
		"policy outside the stack, a condition it cannot evaluate (an operator it does not implement, or a key such " +
		"as aws:RequestedRegion whose value it does not know).",
	selects: func(r *request) bool { return r.Kind == integrations.PassRoleRequest },
	refuse:  passRoleMessage,
	opens:   func(c *caller) []string { return c.open },
	doubt: func(c *caller, undecided []*request, open []string) string {
		what := "the roles of its ECS tasks"
		for _, r := range undecided {
			if r.Context[integrations.PassedToServiceKey] != integrations.ECSTasksService {
				what = "the roles its calls hand to services"
			}
		}
		return listDoubts(c, undecided, open, "whether "+c.roleLabel+" may pass "+what+" could not be verified before deploy",
			passedAs)
	},
	page: func(c *caller, _ []*request) string { return c.page() },
}

// passRoleMessage explains a violation: the caller, the role that calls,
// every role it cannot pass, where it comes from and why, why AWS checks
// it, and the statement to add; one block per calling role.
func passRoleMessage(c *caller, denied []*request) string {
	return refusal{
		head: func(principal string, gaps []*request) string {
			if to := gaps[0].Context[integrations.PassedToServiceKey]; to != integrations.ECSTasksService {
				if to == "" || !partial.Known(to) {
					to = "a service"
				}
				return fmt.Sprintf("%s hands roles to %s with %s, which cannot pass %d of them (%s, %s):\n",
					c.label, to, principal, len(gaps), gaps[0].Why, gaps[0].Page)
			}
			return fmt.Sprintf("%s runs ECS tasks with %s, which cannot pass %d role(s) those tasks need "+
				"(%s, %s):\n", c.label, principal, len(gaps), gaps[0].Why, gaps[0].Page)
		},
		line: passedAs,
		add:  "Add this statement",
		tail: "\nSee " + c.page(),
	}.render(c, denied)
}

// passedAs names a role passed and where it comes from.
func passedAs(r *request) string {
	switch {
	case len(r.from) > 0:
		return r.roleLabel + ", needed as " + r.because()
	case len(r.states) > 0:
		return "the roles of the task definition of state " + joinStates(r)
	}
	return "the roles of the task definition " + r.caller.label + " runs"
}
