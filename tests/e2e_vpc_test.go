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

// TestE2EVPCFromStackReference: the network read from another stack
// through a StackReference is known at a preview, so the schedule's input
// holds it then, the verdicts are the prod stack's, and a bad id in the
// other stack's outputs fails the preview naming the field, before
// anything is deployed.
func TestE2EVPCFromStackReference(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	const netProject, netStack = "network", "shared"
	ref := "organization/" + netProject + "/" + netStack
	network := func(state string, prog pulumi.RunFunc) engine.Result {
		t.Helper()
		res, err := runE(t, engine.Up, engine.Options{
			Program: prog, Stack: netStack, ProjectName: netProject,
			Config: map[string]string{"aws:region": "ap-northeast-1"}, StateDir: state, CLI: env.CLI,
		})
		if err != nil {
			t.Fatalf("up the network stack: %v", err)
		}
		return res
	}
	pipeline := func(state string) (engine.Result, error) {
		t.Helper()
		opts := prodOptions(env, vpcexample.Program(vpcexample.Options{NetworkStack: ref}), repoRoot)
		opts.StateDir = state
		return runE(t, engine.Preview, opts)
	}

	t.Run("known at the preview", func(t *testing.T) {
		t.Parallel()
		state := t.TempDir()
		up := network(state, vpcexample.NetworkStack("shared"))
		subnets := up.StepsOfType("aws:ec2/subnet:Subnet")
		if len(subnets) != 2 {
			t.Fatalf("the network stack created %d subnets, want 2", len(subnets))
		}
		res, err := pipeline(state)
		requirePasses(t, res, err)
		schedules := res.StepsOfType("aws:scheduler/schedule:Schedule")
		if len(schedules) != 1 {
			t.Fatalf("want one schedule, got %d", len(schedules))
		}
		target, _ := schedules[0].Inputs["target"].(map[string]any)
		input, _ := target["input"].(string)
		for _, s := range subnets {
			arn, _ := s.Outputs["arn"].(string)
			id := arn[strings.LastIndex(arn, "/")+1:]
			if !strings.HasPrefix(id, "subnet-") || !strings.Contains(input, `"`+id+`"`) {
				t.Errorf("schedule input %s, want it to hold the subnet %q of the network stack", input, id)
			}
		}

		prodOpts := prodOptions(env, program.Run, repoRoot)
		prodOpts.StateDir = t.TempDir()
		prod, err := runE(t, engine.Preview, prodOpts)
		requirePasses(t, prod, err)
		if got, want := verdicts(res), verdicts(prod); !slices.Equal(got, want) {
			t.Errorf("verdicts:\n%s\nwant the prod stack's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
	t.Run("a bad id fails the preview naming the field", func(t *testing.T) {
		t.Parallel()
		state := t.TempDir()
		network(state, func(ctx *pulumi.Context) error {
			ctx.Export("subnetIds", pulumi.ToStringArray([]string{"subnet-0a1b2c3d4e5f60001", "sg-0a1b2c3d4e5f60009"}))
			ctx.Export("securityGroupIds", pulumi.ToStringArray([]string{"sg-0a1b2c3d4e5f60001"}))
			return nil
		})
		res, err := pipeline(state)
		if err == nil {
			t.Fatal("the preview passed with a security group among the subnets")
		}
		const want = `network.subnetIds[1]: "sg-0a1b2c3d4e5f60009" is not a subnet ID (subnet-...)`
		if !strings.Contains(strings.Join(res.Errors(), "\n"), want) {
			t.Errorf("errors %q, want one containing %q", res.Errors(), want)
		}
		for _, s := range res.StepsOfType("aws:scheduler/schedule:Schedule") {
			t.Errorf("the schedule %s was planned although its input is invalid", s.Name)
		}
	})
}
