package components

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"batchpipeline/internal/asl"
)

// evalJSONata evaluates a state's JSONata field value as Step Functions
// does: a string "{% expr %}" is evaluated with $states.input bound to the
// state's input, objects and arrays field by field, other values as they
// are. It uses github.com/blues/jsonata-go (JSONata 1.5; Step Functions
// runs 2.0.6, whose $string, $substring and $exists are the same).
func evalJSONata(t *testing.T, v any, input any) any {
	t.Helper()
	out, _ := evalJSONataStates(t, v, map[string]any{"input": input})
	return out
}

// TestFailureCausesFitStepFunctions runs the failure path of the seed
// pipeline with every parallel job failing with a 20,000-character cause
// full of quotes (a CodeBuild cause is a whole build record, as JSON):
// JobsFailed's cause stays within Step Functions' limit and still names
// each job and its error, as valid JSON. Taking the whole causes, as
// States.JsonToString($.failedJobs) did, gives more than 60,000.
func TestFailureCausesFitStepFunctions(t *testing.T) {
	args := SeedPipelineArgs()
	m, err := BuildDefinition(testAccount, args)
	if err != nil {
		t.Fatal(err)
	}
	cause := strings.Repeat(`{"phase":"BUILD","status":"FAILED"},`, 20000/36)
	var outputs, unbounded []any
	for i, b := range m.States[stateRunJobs].Branches {
		job := args.ParallelJobs[i].Name
		task := b.States[job]
		failed := b.States[task.Catch[0].Next]
		input := map[string]any{errorField: map[string]any{"Error": "States.TaskFailed", "Cause": cause}}
		outputs = append(outputs, evalJSONata(t, failed.Output, input))
		unbounded = append(unbounded, map[string]any{"job": job, "status": "FAILED", errorField: input[errorField]})
	}
	whole, _ := json.Marshal(unbounded)
	var failedJobs []any // DescribeFailures: the outputs with an error
	for _, o := range outputs {
		if _, ok := o.(map[string]any)[errorField]; ok {
			failedJobs = append(failedJobs, o)
		}
	}
	fail := m.States[stateJobsFailed]
	got, _ := evalJSONata(t, fail.Cause, map[string]any{"failedJobs": failedJobs}).(string)
	if n := utf8.RuneCountInString(got); n > asl.MaxCause || n == 0 {
		t.Fatalf("JobsFailed cause is %d characters, want 1 to %d", n, asl.MaxCause)
	}
	var back struct {
		RerunInput map[string][]string `json:"rerunInput"`
		FailedJobs []map[string]any    `json:"failedJobs"`
	}
	if err := json.Unmarshal([]byte(got), &back); err != nil {
		t.Fatalf("JobsFailed cause is not JSON (cut too short a share?): %v", err)
	}
	if want := []string{"batch-job", "ecs-task-1", "ecs-task-2"}; !slices.Equal(back.RerunInput["jobs"], want) {
		t.Errorf("the cause's rerunInput = %v, want jobs %v", back.RerunInput, want)
	}
	if len(back.FailedJobs) != len(args.ParallelJobs) {
		t.Errorf("the cause names %d failed jobs, want %d", len(back.FailedJobs), len(args.ParallelJobs))
	}
	for i, j := range back.FailedJobs {
		e, _ := j[errorField].(map[string]any)
		if j["job"] != args.ParallelJobs[i].Name || e["Error"] != "States.TaskFailed" || e["Cause"] == "" {
			t.Errorf("failed job %d in the cause = %v", i, j)
		}
	}
	if len(whole) <= asl.MaxCause {
		t.Errorf("the unbounded causes take %d characters: the test no longer exercises the limit", len(whole))
	}

	final := m.States[stateFinalJobFailed]
	long := map[string]any{"Error": "States.TaskFailed", "Cause": strings.Repeat(`"`, asl.MaxCause)}
	got, _ = evalJSONata(t, final.Cause, long).(string)
	if n := utf8.RuneCountInString(got); n > asl.MaxCause || !strings.Contains(got, "States.TaskFailed") {
		t.Errorf("FinalJobFailed cause is %d characters (%.40q...), want at most %d with the error", n, got, asl.MaxCause)
	}
}

// TestFailedBranchWithoutCause: an error without a Cause still ends the
// branch with its error.
func TestFailedBranchWithoutCause(t *testing.T) {
	m, err := BuildDefinition(testAccount, SeedPipelineArgs())
	if err != nil {
		t.Fatal(err)
	}
	b := m.States[stateRunJobs].Branches[0]
	failed := b.States[b.States["batch-job"].Catch[0].Next]
	out := evalJSONata(t, failed.Output, map[string]any{errorField: map[string]any{"Error": "States.Timeout"}}).(map[string]any)
	if e := out[errorField].(map[string]any); e["Error"] != "States.Timeout" || e["Cause"] != "" {
		t.Errorf("output %v", out)
	}
}
