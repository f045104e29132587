package pack

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/packtest"
)

// TestEveryIntegrationIsJudged runs each example Task state of the
// run-time model's registry (internal/integrations, one file per
// integration) through the pack, in a stack of a state machine, its role
// and the role's policy, known and at a first preview: with the least
// statements the model grants, no policy speaks; with none of them, the
// pack refuses each request AWS certainly evaluates (sfn-task-permissions
// for a call, sfn-ecs-passrole for a role passed) and names the others
// (a request AWS may not make, a resource whose own policy may allow
// it) in the twin; with a statement that grants another action on the
// same resources, the same; with the same statements on other resources,
// each request on a resource of its own is refused or named. A new integration is judged with no change
// to the pack; this test fails, naming it, if it is not.
//
// The examples that need resources of the stack (an ECS task definition,
// a Credentials role) are left to their own tests.
func TestEveryIntegrationIsJudged(t *testing.T) {
	for _, in := range integrations.Integrations() {
		for _, ex := range in.Examples {
			c, ok := integrations.Read(ex.State)
			if !ok || c.Credentials.Set || strings.HasSuffix(in.Service, "ecs") {
				continue
			}
			reqs := c.Requests(where{testAcct})
			if !allKnown(reqs) {
				continue
			}
			for _, preview := range []bool{false, true} {
				name := fmt.Sprintf("%s/%s/%s", in.Name(), ex.Name, map[bool]string{false: "known", true: "first-preview"}[preview])
				t.Run(name, func(t *testing.T) {
					judge(t, ex.State, reqs, c.Unjudged(), preview)
				})
			}
		}
	}
}

// where is the Env of the examples: the machine's account, nothing else.
type where struct{ acct integrations.Account }

func (w where) Account() integrations.Account     { return w.acct }
func (w where) Role(ref string) integrations.Role { return integrations.Role{Set: true, ARN: ref} }

// allKnown reports whether every request is a call whose least grant
// names its resources (a resource chosen at run time it cannot), in the
// machine's account and region or a global one: a resource elsewhere
// makes the account of the machine one of two at a first preview, which
// the examples' own tests cover.
func allKnown(reqs []integrations.Request) bool {
	for _, r := range reqs {
		a, ok := arn.Parse(r.Grant.Resource)
		if r.Grant.Resource == "" || r.Kind != integrations.CallRequest || !ok ||
			(a.AccountID != "" && a.AccountID != testAcct.ID) || (a.Region != "" && a.Region != testAcct.Region) {
			return false
		}
	}
	return len(reqs) > 0
}

// judge checks one example state against the three roles. unjudged is
// what of the call the model says it cannot judge: the twin names it
// whatever the grants.
func judge(t *testing.T, state integrations.TaskState, reqs []integrations.Request, unjudged string, preview bool) {
	t.Helper()
	stack := func(stmts []iam.Statement) ([]policyx.AnalyzerResource, string) {
		return exampleStack(state, stmts, preview)
	}
	// The least grants: nothing to say, but what the model cannot judge.
	granted, grantedURN := stack(integrations.Grants(reqs))
	for _, p := range []string{TaskPermissionsPolicy, PassRolePolicy, PassRoleUnverifiedPolicy} {
		assertNoViolations(t, p, granted)
	}
	if unjudged == "" {
		assertNoViolations(t, TaskPermissionsUnverifiedPolicy, granted)
	} else if msg := assertViolation(t, TaskPermissionsUnverifiedPolicy, grantedURN, granted); !strings.Contains(msg, "is checked only in part: "+unjudged) {
		t.Errorf("with the least grants, %s does not name what is not judged (%q):\n%s", TaskPermissionsUnverifiedPolicy, unjudged, msg)
	}
	// Nothing, or other actions on the same resources: each request is
	// refused, or named as undecided when AWS may not make it or the
	// resource's own policy may allow it.
	var other []iam.Statement
	for _, st := range integrations.Grants(reqs) {
		st.Action = iam.Strings{"cloudwatch:PutMetricData"}
		other = append(other, st)
	}
	for label, stmts := range map[string][]iam.Statement{"nothing": nil, "other actions": other} {
		s, urn := stack(stmts)
		var refused, named []string
		for _, r := range reqs {
			switch {
			case r.Unsure != "" || r.ResourcePolicy != "":
				named = append(named, r.Action)
			default:
				refused = append(refused, r.Action)
			}
		}
		check := func(policy string, actions []string) {
			if len(actions) == 0 {
				assertNoViolations(t, policy, s)
				return
			}
			msg := assertViolation(t, policy, urn, s)
			for _, a := range actions {
				if !strings.Contains(msg, a+" on ") {
					t.Errorf("%s: %s does not name %s:\n%s", label, policy, a, msg)
				}
			}
		}
		check(TaskPermissionsPolicy, refused)
		if unjudged != "" && len(named) == 0 {
			assertViolation(t, TaskPermissionsUnverifiedPolicy, urn, s)
			continue
		}
		check(TaskPermissionsUnverifiedPolicy, named)
	}
	// The right actions on other resources: every request on a resource
	// of its own is refused or named (a resource known in part may still
	// match the other one); one granted on "*" is still allowed.
	var elsewhere []iam.Statement
	for _, st := range integrations.Grants(reqs) {
		st.Resource = slices.Clone(st.Resource)
		for i, r := range st.Resource {
			st.Resource[i] = otherResource(r)
		}
		elsewhere = append(elsewhere, st)
	}
	s, _ := stack(elsewhere)
	said := strings.Join(append(messages(violations(t, TaskPermissionsPolicy, s)), messages(violations(t, TaskPermissionsUnverifiedPolicy, s))...), "\n")
	for _, r := range reqs {
		if r.Grant.Resource != "*" && !strings.Contains(said, r.Action+" on ") {
			t.Errorf("a grant of %s on another resource than %s is neither refused nor named:\n%s", r.Action, r.Grant.Resource, said)
		}
	}
}

// otherResource is a resource of the same form as r but another one: its
// last segment prefixed with "other-" ("*" stays "*").
func otherResource(r string) string {
	if r == "*" {
		return r
	}
	i := strings.LastIndexAny(r, "/:") + 1
	return r[:i] + "other-" + r[i:]
}

// exampleStack is a state machine whose definition is the one state, its
// role with trust for Step Functions, and a RolePolicy with stmts (an
// unrelated statement when there are none), the machine waiting for it.
func exampleStack(state integrations.TaskState, stmts []iam.Statement, preview bool) ([]policyx.AnalyzerResource, string) {
	task := map[string]any{"Type": "Task", "Resource": state.Resource, "End": true}
	if state.Parameters != nil {
		task["Parameters"] = state.Parameters
	}
	definition := map[string]any{"StartAt": "Call", "States": map[string]any{"Call": task}}
	role, policy, machine := machineStack(packtest.JSON(definition), stmts, preview)
	return packtest.Stack(role, policy, machine), machine.URN()
}
