package asl

import (
	"fmt"
	"os"
	"testing"
)

// wideDefinition returns the pipeline shape with n branches: each a Task
// with Retry and a Catch to a branch-local Pass, then a Choice over every
// branch's error.
func wideDefinition(n int) *StateMachine {
	branches := make([]*StateMachine, n)
	anyFailed := make([]ChoiceRule, n)
	for i := range n {
		run, failed := fmt.Sprintf("Run%03d", i), fmt.Sprintf("Failed%03d", i)
		branches[i] = &StateMachine{StartAt: run, States: map[string]*State{
			run: {
				Type:     TypeTask,
				Resource: "arn:aws:states:::ecs:runTask.sync",
				Parameters: map[string]any{
					"Cluster":        "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch",
					"TaskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/" + run,
				},
				Retry: []Retrier{{ErrorEquals: []string{"States.TaskFailed"}, MaxAttempts: Int(2)}},
				Catch: []Catcher{{ErrorEquals: []string{ErrorAll}, ResultPath: String("$.error"), Next: failed}},
				End:   true,
			},
			failed: {Type: TypePass, End: true},
		}}
		anyFailed[i] = ChoiceRule{Variable: fmt.Sprintf("$[%d].error", i), IsPresent: Bool(true)}
	}
	return &StateMachine{StartAt: "Jobs", States: map[string]*State{
		"Jobs":   {Type: TypeParallel, Branches: branches, Next: "Check"},
		"Check":  {Type: TypeChoice, Choices: []ChoiceRule{{Or: anyFailed, Next: "Failed"}}, Default: "Done"},
		"Failed": {Type: TypeFail},
		"Done":   {Type: TypeSucceed},
	}}
}

func BenchmarkParseValidate100Branches(b *testing.B) {
	data, err := wideDefinition(100).JSON()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := Parse([]byte(data))
		if err != nil {
			b.Fatal(err)
		}
		if problems := Validate(m); len(problems) != 0 {
			b.Fatalf("Validate = %v", problems)
		}
	}
}

// BenchmarkParse measures Parse alone on the pipeline definition the
// component builds (3 jobs), on wide ones (3 and 100 branches, about the
// sizes the policy pack sees per state machine and at worst), and on
// testdata/operators.json, which holds every kind of field the model keeps.
func BenchmarkParse(b *testing.B) {
	operators, err := os.ReadFile("testdata/operators.json")
	if err != nil {
		b.Fatal(err)
	}
	inputs := []struct {
		name string
		data []byte
	}{
		{"pipeline", []byte(mustJSON(b, pipeline()))},
		{"wide3", []byte(mustJSON(b, wideDefinition(3)))},
		{"wide100", []byte(mustJSON(b, wideDefinition(100)))},
		{"operators", operators},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
