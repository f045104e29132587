package pack

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack/stackmodel"
)

// PassRolePolicy is the name of the policy that fails a stack where a
// state machine's role cannot pass the roles of the ECS tasks it runs.
const PassRolePolicy = "sfn-ecs-passrole"

// passRole builds the sfn-ecs-passrole policy.
//
// Step Functions starts an ECS task by calling ecs:RunTask with the state
// machine's role (or the role of the state's Credentials); ECS then checks
// that this caller may pass the task definition's execution role and task
// role (iam:PassRole, with iam:PassedToService = ecs-tasks.amazonaws.com).
// The AWS policy template for the integration leaves PassRole out, the
// deploy succeeds, and every run fails at the task with an AccessDenied.
// The needs are the model's (integrations.RunTaskNeeds): the roles of
// every task definition a state names, an unknown definition is built
// from, or the role may run.
func passRole(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(PassRolePolicy,
		"A Step Functions state machine's role must be allowed iam:PassRole on the execution and task roles "+
			"of every ECS task it can run, or each run fails at that task with AccessDenied.",
		policyx.EnforcementLevelMandatory, cache,
		func(s *stack, rep reporter) {
			rep.checkAll(len(s.callers), s.callerURN, func(i int) string {
				a := s.analyze(s.callers[i])
				if d := a.withOutcome(denied, true); len(d) > 0 {
					return passRoleMessage(a, d)
				}
				return ""
			})
		})
}

// passRoleMessage explains a violation: the state machine, the role that
// calls, every role it cannot pass, where it comes from and why, why AWS
// checks it, and the statement to add; one block per calling role.
func passRoleMessage(a *analysis, denied []*need) string {
	return violation{
		head: func(caller stackmodel.ResolvedRole, gaps []*need) string {
			return fmt.Sprintf("%s runs ECS tasks with %s, which cannot pass %d role(s) those tasks need "+
				"(%s, %s):\n", a.caller.label(), caller.Label, len(gaps), gaps[0].Why, gaps[0].Page)
		},
		line: func(n *need) string { return passedLabel(a, n) + ", needed as " + n.because() },
		add:  "Add this statement",
		tail: "\nSee " + a.caller.page(),
	}.render(a, denied)
}

// passedLabel names the role a PassRole need passes.
func passedLabel(a *analysis, n *need) string {
	if ro, ok := a.stack.RolesByURN[n.Role.Key]; ok {
		return ro.Label()
	}
	if n.Role.ARN == "" {
		return n.Via + " (unknown)"
	}
	if n.Role.Secret {
		return "role (secret " + n.Via + ")"
	}
	return "role " + stackmodel.Display(n.Role.ARN)
}
