package pack

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PassRoleUnverifiedPolicy is the name of the policy that reports what
// sfn-ecs-passrole could not decide.
const PassRoleUnverifiedPolicy = "sfn-ecs-passrole-unverified"

// passRoleUnverified builds the sfn-ecs-passrole-unverified policy:
// advisory by default, mandatory for a fail-closed setup through
// --policy-pack-config (see policies/config/fail-closed.json).
func passRoleUnverified(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(PassRoleUnverifiedPolicy,
		"What sfn-ecs-passrole could not verify: an IAM document unknown at this preview, a task definition "+
			"chosen at run time, a role or managed policy outside the stack, a condition it cannot evaluate "+
			"(an operator it does not implement, or a key such as aws:RequestedRegion whose value it does not know).",
		policyx.EnforcementLevelAdvisory, cache,
		func(s *stack, rep reporter) {
			rep.checkAll(len(s.machines), s.machineURN, func(i int) string {
				return unverifiedMessage(s.analyzePassRole(s.machines[i]))
			})
		})
}

// unverifiedMessage lists what could not be decided for one state machine,
// or returns "" when everything was.
func unverifiedMessage(res *passRoleResult) string {
	undecided := res.undecidedNeeds()
	if len(undecided) == 0 && len(res.open) == 0 {
		return ""
	}
	var b strings.Builder
	role := res.role.label
	if role == "" {
		role = "its role"
	}
	fmt.Fprintf(&b, "%s: whether %s may pass the roles of its ECS tasks could not be verified before deploy:\n",
		res.m.label(), role)
	for _, n := range undecided {
		fmt.Fprintf(&b, "  - %s, needed as %s: %s.\n", n.target.label, n.becauseText(),
			strings.Join(n.z.reasons, "; "))
	}
	for _, o := range res.open {
		fmt.Fprintf(&b, "  - %s.\n", o)
	}
	fmt.Fprintf(&b, "To refuse such deploys, make %s mandatory (policies/config/fail-closed.json). See %s",
		PassRoleUnverifiedPolicy, ecsIAMDoc)
	return b.String()
}
