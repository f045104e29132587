package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// TestManagedRuleGrantedBeforeTheMachine: Step Functions checks the grants
// of a .sync state's managed EventBridge rule when the state machine is
// created or updated ("is not authorized to create managed-rule":
// nasa/cumulus#2693, terraform-aws-modules/terraform-aws-step-functions
// #33 and #41), so the state machine must wait for what attaches them: a
// RolePolicy or attachment it depends on, directly or through another
// resource, or the role itself (inline policies, which its roleArn
// already waits for). Without it the engine may create both at once and
// the deploy fails; sfn-task-permissions refuses it and says what to
// depend on. A grant that is missing is refused as ever, with its
// statement.
func TestManagedRuleGrantedBeforeTheMachine(t *testing.T) {
	rule := func(p pipeline) []iam.Statement {
		var out []iam.Statement
		for _, st := range p.goodStatements() {
			if st.Sid == "ManagedEventsRules" {
				out = append(out, st)
			}
		}
		return out
	}
	others := func(p pipeline) []iam.Statement {
		var out []iam.Statement
		for _, st := range p.goodStatements() {
			if st.Sid != "ManagedEventsRules" {
				out = append(out, st)
			}
		}
		return out
	}
	tests := []struct {
		name string
		// edit changes the pipeline's resources (unordered: the machine
		// does not wait for its RolePolicy) and adds more.
		unordered bool
		edit      func(p pipeline, b map[string]*packtest.Resource) []*packtest.Resource
		want      []string // fragments of the violation; nil: none
	}{
		{"the machine waits for its RolePolicy", false, nil, nil},
		{"it does not", true, nil, []string{
			`events:PutRule on arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule`,
			`CreateStateMachine and UpdateStateMachine check it: the deploy itself fails ("is not authorized to create managed-rule")`,
			`it is allowed by RolePolicy "nightly-sfnPolicy", which state machine "nightly" does not wait for`,
			`Make state machine "nightly" depend on RolePolicy "nightly-sfnPolicy" (the dependsOn resource option)`}},
		{"it waits through another resource", true, func(p pipeline, b map[string]*packtest.Resource) []*packtest.Resource {
			gate := packtest.New("random:index/randomId:RandomId", "gate").Waits(p.urn(kSFNPolicy))
			b[kMachine].Waits(gate.URN())
			return []*packtest.Resource{gate}
		}, nil},
		{"the rule's grant is inline in the role", true, func(p pipeline, b map[string]*packtest.Resource) []*packtest.Resource {
			b[kSFNPolicy].Set("policy", doc(others(p)...))
			b[kSFNRole].Set("inlinePolicies", packtest.List(packtest.Obj(map[string]property.Value{
				"name": packtest.Str("rules"), "policy": doc(rule(p)...)})))
			return nil
		}, nil},
		{"attached by an attachment the machine does not wait for", false, func(p pipeline, b map[string]*packtest.Resource) []*packtest.Resource {
			b[kSFNPolicy].Set("policy", doc(others(p)...))
			policy := packtest.New(stackmodel.TypePolicy, "rules").Set("name", packtest.Str("rules")).
				Set("arn", packtest.Str("arn:aws:iam::123456789012:policy/rules")).Set("policy", doc(rule(p)...))
			attach := packtest.New(stackmodel.TypeRolePolicyAttachment, "rules").
				Set("role", packtest.Str(p.roleName(kSFNRole))).Set("policyArn", packtest.Str("arn:aws:iam::123456789012:policy/rules"))
			b[kMachine].Waits(policy.URN()) // the policy exists, but is not yet on the role
			return []*packtest.Resource{policy, attach}
		}, []string{`it is allowed by RolePolicyAttachment "rules", which state machine "nightly" does not wait for`,
			`Make state machine "nightly" depend on RolePolicyAttachment "rules"`}},
	}
	for _, preview := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(map[bool]string{false: "known/", true: "first-preview/"}[preview]+tt.name, func(t *testing.T) {
				p := pipeline{name: "nightly", preview: preview, unordered: tt.unordered}
				stack := editedStack(p, func(b map[string]*packtest.Resource) []*packtest.Resource {
					if tt.edit == nil {
						return nil
					}
					return tt.edit(p, b)
				})
				assertNoViolations(t, TaskPermissionsUnverifiedPolicy, stack)
				if tt.want == nil {
					assertNoViolations(t, TaskPermissionsPolicy, stack)
					return
				}
				msg := assertViolation(t, TaskPermissionsPolicy, p.urn(kMachine), stack, tt.want...)
				assertLacks(t, msg, "Add these statements")
			})
		}
	}
	// Without .sync there is no managed rule, and nothing to wait for.
	p := pipeline{name: "nightly", unordered: true}
	def := p.defaultDefinition()
	jobState(def)["Resource"] = "arn:aws:states:::ecs:runTask"
	def["States"].(map[string]any)["Final"].(map[string]any)["Resource"] = "arn:aws:states:::codebuild:startBuild"
	p.definition = def
	assertNoViolations(t, TaskPermissionsPolicy, p.stack())
}
