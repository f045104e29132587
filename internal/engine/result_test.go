package engine

import (
	"slices"
	"testing"
)

func TestProgramErrors(t *testing.T) {
	tests := []struct {
		name  string
		diags []Diagnostic
		want  []string
	}{
		{
			name: "one program error unwrapped",
			diags: []Diagnostic{{Severity: "error", Message: "an unhandled error occurred: 1 error occurred:\n\t* " +
				"batchpipeline:parallelJobs[1].ecs.cpu: 300 is not a Fargate CPU size\n\n\n"}},
			want: []string{"batchpipeline:parallelJobs[1].ecs.cpu: 300 is not a Fargate CPU size"},
		},
		{
			name: "several lines kept together",
			diags: []Diagnostic{{Severity: "error", Message: "an unhandled error occurred: 2 errors occurred:\n\t* " +
				"name: required\n\t* schedule.timezone: unknown zone Mars/Base\n"}},
			want: []string{"name: required\nschedule.timezone: unknown zone Mars/Base"},
		},
		{
			name:  "engine errors and warnings are not program errors",
			diags: []Diagnostic{{Severity: "error", Message: "preview failed"}, {Severity: "warning", Message: "an unhandled error occurred: x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Result{Diagnostics: tt.diags}.ProgramErrors()
			if !slices.Equal(got, tt.want) {
				t.Errorf("ProgramErrors() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResultQueries(t *testing.T) {
	r := Result{
		Steps: []Step{
			{URN: "u1", Type: "aws:iam/role:Role", Inputs: map[string]any{"name": "exec", "arn": Unknown}},
			{URN: "u2", Type: "aws:sfn/stateMachine:StateMachine"},
			{URN: "u3", Type: "aws:iam/role:Role"},
		},
		Violations: []PolicyViolation{
			{PolicyName: "a", EnforcementLevel: "advisory"},
			{PolicyName: "b", EnforcementLevel: "mandatory"},
		},
	}
	if got := r.StepsOfType("aws:iam/role:Role"); len(got) != 2 || got[0].URN != "u1" || got[1].URN != "u3" {
		t.Errorf("StepsOfType(role) = %v", got)
	}
	if got := r.Mandatory(); len(got) != 1 || got[0].PolicyName != "b" {
		t.Errorf("Mandatory() = %v", got)
	}
	s, ok := r.Step("u1")
	if !ok {
		t.Fatal("Step(u1) not found")
	}
	if v, ok := s.String("name"); !ok || v != "exec" {
		t.Errorf("String(name) = %q, %v", v, ok)
	}
	if _, ok := s.String("arn"); ok {
		t.Error("String(arn) of an unknown value reported known")
	}
	if _, ok := r.Step("nope"); ok {
		t.Error("Step(nope) found")
	}
}
