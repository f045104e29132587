package pack

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack/stackmodel"
)

// TaskPermissionsPolicy is the name of the policy that checks what the
// Task states' service integrations call, besides iam:PassRole.
const TaskPermissionsPolicy = "sfn-task-permissions"

// taskPermissions builds the sfn-task-permissions policy: every request
// the model (internal/integrations) says a Task state's calls are
// authorized by must be allowed to the role that makes them. For ECS:
// ecs:RunTask on the task definition (with ecs:cluster), ecs:TagResource
// on the task when it is created with tags, and for .sync ecs:StopTask,
// ecs:DescribeTasks and the managed EventBridge rule; for CodeBuild the
// build actions on the project and, for .sync, the managed rule; for a
// state with Credentials, sts:AssumeRole on that role by the state
// machine's role. iam:PassRole is sfn-ecs-passrole's.
//
// Only certain gaps are reported: a request that an unknown document, an
// external managed policy or a statement with a condition the pack cannot
// evaluate might allow is left to sfn-task-permissions-unverified.
func taskPermissions(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(TaskPermissionsPolicy,
		"The role that makes a Task state's calls must be allowed what its ECS and CodeBuild service "+
			"integrations call (tagging the task, .sync: following it and the managed EventBridge rule), "+
			"or the task fails at run time.",
		policyx.EnforcementLevelMandatory, cache,
		func(s *stack, rep reporter) {
			rep.checkAll(len(s.callers), s.callerURN, func(i int) string {
				a := s.analyze(s.callers[i])
				if d := a.withOutcome(denied, false); len(d) > 0 {
					return taskPermissionsMessage(a, d)
				}
				return ""
			})
		})
}

// taskPermissionsMessage explains what each calling role lacks: per need
// the request, the states, why AWS checks it (with its page) and why the
// role's policies do not allow it, then the statements to add.
func taskPermissionsMessage(a *analysis, denied []*need) string {
	return violation{
		head: func(caller stackmodel.ResolvedRole, _ []*need) string {
			return fmt.Sprintf("%s: %s makes calls its policies do not allow:\n", a.caller.label(), caller.Label)
		},
		line: func(n *need) string {
			return fmt.Sprintf("%s%s: %s (%s)", requestText(a, n), statesText(n), n.Why, n.Page)
		},
		add: "Add these statements",
	}.render(a, denied)
}
