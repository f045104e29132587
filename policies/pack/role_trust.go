package pack

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// RoleTrustPolicy is the name of the policy that fails a stack where an
// AWS service cannot assume the role a caller gives it.
const RoleTrustPolicy = "caller-role-trust"

// roleTrust builds the caller-role-trust policy.
//
// Step Functions assumes a state machine's role, EventBridge an ECS or
// state machine target's, EventBridge Scheduler a schedule's, ECS a task
// definition's execution and task roles; each can only if the role's
// trust policy lets its service principal call sts:AssumeRole with the
// aws:SourceAccount and aws:SourceArn it sets (integrations.Assumption).
// Step Functions and Scheduler refuse such a role when the resource is
// created; EventBridge accepts the target and fails every invocation, ECS
// the task definition and fails every task.
func roleTrust(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(RoleTrustPolicy,
		"The role of a state machine, an EventBridge target, a schedule or an ECS task must trust the service that "+
			"assumes it (states, events, scheduler or ecs-tasks.amazonaws.com), or the deploy or every run fails.",
		policyx.EnforcementLevelMandatory, cache,
		func(s *stack, rep reporter) { s.checkTrust(rep, denied, trustMessage) })
}

// trustMessage explains a role its service cannot assume: the caller,
// the role, why, what AWS does with it, and the statement to add.
func trustMessage(as assumer, v trustVerdict) string {
	a := as.assumption()
	add := "Add this statement to the trust policy (assumeRolePolicy) of " + v.role.Label
	if strings.Contains(strings.Join(v.z.reasons, " "), "Deny statement") {
		add += " and remove the Deny that applies"
	}
	return fmt.Sprintf("%s uses %s, which %s cannot assume: %s. %s.\n%s:\n%s\nSee %s",
		as.label, v.role.Label, as.service, strings.Join(v.z.reasons, "; "), a.Failure(), add,
		renderJSON(a.Statement()), a.Page())
}
