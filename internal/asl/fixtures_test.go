package asl

import (
	"encoding/json"
	"fmt"
	"testing"
)

// pipeline returns the definition the pipeline component builds: a
// Parallel of one branch per job, each a Task with Retry and a Catch to a
// branch-local Pass that ends the branch with the error at $.error; then a
// Choice that fails if any branch has an error, else a final Task whose
// own Catch goes to a Fail.
func pipeline() *StateMachine {
	pipelineJobs := []string{"Ingest", "Aggregate", "Export"}
	branches := make([]*StateMachine, len(pipelineJobs))
	anyFailed := make([]ChoiceRule, len(pipelineJobs))
	for i, job := range pipelineJobs {
		branches[i] = &StateMachine{
			StartAt: "Run" + job,
			States: map[string]*State{
				"Run" + job: {
					Type:     TypeTask,
					Resource: "arn:aws:states:::ecs:runTask.sync",
					Parameters: map[string]any{
						"Cluster":        "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch",
						"TaskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/" + job,
						"LaunchType":     "FARGATE",
						"NetworkConfiguration": map[string]any{
							"AwsvpcConfiguration": map[string]any{
								"Subnets":        []any{"subnet-0a1b2c3d"},
								"SecurityGroups": []any{"sg-0a1b2c3d"},
								"AssignPublicIp": "DISABLED",
							},
						},
					},
					Retry: []Retrier{{
						ErrorEquals:     []string{"States.TaskFailed"},
						IntervalSeconds: 30,
						MaxAttempts:     Int(2),
						BackoffRate:     2,
					}},
					Catch: []Catcher{{
						ErrorEquals: []string{ErrorAll},
						ResultPath:  String("$.error"),
						Next:        job + "Failed",
					}},
					End: true,
				},
				job + "Failed": {Type: TypePass, Comment: job + " failed; the branch ends normally so the others finish", End: true},
			},
		}
		anyFailed[i] = ChoiceRule{Variable: fmt.Sprintf("$[%d].error", i), IsPresent: Bool(true)}
	}
	return &StateMachine{
		Comment: "Nightly batch",
		StartAt: "RunJobs",
		States: map[string]*State{
			"RunJobs": {Type: TypeParallel, Branches: branches, Next: "CheckJobs"},
			"CheckJobs": {
				Type:    TypeChoice,
				Choices: []ChoiceRule{{Or: anyFailed, Next: "JobsFailed"}},
				Default: "Publish",
			},
			"JobsFailed": {Type: TypeFail, Error: "JobFailed", Cause: "at least one job failed"},
			"Publish": {
				Type:       TypeTask,
				Resource:   "arn:aws:states:::codebuild:startBuild.sync",
				Parameters: map[string]any{"ProjectName": "publish"},
				Catch:      []Catcher{{ErrorEquals: []string{ErrorAll}, Next: "PublishFailed"}},
				End:        true,
			},
			"PublishFailed": {Type: TypeFail, Error: "PublishFailed"},
		},
	}
}

// mustParse parses a definition written in a test.
func mustParse(t testing.TB, definition string) *StateMachine {
	t.Helper()
	m, err := Parse([]byte(definition))
	if err != nil {
		t.Fatalf("Parse(%s): %v", definition, err)
	}
	return m
}

// mustJSON marshals m compactly.
func mustJSON(t testing.TB, m *StateMachine) string {
	t.Helper()
	s, err := m.JSON()
	if err != nil {
		t.Fatalf("JSON: %v", err)
	}
	return s
}

// sameJSON reports whether a and b hold the same JSON value, ignoring
// formatting and key order.
func sameJSON(t testing.TB, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("unmarshal %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("unmarshal %s: %v", b, err)
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return string(ja) == string(jb)
}
