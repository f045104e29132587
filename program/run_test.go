package program

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/pulumimock"
)

// runProgram runs Run under recording mocks with the given project config
// (key without namespace -> raw value) and returns the mocks and Run's error.
func runProgram(t *testing.T, values map[string]string) (*pulumimock.Mocks, error) {
	t.Helper()
	cfg := map[string]string{}
	for k, v := range values {
		cfg[Namespace+":"+k] = v
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Under mocks the SDK reads config from PULUMI_CONFIG, as a language
	// host would pass it.
	t.Setenv("PULUMI_CONFIG", string(raw))
	m := pulumimock.New(Namespace, "test")
	return m, pulumi.RunErr(Run, m.RunOption())
}

// prodValues reads the project config values of Pulumi.prod.yaml.
func prodValues(t *testing.T) map[string]string {
	t.Helper()
	values := map[string]string{}
	lookup := stackLookup(t, loadProject(t), "Pulumi.prod.yaml")
	for _, k := range Keys() {
		if v, ok := lookup(k); ok {
			values[k] = v
		}
	}
	return values
}

func TestRunDeploysTheProdStack(t *testing.T) {
	m, err := runProgram(t, prodValues(t))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	pipelines := m.ByType("batchpipeline:index:Pipeline")
	if len(pipelines) != 1 || pipelines[0].Name != "nightly-batch" {
		t.Fatalf("registered pipelines %+v, want one named nightly-batch", pipelines)
	}
	if got := len(m.ByType("aws:ecs/taskDefinition:TaskDefinition")); got != 2 {
		t.Errorf("registered %d task definitions, want 2 (ecs-task-1, ecs-task-2)", got)
	}
	if got := len(m.ByType("aws:codebuild/project:Project")); got != 2 {
		t.Errorf("registered %d CodeBuild projects, want 2 (batch-job, final-batch-job)", got)
	}
	if got := len(m.ByType("aws:sfn/stateMachine:StateMachine")); got != 1 {
		t.Errorf("registered %d state machines, want 1", got)
	}
}

func TestRunRejectsBadConfigBeforeRegisteringAnything(t *testing.T) {
	tests := []struct {
		name   string
		change map[string]string
		want   []string
	}{
		{"no subnets for ECS jobs", map[string]string{"network": `{}`}, []string{"network.subnetIds"}},
		{"UTC-only mistake: unknown timezone", map[string]string{"schedule": `{"timezone": "Japan/Tokyo"}`}, []string{"schedule.timezone"}},
		{"misspelt key", map[string]string{"logging": `{"lvl": "ALL"}`}, []string{"batchpipeline:logging", `unknown field "lvl"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := prodValues(t)
			for k, v := range tt.change {
				values[k] = v
			}
			m, err := runProgram(t, values)
			if err == nil {
				t.Fatal("Run succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
			if regs := m.Registrations(); len(regs) != 0 {
				t.Errorf("registered %d resources before failing, want none (first: %s)", len(regs), regs[0].URN)
			}
		})
	}
}
