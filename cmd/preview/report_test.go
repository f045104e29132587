package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"batchpipeline/internal/engine"
)

func TestResourceLabel(t *testing.T) {
	tests := []struct{ urn, want string }{
		{"urn:pulumi:prod::batchpipeline::aws:sfn/stateMachine:StateMachine::nightly", "aws:sfn:StateMachine: nightly"},
		{"urn:pulumi:prod::batchpipeline::batchpipeline:index:Pipeline$aws:iam/role:Role::nightly-sfn", "aws:iam:Role: nightly-sfn"},
		{"", "stack"},
		{"not-a-urn", "not-a-urn"},
	}
	for _, tt := range tests {
		if got := resourceLabel(tt.urn); got != tt.want {
			t.Errorf("resourceLabel(%q) = %q, want %q", tt.urn, got, tt.want)
		}
	}
}

func TestFailureMessage(t *testing.T) {
	const stackFile = "Pulumi.prod.yaml"
	tests := []struct {
		name string
		res  engine.Result
		err  error
		want string
	}{
		{
			name: "the program's own message",
			res: engine.Result{Diagnostics: []engine.Diagnostic{{Severity: "error",
				Message: "an unhandled error occurred: 1 error occurred:\n\t* batchpipeline:network.subnetIds: required when a job runs on ECS\n"}}},
			err:  errors.New("failed to run preview: exit status 1"),
			want: "the program failed:\n  batchpipeline:network.subnetIds: required when a job runs on ECS",
		},
		{
			name: "mandatory violations by policy",
			res: engine.Result{Violations: []engine.PolicyViolation{
				{PolicyName: "sfn-ecs-passrole", EnforcementLevel: "mandatory"},
				{PolicyName: "sfn-ecs-passrole", EnforcementLevel: "mandatory"},
				{PolicyName: "schedule-timezone", EnforcementLevel: "advisory"},
			}},
			err:  errors.New("failed to run preview: exit status 1"),
			want: "2 mandatory policy violation(s): sfn-ecs-passrole",
		},
		{
			name: "the CLI's error lines, naming the stack file for YAML",
			err: errors.New("engine: select stack prod: failed to create stack\nstderr: error: could not read stack configuration: " +
				"invalid YAML file: yaml: line 2: did not find expected ',' or ']'\n"),
			want: "Pulumi.prod.yaml: could not read stack configuration: invalid YAML file: yaml: line 2: did not find expected ',' or ']'",
		},
		{
			name: "the first line otherwise",
			err:  errors.New("engine: pulumi CLI /x: no such file\nmore"),
			want: "pulumi CLI /x: no such file",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := failureMessage(tt.res, tt.err, stackFile); got != tt.want {
				t.Errorf("failureMessage =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestPrintPolicies(t *testing.T) {
	res := engine.Result{
		PolicyPacks: map[string]string{"batch-pipeline-guards": "0.1.0", "other": "1.0.0"},
		Violations: []engine.PolicyViolation{
			{PolicyPack: "batch-pipeline-guards", PolicyName: "schedule-timezone", EnforcementLevel: "advisory",
				URN: "urn:pulumi:prod::p::aws:scheduler/schedule:Schedule::nightly", Message: "Schedules run in UTC.\nnightly runs at 05:00 UTC"},
			{PolicyPack: "batch-pipeline-guards", PolicyName: "sfn-ecs-passrole", EnforcementLevel: "mandatory",
				URN: "urn:pulumi:prod::p::aws:sfn/stateMachine:StateMachine::nightly", Message: "Roles must be passable.\nnightly cannot pass x\ndetail"},
		},
	}
	var b bytes.Buffer
	printPolicies(&b, res)
	got := b.String()
	for _, want := range []string{
		"    ❌ batch-pipeline-guards@v0.1.0\n" +
			"        - [mandatory]  sfn-ecs-passrole  (aws:sfn:StateMachine: nightly)\n" +
			"          Roles must be passable.\n" +
			"          nightly cannot pass x\n" +
			"        - [advisory]  schedule-timezone  (aws:scheduler:Schedule: nightly)\n",
		"    ✅ other@v1.0.0\n",
		"1 mandatory, 1 other violation(s)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks\n%s\ngot\n%s", want, got)
		}
	}
	if strings.Contains(got, "detail") {
		t.Errorf("output has more than two lines of a message:\n%s", got)
	}
}
