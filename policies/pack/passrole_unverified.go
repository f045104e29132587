package pack

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/integrations"
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
			rep.checkAll(len(s.callers), s.callerURN, func(i int) string {
				a := s.analyze(s.callers[i])
				return unverifiedMessage(a, a.withOutcome(undecided, true), PassRoleUnverifiedPolicy,
					"whether %s may pass the roles of its ECS tasks could not be verified before deploy",
					func(a *analysis, n *need) string {
						if n.Via == "" {
							// The roles of a task definition that cannot be
							// read: the reason says why, of its states (or
							// of the target).
							if len(n.states) == 0 {
								return a.caller.label() + " " + n.Role.Unknown
							}
							return "state " + strings.Join(n.states, ", ") + " " + n.Role.Unknown
						}
						return passedLabel(a, n) + ", needed as " + n.because()
					})
			})
		})
}

// unverifiedMessage lists what could not be decided for one state machine
// (the undecided needs, and what could not be read at all), or returns ""
// when everything was. what is the headline, with a %s for the role;
// label says what each need is and where it comes from.
func unverifiedMessage(a *analysis, undecided []*need, policy, what string, label func(*analysis, *need) string) string {
	if len(undecided) == 0 && len(a.open) == 0 {
		return ""
	}
	var b strings.Builder
	role := a.role.Label
	if role == "" {
		role = "its role"
	}
	fmt.Fprintf(&b, "%s: "+what+":\n", a.caller.label(), role)
	for _, n := range undecided {
		line := label(a, n)
		if n.caller.Label != a.role.Label {
			line += ", called by " + n.caller.Label
		}
		if n.Kind != integrations.PassRoleNeed || n.Via != "" {
			line += ": " + strings.Join(n.z.reasons, "; ")
		}
		fmt.Fprintf(&b, "  - %s.\n", line)
	}
	for _, o := range a.open {
		fmt.Fprintf(&b, "  - %s.\n", o)
	}
	fmt.Fprintf(&b, "To refuse such deploys, make %s mandatory (policies/config/fail-closed.json). See %s",
		policy, a.caller.page())
	return b.String()
}
