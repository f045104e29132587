package pulumimock

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

type testComponent struct {
	pulumi.ResourceState
}

// program registers a component with a role and a task definition that
// uses the role's ARN, and reads the three environment invokes.
func program(got map[string]string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		id, err := aws.GetCallerIdentity(ctx, nil)
		if err != nil {
			return err
		}
		part, err := aws.GetPartition(ctx, nil)
		if err != nil {
			return err
		}
		reg, err := aws.GetRegion(ctx, nil)
		if err != nil {
			return err
		}
		got["account"], got["partition"], got["region"] = id.AccountId, part.Partition, reg.Name

		comp := &testComponent{}
		if err := ctx.RegisterComponentResource("test:index:Comp", "comp", comp); err != nil {
			return err
		}
		role, err := iam.NewRole(ctx, "role", &iam.RoleArgs{
			Name:             pulumi.String("my-role"),
			AssumeRolePolicy: pulumi.String(`{}`),
		}, pulumi.Parent(comp))
		if err != nil {
			return err
		}
		td, err := ecs.NewTaskDefinition(ctx, "td", &ecs.TaskDefinitionArgs{
			Family:               pulumi.String("fam"),
			ContainerDefinitions: pulumi.String(`[]`),
			ExecutionRoleArn:     role.Arn,
		}, pulumi.Parent(comp), pulumi.DependsOn([]pulumi.Resource{role}))
		if err != nil {
			return err
		}
		for key, out := range map[string]pulumi.StringOutput{"roleArn": role.Arn, "tdArn": td.Arn} {
			r, err := internals.UnsafeAwaitOutput(ctx.Context(), out)
			if err != nil {
				return err
			}
			got[key], _ = r.Value.(string)
		}
		return nil
	}
}

func TestMocksRecordAndSynthesize(t *testing.T) {
	m := New("proj", "dev")
	got := map[string]string{}
	if err := pulumi.RunErr(program(got), m.RunOption()); err != nil {
		t.Fatalf("RunErr: %v", err)
	}

	want := map[string]string{
		"account":   DefaultAccountID,
		"partition": "aws",
		"region":    DefaultRegion,
		"roleArn":   "arn:aws:iam::123456789012:role/my-role",
		"tdArn":     "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/fam:1",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}

	regs := m.Registrations()
	if len(regs) != 3 {
		t.Fatalf("recorded %d registrations, want 3: %+v", len(regs), regs)
	}
	comp, role, td := regs[0], regs[1], regs[2]
	if comp.Type != "test:index:Comp" || comp.Custom || comp.Parent != m.StackURN() {
		t.Errorf("component recorded as %+v, want custom=false, parent %s", comp, m.StackURN())
	}
	if want := "urn:pulumi:dev::proj::test:index:Comp$aws:iam/role:Role::role"; role.URN != want {
		t.Errorf("role URN = %s, want %s", role.URN, want)
	}
	if role.Parent != comp.URN || td.Parent != comp.URN {
		t.Errorf("parents = %s, %s; want %s", role.Parent, td.Parent, comp.URN)
	}
	if deps := td.PropertyDependencies["executionRoleArn"]; len(deps) != 1 || deps[0] != role.URN {
		t.Errorf("executionRoleArn property dependencies = %v, want [%s]", deps, role.URN)
	}
	if len(td.Dependencies) != 1 || td.Dependencies[0] != role.URN {
		t.Errorf("task definition dependencies = %v, want [%s]", td.Dependencies, role.URN)
	}
	if got := td.Outputs["revision"].NumberValue(); got != 1 {
		t.Errorf("revision = %v, want 1", got)
	}
	if rs := m.ByType("aws:iam/role:Role"); len(rs) != 1 || rs[0].Name != "role" {
		t.Errorf("ByType(role) = %+v", rs)
	}
	if _, ok := m.Find("aws:ecs/taskDefinition:TaskDefinition", "td"); !ok {
		t.Error("Find(task definition) found nothing")
	}
	if _, ok := m.ByURN(role.URN); !ok {
		t.Error("ByURN(role) found nothing")
	}
	if n := len(m.Invocations()); n != 3 {
		t.Errorf("recorded %d invokes, want 3", n)
	}
}

func TestMocksOtherEnvironment(t *testing.T) {
	for _, partition := range []string{"aws-cn", ""} { // "": the region's
		m := New("proj", "dev")
		m.Partition, m.Region, m.AccountID = partition, "cn-north-1", "210987654321"
		got := map[string]string{}
		if err := pulumi.RunErr(program(got), m.RunOption()); err != nil {
			t.Fatalf("RunErr: %v", err)
		}
		if want := "arn:aws-cn:iam::210987654321:role/my-role"; got["roleArn"] != want {
			t.Errorf("partition %q: roleArn = %q, want %q", partition, got["roleArn"], want)
		}
		if got["partition"] != "aws-cn" {
			t.Errorf("partition %q: getPartition = %q, want aws-cn", partition, got["partition"])
		}
	}
}

func TestMocksUnknownInvokeFails(t *testing.T) {
	m := New("proj", "dev")
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := aws.GetAvailabilityZones(ctx, nil)
		return err
	}, m.RunOption())
	if err == nil {
		t.Fatal("an unanswered invoke succeeded")
	}
}

func TestMocksPreviewLeavesComputedOutputsUnknown(t *testing.T) {
	m := New("proj", "dev")
	m.Preview = true
	var dryRun, known bool
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		dryRun = ctx.DryRun()
		role, err := iam.NewRole(ctx, "role", &iam.RoleArgs{
			Name:             pulumi.String("my-role"),
			AssumeRolePolicy: pulumi.String(`{}`),
		})
		if err != nil {
			return err
		}
		if _, err := ecs.NewTaskDefinition(ctx, "td", &ecs.TaskDefinitionArgs{
			Family:               pulumi.String("fam"),
			ContainerDefinitions: pulumi.String(`[]`),
			ExecutionRoleArn:     role.Arn,
		}); err != nil {
			return err
		}
		r, err := internals.UnsafeAwaitOutput(ctx.Context(), role.Arn)
		known = r.Known
		return err
	}, m.RunOption())
	if err != nil {
		t.Fatalf("RunErr: %v", err)
	}
	if !dryRun {
		t.Error("ctx.DryRun() is false in preview mode")
	}
	if known {
		t.Error("the role ARN is known in a first preview")
	}
	regs := m.Registrations()
	if len(regs) != 2 || regs[0].ID != "" || !regs[0].Inputs["name"].IsString() {
		t.Fatalf("registrations = %+v", regs)
	}
	if v := regs[1].Inputs["executionRoleArn"]; !v.IsComputed() {
		t.Errorf("executionRoleArn recorded as %v, want computed (unknown in a first preview)", v)
	}
	if v := regs[1].Outputs["executionRoleArn"]; !v.IsComputed() {
		t.Errorf("executionRoleArn output %v, want computed", v)
	}
}
