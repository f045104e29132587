package pack

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// TestCredentialsTrust: the role of a Task state's Credentials must let
// the state machine's role assume it, as AWS combines its trust policy
// with the caller's identity policies (docs/research/credentials-trust.md,
// section 6): in the same account a trust naming the state machine's role
// is enough alone; one naming the account needs the state machine's
// identity policy to allow sts:AssumeRole too; across accounts both must
// allow; a trust naming another role, or only Step Functions, rules it
// out. Known, and at a first preview when the roles' ARNs are built from
// their names. The trust policies are literals as a user writes them.
func TestCredentialsTrust(t *testing.T) {
	const other = "210987654321"
	for _, preview := range []bool{false, true} {
		p := pipeline{name: "nightly", preview: preview}
		machineRole := p.roleARN(kSFNRole)
		assume := func(resource string) iam.Statement {
			return iam.Statement{Effect: iam.Allow, Action: iam.Strings{"sts:AssumeRole"}, Resource: iam.Strings{resource}}
		}
		trust := func(principal any, extra map[string]any) property.Value {
			st := map[string]any{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
			for k, v := range extra {
				st[k] = v
			}
			return packtest.JSON(map[string]any{"Version": "2012-10-17", "Statement": []any{st}})
		}
		aws := func(v string) map[string]any { return map[string]any{"AWS": v} }
		tests := []struct {
			name    string
			account string // the Credentials role's account
			trust   property.Value
			assume  bool // the state machine's role may assume it
			policy  string
			want    []string
		}{
			{"the state machine's role, no identity statement", testAcct.ID, trust(aws(machineRole), nil), false, "", nil},
			{"the account, with an identity statement", testAcct.ID, trust(aws("arn:aws:iam::123456789012:root"), nil), true, "", nil},
			{"the account, without an identity statement", testAcct.ID, trust(aws(testAcct.ID), nil), false, RoleTrustPolicy,
				[]string{`which role "nightly-sfn" cannot assume`, `its trust policy names the account of role "nightly-sfn"`,
					`Add this statement to a policy of role "nightly-sfn"`}},
			{"another role", testAcct.ID, trust(aws(p.roleARN(kTaskRole)), nil), true, RoleTrustPolicy,
				[]string{`no statement of its trust policy lets role "nightly-sfn" call sts:AssumeRole`,
					"Add this statement to the trust policy (assumeRolePolicy) of role \"runner\"", `"AWS": [`, `"` + machineRole + `"`,
					"the state fails each time it runs"}},
			{"Step Functions itself", testAcct.ID, trust(map[string]any{"Service": "states.amazonaws.com"}, nil), true, RoleTrustPolicy,
				[]string{`no statement of its trust policy lets role "nightly-sfn" call sts:AssumeRole`}},
			{"a Deny of the account", testAcct.ID, packtest.JSON(map[string]any{"Statement": []any{
				map[string]any{"Effect": "Allow", "Principal": aws(machineRole), "Action": "sts:AssumeRole"},
				map[string]any{"Effect": "Deny", "Principal": aws(testAcct.ID), "Action": "sts:AssumeRole"}}}), true, RoleTrustPolicy,
				[]string{"a Deny statement of its trust policy applies", "and remove the Deny that applies"}},
			// The external ID Step Functions sends is not documented.
			{"an external ID", testAcct.ID, trust(aws(machineRole), map[string]any{"Condition": map[string]any{
				"StringEquals": map[string]any{"sts:ExternalId": p.machineARN()}}}), true, RoleTrustUnverifiedPolicy,
				[]string{`whether role "nightly-sfn" can assume role "runner" could not be verified`, "sts:ExternalId"}},
			{"another account, trusted, with an identity statement", other, trust(aws(machineRole), nil), true, "", nil},
			{"another account, trusted, without an identity statement", other, trust(aws(machineRole), nil), false, RoleTrustPolicy,
				[]string{`which role "nightly-sfn" cannot assume`, "no statement of its 1 known policy document(s) allows it"}},
		}
		for _, tt := range tests {
			name := map[bool]string{false: "known/", true: "first-preview/"}[preview] + tt.name
			t.Run(name, func(t *testing.T) {
				runner := "arn:aws:iam::" + tt.account + ":role/runner"
				pp := p
				pp.sfnStatements = p.goodStatements()
				if tt.assume {
					pp.sfnStatements = with(pp.sfnStatements, assume(runner))
				}
				def := pp.defaultDefinition()
				jobState(def)["Credentials"] = map[string]any{"RoleArn": runner}
				pp.definition = def
				stack := editedStack(pp, func(b map[string]*packtest.Resource) []*packtest.Resource {
					return []*packtest.Resource{
						packtest.New(stackmodel.TypeRole, "runner").Set("name", packtest.Str("runner")).Set("arn", packtest.Str(runner)).
							Set("assumeRolePolicy", tt.trust),
						packtest.New(stackmodel.TypeRolePolicy, "runner").Set("role", packtest.Str("runner")).
							Set("policy", doc(p.goodStatements()...)),
					}
				})
				policy, want := tt.policy, tt.want
				if preview && tt.account == other {
					// The stack now shows two accounts, and the state
					// machine's role is not created yet: which is its
					// account is not known.
					policy, want = RoleTrustUnverifiedPolicy, []string{"depends on ACCOUNT_ID: the account is one of those the stack shows"}
				}
				for _, pol := range []string{RoleTrustPolicy, RoleTrustUnverifiedPolicy, TaskPermissionsPolicy, PassRolePolicy} {
					if pol != policy {
						assertNoViolations(t, pol, stack)
					}
				}
				if policy != "" {
					msg := assertViolation(t, policy, pp.urn(kMachine), stack, want...)
					for _, w := range want {
						if n := strings.Count(msg, w); n > 1 && !strings.HasPrefix(w, `"`) {
							t.Errorf("message says %q %d times:\n%s", w, n, msg)
						}
					}
				}
			})
		}
	}
}

// TestCredentialsTrustNotKnown: a Credentials role the pack cannot read,
// or one the state chooses at run time, is named as undecided, never
// passed in silence nor refused.
func TestCredentialsTrustNotKnown(t *testing.T) {
	p := pipeline{name: "nightly"}
	for _, tt := range []struct {
		name        string
		credentials map[string]any
		want        string
	}{
		{"a role outside the stack", map[string]any{"RoleArn": "arn:aws:iam::123456789012:role/elsewhere"},
			"its trust policy cannot be read: role arn:aws:iam::123456789012:role/elsewhere is not a Role of this stack"},
		{"chosen at run time", map[string]any{"RoleArn.$": "$.role"}, "its trust policy cannot be read"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pp := p
			pp.sfnStatements = with(p.goodStatements(), iam.Statement{Effect: iam.Allow, Action: iam.Strings{"sts:AssumeRole"}, Resource: iam.Strings{"*"}})
			def := pp.defaultDefinition()
			jobState(def)["Credentials"] = tt.credentials
			pp.definition = def
			stack := pp.stack()
			assertNoViolations(t, RoleTrustPolicy, stack)
			assertViolation(t, RoleTrustUnverifiedPolicy, pp.urn(kMachine), stack, tt.want)
		})
	}
}
