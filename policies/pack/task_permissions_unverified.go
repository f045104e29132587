package pack

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// TaskPermissionsUnverifiedPolicy is the name of the policy that reports
// what sfn-task-permissions could not decide.
const TaskPermissionsUnverifiedPolicy = "sfn-task-permissions-unverified"

// taskPermissionsUnverified builds the sfn-task-permissions-unverified
// policy: advisory by default, mandatory for a fail-closed setup.
func taskPermissionsUnverified(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(TaskPermissionsUnverifiedPolicy,
		"What sfn-task-permissions could not verify: an IAM document unknown at this preview, a resource "+
			"chosen at run time, a role outside the stack, a condition it cannot evaluate, or a need AWS may not "+
			"check (a task tagged only with ECS managed tags).",
		policyx.EnforcementLevelAdvisory, cache,
		func(s *stack, rep reporter) {
			rep.checkAll(len(s.callers), s.callerURN, func(i int) string {
				a := s.analyze(s.callers[i])
				return unverifiedMessage(a, a.withOutcome(undecided, false), TaskPermissionsUnverifiedPolicy,
					"whether %s may make every call of its tasks could not be verified before deploy",
					func(a *analysis, n *need) string { return requestText(a, n) + statesText(n) })
			})
		})
}
