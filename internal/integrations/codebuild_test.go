package integrations

import (
	"slices"
	"testing"

	"batchpipeline/internal/partial"
)

func TestBuildNeeds(t *testing.T) {
	a := testAccount
	project := a.ProjectARN("report")
	tests := []struct {
		resource string
		params   map[string]any
		want     []string
		on       string // the resource of the build actions
	}{
		{"arn:aws:states:::codebuild:startBuild.sync", map[string]any{"ProjectName": "report"},
			[]string{"codebuild:StartBuild", "codebuild:BatchGetBuilds", "codebuild:StopBuild",
				"events:PutTargets", "events:PutRule", "events:DescribeRule"}, project},
		{"arn:aws:states:::codebuild:startBuild", map[string]any{"ProjectName": "report"},
			[]string{"codebuild:StartBuild"}, project},
		{"arn:aws:states:::codebuild:startBuild", map[string]any{"ProjectName": project},
			[]string{"codebuild:StartBuild"}, project},
		{"arn:aws:states:::codebuild:startBuildBatch.sync", map[string]any{"ProjectName": "report"},
			[]string{"codebuild:StartBuildBatch", "codebuild:BatchGetBuildBatches", "codebuild:StopBuildBatch",
				"events:PutTargets", "events:PutRule", "events:DescribeRule"}, project},
		{"arn:aws:states:::codebuild:startBuild", map[string]any{"ProjectName.$": "$.p"},
			[]string{"codebuild:StartBuild"}, ""},
		{"arn:aws:states:::codebuild:startBuild", map[string]any{"ProjectName": a.ClusterARN("x")},
			[]string{"codebuild:StartBuild"}, ""},
	}
	for _, tt := range tests {
		needs := call(t, tt.resource, tt.params).Requests(nightlyEnv())
		if got := actions(needs); !slices.Equal(got, tt.want) {
			t.Errorf("%s %v: needs %q, want %q", tt.resource, tt.params, got, tt.want)
		}
		for _, n := range needs {
			if n.Action == "codebuild:BatchGetReports" {
				t.Error("codebuild:BatchGetReports is required: on a project ARN it matches nothing")
			}
			if n.Action[:10] != "codebuild:" {
				continue
			}
			if known := partial.Known(n.Resource); (tt.on == "") == known || (known && n.Resource != tt.on) || (!known && whyOf(n.Resource) == "") {
				t.Errorf("%s on %q (not known: %q), want %q", n.Action, partial.Display(n.Resource), whyOf(n.Resource), tt.on)
			}
		}
	}
}

func TestBuildEventsRules(t *testing.T) {
	for resource, rule := range map[string]string{
		"arn:aws:states:::codebuild:startBuild.sync":      "StepFunctionsGetEventForCodeBuildStartBuildRule",
		"arn:aws:states:::codebuild:startBuildBatch.sync": "StepFunctionsGetEventForCodeBuildStartBuildBatchRule",
		syncRunTask: "StepFunctionsGetEventsForECSTaskRule",
	} {
		params := map[string]any{"ProjectName": "report"}
		if resource == syncRunTask {
			params = runTaskParams()
		}
		for _, n := range find(call(t, resource, params).Requests(nightlyEnv()), "events:PutRule") {
			if want := testAccount.EventsRuleARN(rule); n.Resource != want {
				t.Errorf("%s: events:PutRule on %s, want %s", resource, n.Resource, want)
			}
		}
	}
}
