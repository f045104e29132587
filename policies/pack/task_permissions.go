package pack

import (
	"fmt"
	"slices"

	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// TaskPermissionsPolicy is the name of the policy that checks what the
// Task states' service integrations call, besides iam:PassRole;
// TaskPermissionsUnverifiedPolicy is its advisory twin.
const (
	TaskPermissionsPolicy           = "sfn-task-permissions"
	TaskPermissionsUnverifiedPolicy = TaskPermissionsPolicy + unverifiedSuffix
)

// taskPermissions is the sfn-task-permissions policy: every call the
// model (internal/integrations) says a Task state (or an ECS target's
// RunTask) is authorized by must be allowed to the role that makes it,
// whatever the integration: for ECS, ecs:RunTask on the task definition
// (with ecs:cluster), ecs:TagResource on the task when it is created with
// tags, and for .sync ecs:StopTask, ecs:DescribeTasks and the managed
// EventBridge rule; for CodeBuild the build actions on the project; for
// Lambda lambda:InvokeFunction on the function or its version or alias.
// iam:PassRole is sfn-ecs-passrole's, assuming a Credentials role
// caller-role-trust's.
//
// Only certain gaps are reported: a request that an unknown document, an
// external managed policy or a statement with a condition the pack cannot
// evaluate might allow, or that depends on a part not known yet, is left
// to the twin.
var taskPermissions = permissionPolicy{
	name: TaskPermissionsPolicy,
	description: "The role that makes a Task state's calls (or an EventBridge or Scheduler target's RunTask) must be " +
		"allowed what the run-time model says its service integration calls (internal/integrations: the call, tagging " +
		"what it creates, .sync: following the job and the managed EventBridge rule), or the task fails at run time.",
	unverified: "an IAM document unknown at this preview, a resource chosen at run time, a role outside the stack, " +
		"a condition it cannot evaluate, or a request AWS may not make (a task tagged only with ECS managed tags).",
	selects: func(r *request) bool {
		return r.Kind == integrations.CallRequest && (r.caller.kind == machineCaller || r.caller.kind == ecsTargetCaller)
	},
	refuse: taskPermissionsMessage,
	opens:  taskOpens,
	doubt: func(c *caller, undecided []*request, open []string) string {
		return listDoubts(c, undecided, open, "whether "+c.roleLabel+" may make every call of its tasks could not be verified before deploy",
			func(r *request) string { return requestText(r) + statesText(r) })
	},
	page: func(c *caller, _ []*request) string { return c.page() },
}

// taskPermissionsMessage explains what each calling role lacks: per
// request what it asks, the states, why AWS checks it (with its page) and
// why the role's policies do not allow it, then the statements to add.
func taskPermissionsMessage(c *caller, denied []*request) string {
	return refusal{
		head: func(principal string, _ []*request) string {
			return fmt.Sprintf("%s: %s makes calls its policies do not allow:\n", c.label, principal)
		},
		line: func(r *request) string {
			line := fmt.Sprintf("%s%s: %s (%s)", requestText(r), statesText(r), r.Why, r.Page)
			if r.Fails != "" {
				line += ". " + r.Fails
			}
			return line
		},
		add: "Add these statements",
	}.render(c, denied)
}

// taskOpens is what sfn-task-permissions cannot judge of a caller at all:
// what its caller's open sentences say, and for a state machine every
// Task state the run-time model cannot judge, and a definition not known
// at this preview. The guard is never silent about a state it did not
// check.
func taskOpens(c *caller) []string {
	open := c.open
	if c.kind != machineCaller {
		return open
	}
	m := c.machine
	if m.Definition == nil && m.DefinitionKnownness == stackmodel.Unknown {
		open = append(slices.Clip(open), "its definition is not known at this preview (it is built from outputs): its Task "+
			"states are judged at the next preview, once it is; until then only what the resources it is built from "+
			"certainly need")
	}
	for _, u := range m.Uncovered() {
		resource := u.Resource
		if resource == "" {
			resource = "no Resource"
		}
		if u.Partly {
			open = append(slices.Clip(open), fmt.Sprintf("state %s (%s) is checked only in part: %s", u.Path, resource, u.Why))
			continue
		}
		open = append(slices.Clip(open), fmt.Sprintf("state %s (%s) is not checked: %s, so no permission its calls "+
			"need (iam:PassRole included) is verified", u.Path, resource, u.Why))
	}
	return open
}
