package pack

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// policyNamed returns the pack's policy called name.
func policyNamed(t *testing.T, name string) policyx.Policy {
	t.Helper()
	for _, p := range Policies() {
		if p.Name() == name {
			return p
		}
	}
	t.Fatalf("no policy %q in the pack", name)
	return nil
}

// violations runs one policy of the pack over resources.
func violations(t *testing.T, policy string, resources []policyx.AnalyzerResource) []packtest.Violation {
	t.Helper()
	vs, err := packtest.Run([]policyx.Policy{policyNamed(t, policy)}, resources)
	if err != nil {
		t.Fatalf("policy %s returned an error (the engine would fail the analysis): %v", policy, err)
	}
	for _, v := range vs {
		if strings.Contains(v.Message, "internal error") {
			t.Errorf("policy %s hit its recover path: %s", policy, v)
		}
	}
	return vs
}

// assertNoViolations fails unless policy reports nothing.
func assertNoViolations(t *testing.T, policy string, resources []policyx.AnalyzerResource) {
	t.Helper()
	for _, v := range violations(t, policy, resources) {
		t.Errorf("unexpected violation %s", v)
	}
}

// assertViolation fails unless policy reports exactly one violation, on
// urn, whose message holds every fragment. It returns the message.
func assertViolation(t *testing.T, policy, urn string, resources []policyx.AnalyzerResource, fragments ...string) string {
	t.Helper()
	vs := violations(t, policy, resources)
	if len(vs) != 1 {
		t.Fatalf("policy %s: want 1 violation on %s, got %d:\n%v", policy, urn, len(vs), vs)
	}
	v := vs[0]
	if v.URN != urn {
		t.Errorf("policy %s: violation on %s, want %s", policy, v.URN, urn)
	}
	assertFragments(t, v.Message, fragments...)
	return v.Message
}

// assertFragments fails for every fragment msg lacks.
func assertFragments(t *testing.T, msg string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !strings.Contains(msg, f) {
			t.Errorf("message lacks %q:\n%s", f, msg)
		}
	}
}

// assertLacks fails for every fragment msg holds.
func assertLacks(t *testing.T, msg string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if strings.Contains(msg, f) {
			t.Errorf("message holds %q:\n%s", f, msg)
		}
	}
}

// machineStack is a state machine "m" whose definition is given, its role
// "sfn" trusted by Step Functions, and the role's RolePolicy "sfn" with
// stmts (an unrelated statement when there are none), the machine waiting
// for it; known (testAcct's ARNs), or as at a first preview: the ARNs
// unknown, the machine's roleArn built from the role.
func machineStack(definition property.Value, stmts []iam.Statement, preview bool) (role, policy, machine *packtest.Resource) {
	if len(stmts) == 0 {
		stmts = []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"s3:ListAllMyBuckets"}, Resource: iam.Strings{"*"}}}
	}
	role = packtest.New(stackmodel.TypeRole, "sfn").Set("name", packtest.Str("sfn")).
		Set("assumeRolePolicy", packtest.JSON(map[string]any{"Statement": []any{map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}}}))
	policy = packtest.New(stackmodel.TypeRolePolicy, "sfn").Set("role", packtest.Str("sfn")).Set("policy", doc(stmts...))
	machine = packtest.New(stackmodel.TypeStateMachine, "m").Set("name", packtest.Str("m")).
		Set("definition", definition).Waits(policy.URN())
	if preview {
		role.Unknown("arn")
		machine.Unknown("arn").Set("roleArn", packtest.WithDeps(packtest.Unknown(), role.URN()))
	} else {
		role.Set("arn", packtest.Str(testAcct.RoleARN("/", "sfn")))
		machine.Set("arn", packtest.Str(testAcct.StateMachineARN("m"))).Set("roleArn", packtest.Str(testAcct.RoleARN("/", "sfn")))
	}
	return role, policy, machine
}
