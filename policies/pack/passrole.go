package pack

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PassRolePolicy is the name of the policy that fails a stack where a
// state machine's role cannot pass the roles of the ECS tasks it runs.
const PassRolePolicy = "sfn-ecs-passrole"

// passRole builds the sfn-ecs-passrole policy.
//
// Step Functions starts an ECS task by calling ecs:RunTask with the state
// machine's role; ECS then checks that this caller may pass the task
// definition's execution role and task role (iam:PassRole, with
// iam:PassedToService = ecs-tasks.amazonaws.com). The AWS policy template
// for the integration leaves PassRole out, the deploy succeeds, and every
// run fails at the task with an AccessDenied. See ecsIAMDoc.
func passRole(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(PassRolePolicy,
		"A Step Functions state machine's role must be allowed iam:PassRole on the execution and task roles "+
			"of every ECS task it can run, or each run fails at that task with AccessDenied.",
		policyx.EnforcementLevelMandatory, cache,
		func(s *stack, rep reporter) {
			rep.checkAll(len(s.machines), s.machineURN, func(i int) string {
				res := s.analyzePassRole(s.machines[i])
				if d := res.denied(); len(d) > 0 {
					return passRoleMessage(s, res, d)
				}
				return ""
			})
		})
}

// passRoleMessage explains a violation: the state machine, its role, every
// role it cannot pass and why, and the statement to add.
func passRoleMessage(s *stack, res *passRoleResult, denied []*passNeed) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s runs ECS tasks with %s, which cannot pass %d role(s) those tasks need:\n",
		res.m.label(), res.role.label, len(denied))
	targets := make([]resolvedRole, 0, len(denied))
	explicit := false
	for _, n := range denied {
		targets = append(targets, n.target)
		fmt.Fprintf(&b, "  - %s, needed as %s: %s.\n", n.target.label, n.becauseText(),
			strings.Join(n.z.reasons, "; "))
		for _, r := range n.z.reasons {
			if strings.Contains(r, "explicit Deny") {
				explicit = true
			}
		}
	}
	fmt.Fprintf(&b, "Add this statement to a policy of %s", res.role.label)
	if explicit {
		b.WriteString(" and remove the Deny that applies")
	}
	fmt.Fprintf(&b, ":\n%s\nSee %s", s.passRoleStatement(targets), ecsIAMDoc)
	return b.String()
}
