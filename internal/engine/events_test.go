package engine

import (
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

func TestCollectorBuildsResult(t *testing.T) {
	const urn = "urn:pulumi:prod::batchpipeline::aws:iam/role:Role::exec"
	meta := func(op apitype.OpType, inputs, outputs map[string]any) apitype.StepEventMetadata {
		return apitype.StepEventMetadata{
			Op: op, URN: urn, Type: "aws:iam/role:Role",
			New: &apitype.StepEventStateMetadata{Inputs: inputs, Outputs: outputs},
		}
	}
	stream := []apitype.EngineEvent{
		{ResourcePreEvent: &apitype.ResourcePreEvent{Metadata: meta(apitype.OpCreate, map[string]any{"name": "exec"}, nil)}},
		{PolicyEvent: &apitype.PolicyEvent{
			ResourceURN: urn, PolicyName: "sfn-ecs-passrole", PolicyPackName: "batchpipeline",
			EnforcementLevel: "mandatory", Message: "missing iam:PassRole",
		}},
		{ResOutputsEvent: &apitype.ResOutputsEvent{Metadata: meta(apitype.OpCreate, map[string]any{"name": "exec"}, map[string]any{"arn": Unknown})}},
		{DiagnosticEvent: &apitype.DiagnosticEvent{Severity: "info", Message: "noise"}},
		{DiagnosticEvent: &apitype.DiagnosticEvent{Severity: "error", Message: "preview failed"}},
		{SummaryEvent: &apitype.SummaryEvent{
			ResourceChanges: map[apitype.OpType]int{apitype.OpCreate: 1},
			PolicyPacks:     map[string]string{"batchpipeline|local|/tmp/pack": "0.0.1"},
		}},
	}
	c := newCollector()
	for _, e := range stream {
		c.ch <- events.EngineEvent{EngineEvent: e}
	}
	close(c.ch)
	r := c.finish(time.Second)

	if len(r.Steps) != 1 {
		t.Fatalf("steps = %v, want one", r.Steps)
	}
	s := r.Steps[0]
	if s.Op != "create" || s.Name != "exec" || s.Type != "aws:iam/role:Role" {
		t.Errorf("step = %+v", s)
	}
	if s.Inputs["name"] != "exec" || s.Outputs["arn"] != Unknown {
		t.Errorf("step inputs %v outputs %v", s.Inputs, s.Outputs)
	}
	if len(r.Violations) != 1 || !r.Violations[0].Mandatory() || r.Violations[0].URN != urn {
		t.Errorf("violations = %+v", r.Violations)
	}
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Message != "preview failed" {
		t.Errorf("diagnostics = %+v, want only the error", r.Diagnostics)
	}
	if r.Changes["create"] != 1 || r.PolicyPacks["batchpipeline"] != "0.0.1" {
		t.Errorf("changes %v packs %v", r.Changes, r.PolicyPacks)
	}
}

func TestCollectorFinishesWhenStreamNeverOpened(t *testing.T) {
	c := newCollector()
	start := time.Now()
	r := c.finish(50 * time.Millisecond)
	if len(r.Steps) != 0 {
		t.Errorf("steps = %v", r.Steps)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("finish waited %v", time.Since(start))
	}
}
