package components

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/pulumimock"
)

// runStandalone runs register under fresh mocks and returns them.
func runStandalone(t *testing.T, register func(ctx *pulumi.Context) error) (*pulumimock.Mocks, error) {
	t.Helper()
	m := pulumimock.New("batchpipeline", "test")
	err := pulumi.RunErr(register, m.RunOption())
	return m, err
}

func TestNewCodeBuildJobAlone(t *testing.T) {
	m, err := runStandalone(t, func(ctx *pulumi.Context) error {
		_, err := NewCodeBuildJob(ctx, StandaloneJobArgs{Pipeline: "nightly", Job: codeBuildJob("build"),
			Tags: map[string]string{"team": "data"}})
		return err
	})
	if err != nil {
		t.Fatalf("NewCodeBuildJob: %v", err)
	}
	comp, ok := m.Find(CodeBuildJobType, "nightly-build")
	if !ok {
		t.Fatalf("no %s named nightly-build", CodeBuildJobType)
	}
	project, ok := m.Find(typeProject, "nightly-build")
	if !ok {
		t.Fatal("no project nightly-build")
	}
	if project.Parent != comp.URN {
		t.Errorf("project parent %s, want the job component", project.Parent)
	}
	if got := project.Inputs["tags"].ObjectValue()["team"].StringValue(); got != "data" {
		t.Errorf("project tag team = %q, want data", got)
	}
	if len(m.ByType(typeStateMachine)) != 0 {
		t.Error("a standalone job registered a state machine")
	}
}

func TestNewFargateJobAlone(t *testing.T) {
	m, err := runStandalone(t, func(ctx *pulumi.Context) error {
		job, err := NewFargateJob(ctx, StandaloneJobArgs{Pipeline: "nightly", Job: ecsJob("extract")})
		if err == nil && job == nil {
			t.Error("NewFargateJob returned no component")
		}
		return err
	})
	if err != nil {
		t.Fatalf("NewFargateJob: %v", err)
	}
	for _, want := range []struct{ typ, name string }{
		{FargateJobType, "nightly-extract"},
		{typeTaskDefinition, "nightly-extract"},
		{typeRole, "nightly-extract-exec"},
		{typeRole, "nightly-extract-task"},
	} {
		if _, ok := m.Find(want.typ, want.name); !ok {
			t.Errorf("no %s named %s", want.typ, want.name)
		}
	}
}

// TestStandaloneJobInvalid checks that bad args name their field and
// register nothing.
func TestStandaloneJobInvalid(t *testing.T) {
	tests := []struct {
		name     string
		register func(ctx *pulumi.Context) error
		want     string
	}{
		{"wrong kind", func(ctx *pulumi.Context) error {
			_, err := NewCodeBuildJob(ctx, StandaloneJobArgs{Pipeline: "nightly", Job: ecsJob("extract")})
			return err
		}, "job.ecs: this constructor registers codebuild jobs; set job.codebuild instead"},
		{"bad retention", func(ctx *pulumi.Context) error {
			_, err := NewFargateJob(ctx, StandaloneJobArgs{Pipeline: "nightly", Job: ecsJob("extract"), LogRetentionDays: 2})
			return err
		}, "logRetentionDays: 2 is not a CloudWatch Logs retention"},
		{"bad pipeline name", func(ctx *pulumi.Context) error {
			_, err := NewFargateJob(ctx, StandaloneJobArgs{Pipeline: "a b", Job: ecsJob("extract")})
			return err
		}, `pipeline: "a b" is not a valid pipeline name`},
		{"bad job", func(ctx *pulumi.Context) error {
			job := ecsJob("extract")
			job.ECS.CPU = 3
			_, err := NewFargateJob(ctx, StandaloneJobArgs{Pipeline: "nightly", Job: job})
			return err
		}, "job.ecs.cpu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := runStandalone(t, tt.register)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if regs := m.Registrations(); len(regs) != 0 {
				t.Errorf("%d resources registered before the error, want none", len(regs))
			}
		})
	}
}
