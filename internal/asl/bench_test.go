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

// smallPipeline returns the shape the policy pack's benchmark analyses per
// state machine: a Parallel of an ECS task (Retry, and a Catch to a
// branch-local Pass) and a CodeBuild build, a Choice over the branches'
// errors, a final CodeBuild build, and Succeed/Fail.
func smallPipeline() *StateMachine {
	return &StateMachine{StartAt: "Jobs", States: map[string]*State{
		"Jobs": {Type: TypeParallel, Next: "Check", Branches: []*StateMachine{
			{StartAt: "job", States: map[string]*State{
				"job": {
					Type:     TypeTask,
					Resource: "arn:aws:states:::ecs:runTask.sync",
					Parameters: map[string]any{
						"Cluster":        "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch",
						"TaskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/job",
						"LaunchType":     "FARGATE",
					},
					Retry: []Retrier{{ErrorEquals: []string{"States.TaskFailed"}, MaxAttempts: Int(2)}},
					Catch: []Catcher{{ErrorEquals: []string{ErrorAll}, ResultPath: String("$.error"), Next: "jobFailed"}},
					End:   true,
				},
				"jobFailed": {Type: TypePass, End: true},
			}},
			{StartAt: "build", States: map[string]*State{
				"build": {
					Type:       TypeTask,
					Resource:   "arn:aws:states:::codebuild:startBuild.sync",
					Parameters: map[string]any{"ProjectName": "build"},
					End:        true,
				},
			}},
		}},
		"Check": {Type: TypeChoice, Choices: []ChoiceRule{{Or: []ChoiceRule{
			{Variable: "$[0].error", IsPresent: Bool(true)},
			{Variable: "$[1].error", IsPresent: Bool(true)},
		}, Next: "Failed"}}, Default: "Final"},
		"Final": {
			Type:       TypeTask,
			Resource:   "arn:aws:states:::codebuild:startBuild.sync",
			Parameters: map[string]any{"ProjectName": "final"},
			Next:       "Done",
		},
		"Failed": {Type: TypeFail, Error: "JobFailed"},
		"Done":   {Type: TypeSucceed},
	}}
}

// walkValidateInputs are the definitions BenchmarkWalk and BenchmarkValidate
// run on: the policy pack's per-machine shape, the component's pipeline
// and the widest definition the pack is expected to see.
func walkValidateInputs() []struct {
	name string
	m    *StateMachine
} {
	return []struct {
		name string
		m    *StateMachine
	}{
		{"small", smallPipeline()},
		{"pipeline", pipeline()},
		{"wide100", wideDefinition(100)},
	}
}

// BenchmarkWalk measures Walk with the callback the policy pack uses: the
// path of every Task state.
func BenchmarkWalk(b *testing.B) {
	for _, in := range walkValidateInputs() {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			tasks := 0
			for b.Loop() {
				Walk(in.m, func(sc Scope, name string, s *State) {
					if s != nil && s.Type == TypeTask && sc.StatePath(name) != "" {
						tasks++
					}
				})
			}
			if tasks == 0 {
				b.Fatal("Walk found no Task state")
			}
		})
	}
}

// BenchmarkValidate measures Validate on definitions without problems, as
// the policy pack mostly sees them.
func BenchmarkValidate(b *testing.B) {
	for _, in := range walkValidateInputs() {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if problems := Validate(in.m); len(problems) != 0 {
					b.Fatalf("Validate = %v", problems)
				}
			}
		})
	}
}
