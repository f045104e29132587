package pack

import (
	"fmt"
	"strings"

	"batchpipeline/internal/integrations"
)

// RoleTrustPolicy is the name of the policy that fails a stack where a
// role cannot be assumed by what assumes it; RoleTrustUnverifiedPolicy is
// its advisory twin.
const (
	RoleTrustPolicy           = "caller-role-trust"
	RoleTrustUnverifiedPolicy = RoleTrustPolicy + unverifiedSuffix
)

// roleTrust is the caller-role-trust policy.
//
// Step Functions assumes a state machine's role, EventBridge an ECS or
// state machine target's, EventBridge Scheduler a schedule's, ECS a task
// definition's execution and task roles; each can only if the role's
// trust policy lets its service principal call sts:AssumeRole with the
// aws:SourceAccount and aws:SourceArn it sets (integrations.Assumption).
// Step Functions and Scheduler refuse such a role when the resource is
// created; EventBridge accepts the target and fails every invocation, ECS
// the task definition and fails every task. A Task state's Credentials
// role is assumed by the state machine's role: its trust policy must name
// that role (or its account, and then the state machine's identity
// policies must allow sts:AssumeRole too), or the state fails each time it
// runs.
var roleTrust = permissionPolicy{
	name: RoleTrustPolicy,
	description: "The role of a state machine, an EventBridge target, a schedule or an ECS task must trust the service that " +
		"assumes it (states, events, scheduler or ecs-tasks.amazonaws.com), and a Task state's Credentials role the " +
		"state machine's role, or the deploy or every run fails.",
	unverified: "a trust policy unknown at this preview or outside the stack, a condition on a key whose value is not " +
		"known before the call, a principal form AWS does not document.",
	selects: func(r *request) bool { return r.Kind == integrations.AssumeRoleRequest },
	refuse: func(c *caller, denied []*request) string {
		msgs := make([]string, len(denied))
		for i, r := range denied {
			msgs[i] = trustMessage(c, r)
		}
		return strings.Join(msgs, "\n")
	},
	doubt: func(c *caller, undecided []*request, _ []string) string {
		msgs := make([]string, len(undecided))
		for i, r := range undecided {
			msgs[i] = fmt.Sprintf("%s: whether %s can assume %s could not be verified before deploy: %s.",
				assumerOf(c, r), r.principalLabel(), r.roleLabel, joinTexts(r.verdict.texts(c.hides())))
		}
		return strings.Join(msgs, "\n")
	},
	page: func(_ *caller, reqs []*request) string { return reqs[0].Page },
}

// assumerOf names what the role is assumed for: the caller, with the
// property that names the role of a task definition, or the states of a
// Credentials role.
func assumerOf(c *caller, r *request) string {
	switch {
	case r.By != integrations.ServicePrincipal:
		return c.label + " (Credentials of state " + joinStates(r) + ")"
	case c.kind == taskDefCaller:
		return c.label + " (" + r.Via + ")"
	}
	return c.label
}

// trustMessage explains a role that cannot be assumed: the caller, the
// role, why, what AWS does with it, and the statement to add.
func trustMessage(c *caller, r *request) string {
	add := "Add this statement to the trust policy (assumeRolePolicy) of " + r.roleLabel
	if r.verdict.has(trustDenies) {
		add += " and remove the Deny that applies"
	}
	statement := renderJSON(r.Statement())
	if r.By != integrations.ServicePrincipal {
		statement = renderJSON(integrations.RoleTrustStatement(shownResource(r, r.principal.ARN)))
		if r.verdict.has(trustNeedsIdentity) {
			add = "Add this statement to a policy of " + r.principalLabel()
			statement = renderJSON(shownGrant(r))
		}
	}
	return fmt.Sprintf("%s uses %s, which %s cannot assume: %s. %s.\n%s:\n%s\nSee %s",
		assumerOf(c, r), r.roleLabel, r.principalLabel(), joinTexts(r.verdict.texts(c.hides())), r.Fails, add,
		statement, r.Page)
}
