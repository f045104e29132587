package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/examples/vpc/vpcexample"
	"batchpipeline/internal/engine"
	"batchpipeline/policies/pack"
	"batchpipeline/program"
)

// verdicts renders the policy events of a run, one line each, sorted:
// what two runs are compared by.
func verdicts(res engine.Result) []string {
	out := make([]string, len(res.Violations))
	for i, v := range res.Violations {
		out[i] = fmt.Sprintf("%s %s %s %s", v.EnforcementLevel, v.PolicyName, v.URN, v.Message)
	}
	slices.Sort(out)
	return out
}

// TestE2EVPCExampleFirstPreview previews examples/vpc (the prod stack's
// config, with the network from a VPC the program builds: Outputs unknown
// at a first preview) through the real engine and the pack: the
// definition and every IAM document are known, the schedule's input
// (which carries the network) is not, and the verdicts are the prod
// stack's, word for word.
func TestE2EVPCExampleFirstPreview(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	prodOpts := prodOptions(env, program.Run, repoRoot)
	prodOpts.StateDir = t.TempDir()
	prod, err := runE(t, engine.Preview, prodOpts)
	requirePasses(t, prod, err)

	opts := prodOptions(env, vpcexample.Run, repoRoot)
	opts.StateDir = t.TempDir()
	res, err := runE(t, engine.Preview, opts)
	requirePasses(t, res, err)

	if n := len(res.StepsOfType("aws:ec2/subnet:Subnet")); n != 2 {
		t.Fatalf("%d subnets among the steps, want the example's 2", n)
	}
	machines := res.StepsOfType("aws:sfn/stateMachine:StateMachine")
	if len(machines) != 1 {
		t.Fatalf("want one state machine, got %d", len(machines))
	}
	definition, known := machines[0].String("definition")
	if !known || !strings.Contains(definition, `"NetworkConfiguration.$":"$.network"`) {
		t.Fatalf("definition known=%v, want it known and reading the network from the input:\n%.400s", known, definition)
	}
	policies := res.StepsOfType("aws:iam/rolePolicy:RolePolicy")
	if len(policies) == 0 {
		t.Fatal("no role policy among the steps")
	}
	for _, s := range policies {
		requireKnown(t, res, s.Type, s.Name, "policy")
	}
	for _, s := range res.StepsOfType("aws:scheduler/schedule:Schedule") {
		target, _ := s.Inputs["target"].(map[string]any)
		if target["input"] != engine.Unknown {
			t.Errorf("schedule input = %v, want unknown at a first preview (it carries the subnets)", target["input"])
		}
	}

	if got, want := verdicts(res), verdicts(prod); !slices.Equal(got, want) {
		t.Errorf("verdicts of the VPC example:\n%s\nwant the prod stack's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestE2EVPCExampleWithoutPassRoleFails: the guard keeps its verdicts
// with the network as Outputs: without PassRole the example's first
// preview fails as the prod stack's does.
func TestE2EVPCExampleWithoutPassRoleFails(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	removed := &passRoleLog{}
	prog := func(ctx *pulumi.Context) error {
		if err := ctx.RegisterResourceTransform(withoutPassRole(removed)); err != nil {
			return fmt.Errorf("register transform: %w", err)
		}
		return vpcexample.Run(ctx)
	}
	opts := prodOptions(env, prog, repoRoot)
	opts.StateDir = t.TempDir()
	res, err := runE(t, engine.Preview, opts)
	roles := removed.roleNames()
	if len(roles) == 0 {
		t.Fatal("the transform removed no iam:PassRole: this test proves nothing")
	}
	machines := res.StepsOfType("aws:sfn/stateMachine:StateMachine")
	if len(machines) != 1 {
		t.Fatalf("want one state machine, got %d", len(machines))
	}
	machine, _ := machines[0].String("name")
	requireViolation(t, res, err, pack.PassRolePolicy, append([]string{machine}, roles...)...)
}
