package components

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"batchpipeline/internal/asl"
)

// The seed pipeline's jobs, as literals: the oracles below do not read
// them from the code under test.
const (
	seedBatch = "batch-job"
	seedECS1  = "ecs-task-1"
	seedECS2  = "ecs-task-2"
	seedFinal = "final-batch-job"
)

// failed is a scripted Task failure.
var failed = taskOutcome{Error: "States.TaskFailed", Cause: `{"stoppedReason":"Essential container in task exited"}`}

// rerunCause is the part of JobsFailed's cause the tests read.
type rerunCause struct {
	RerunInput map[string]any `json:"rerunInput"`
	FailedJobs []struct {
		Job    string `json:"job"`
		Status string `json:"status"`
		Error  struct {
			Error string `json:"Error"`
		} `json:"error"`
	} `json:"failedJobs"`
}

// parseRerunCause decodes a JobsFailed cause.
func parseRerunCause(t *testing.T, cause string) rerunCause {
	t.Helper()
	var c rerunCause
	if err := json.Unmarshal([]byte(cause), &c); err != nil {
		t.Fatalf("JobsFailed cause is not JSON: %v\n%s", err, cause)
	}
	return c
}

// seedDefinitionUnderMocks is the definition the seed pipeline registers
// under the mocks, parsed back from its JSON.
func seedDefinitionUnderMocks(t *testing.T) *asl.StateMachine {
	t.Helper()
	return deploy(t, SeedPipelineArgs()).definition(t)
}

// TestRunSelectedJobs runs the registered definition of the seed pipeline
// in the interpreter: which jobs run, in which order, and how the
// execution ends, for each execution input.
func TestRunSelectedJobs(t *testing.T) {
	m := seedDefinitionUnderMocks(t)
	for _, tc := range []struct {
		name     string
		input    string
		outcomes map[string]taskOutcome
		ran      []string
		error    string // "" for SUCCEEDED
		cause    string // the exact cause of UnknownJobs
		rerun    []string
	}{
		{name: "no jobs list runs every job, then the final job", input: `{}`,
			ran: []string{seedBatch, seedECS1, seedECS2, seedFinal}},
		{name: "other input fields run every job", input: `{"note": "manual"}`,
			ran: []string{seedBatch, seedECS1, seedECS2, seedFinal}},
		{name: "one job selected", input: `{"jobs": ["ecs-task-1"]}`,
			ran: []string{seedECS1, seedFinal}},
		{name: "two jobs selected, in any order", input: `{"jobs": ["ecs-task-2", "batch-job"]}`,
			ran: []string{seedBatch, seedECS2, seedFinal}},
		{name: "every job named", input: `{"jobs": ["batch-job", "ecs-task-1", "ecs-task-2"]}`,
			ran: []string{seedBatch, seedECS1, seedECS2, seedFinal}},
		{name: "an empty list runs only the final job", input: `{"jobs": []}`,
			ran: []string{seedFinal}},
		{name: "a selected job fails: no final job", input: `{"jobs": ["ecs-task-1"]}`,
			outcomes: map[string]taskOutcome{seedECS1: failed},
			ran:      []string{seedECS1}, error: ErrorJobsFailed, rerun: []string{seedECS1}},
		{name: "two of three fail: the re-run names exactly them", input: `{}`,
			outcomes: map[string]taskOutcome{seedBatch: failed, seedECS2: {Error: "States.Timeout"}},
			ran:      []string{seedBatch, seedECS1, seedECS2}, error: ErrorJobsFailed, rerun: []string{seedBatch, seedECS2}},
		{name: "a job not selected cannot fail the run", input: `{"jobs": ["batch-job"]}`,
			outcomes: map[string]taskOutcome{seedECS1: failed},
			ran:      []string{seedBatch, seedFinal}},
		{name: "the final job fails", input: `{}`,
			outcomes: map[string]taskOutcome{seedFinal: failed},
			ran:      []string{seedBatch, seedECS1, seedECS2, seedFinal}, error: ErrorFinalJobFailed},
		{name: "an unknown name is refused before any job", input: `{"jobs": ["ecs-task-1", "ecs-task-9"]}`,
			error: ErrorUnknownJobs,
			cause: `unknown job(s) ["ecs-task-9"] in the execution input; the parallel jobs are ["batch-job","ecs-task-1","ecs-task-2"] (omit "jobs" to run them all)`},
		{name: "the final job is not a parallel job", input: `{"jobs": ["final-batch-job"]}`,
			error: ErrorUnknownJobs,
			cause: `unknown job(s) ["final-batch-job"] in the execution input; the parallel jobs are ["batch-job","ecs-task-1","ecs-task-2"] (omit "jobs" to run them all)`},
		{name: "a name that is not a string is refused", input: `{"jobs": ["batch-job", 3]}`,
			error: ErrorUnknownJobs,
			cause: `unknown job(s) [3] in the execution input; the parallel jobs are ["batch-job","ecs-task-1","ecs-task-2"] (omit "jobs" to run them all)`},
		{name: "jobs that is not a list is refused", input: `{"jobs": "ecs-task-1"}`,
			error: ErrorUnknownJobs,
			cause: `"jobs" in the execution input must be a list of parallel job names, among ["batch-job","ecs-task-1","ecs-task-2"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := execute(t, m, parseInput(t, tc.input), tc.outcomes)
			if !slices.Equal(got.ran(), tc.ran) {
				t.Errorf("ran %v, want %v", got.ran(), tc.ran)
			}
			if tc.error == "" {
				if got.Status != "SUCCEEDED" {
					t.Fatalf("execution %s (%s: %s), want SUCCEEDED", got.Status, got.Error, got.Cause)
				}
				return
			}
			if got.Status != "FAILED" || got.Error != tc.error {
				t.Fatalf("execution %s with error %q, want FAILED with %q (cause %s)", got.Status, got.Error, tc.error, got.Cause)
			}
			if tc.cause != "" && got.Cause != tc.cause {
				t.Errorf("cause\n%s\nwant\n%s", got.Cause, tc.cause)
			}
			if tc.error != ErrorJobsFailed {
				return
			}
			c := parseRerunCause(t, got.Cause)
			var jobs []string
			for _, j := range c.FailedJobs {
				jobs = append(jobs, j.Job)
				if j.Status != "FAILED" || j.Error.Error == "" {
					t.Errorf("failed job %s in the cause: status %q, error %q", j.Job, j.Status, j.Error.Error)
				}
			}
			if !slices.Equal(jobs, tc.rerun) {
				t.Errorf("the cause's failedJobs name %v, want %v", jobs, tc.rerun)
			}
			rerun, _ := json.Marshal(c.RerunInput)
			want, _ := json.Marshal(map[string]any{"jobs": tc.rerun})
			if string(rerun) != string(want) {
				t.Errorf("rerunInput = %s, want %s", rerun, want)
			}
		})
	}
}

// TestRerunInputFinishesTheNight: the rerunInput of a failed night,
// started as the next execution's input, runs exactly the failed jobs and
// then the final job.
func TestRerunInputFinishesTheNight(t *testing.T) {
	m := seedDefinitionUnderMocks(t)
	night := execute(t, m, parseInput(t, `{}`), map[string]taskOutcome{seedECS1: failed})
	if night.Error != ErrorJobsFailed {
		t.Fatalf("the night ended %s %s, want %s", night.Status, night.Error, ErrorJobsFailed)
	}
	rerun, err := json.Marshal(parseRerunCause(t, night.Cause).RerunInput)
	if err != nil {
		t.Fatal(err)
	}
	if string(rerun) != `{"jobs":["ecs-task-1"]}` {
		t.Fatalf("rerunInput = %s, want {\"jobs\":[\"ecs-task-1\"]}", rerun)
	}
	again := execute(t, m, parseInput(t, string(rerun)), nil)
	if want := []string{seedECS1, seedFinal}; again.Status != "SUCCEEDED" || !slices.Equal(again.ran(), want) {
		t.Errorf("the re-run %s ran %v, want SUCCEEDED after %v", again.Status, again.ran(), want)
	}
}

// TestCheckInputChoice evaluates CheckInput's rules alone: which state
// each input goes to.
func TestCheckInputChoice(t *testing.T) {
	m, err := BuildDefinition(testAccount, SeedPipelineArgs())
	if err != nil {
		t.Fatal(err)
	}
	check := m.States[m.StartAt]
	for _, tc := range []struct {
		input, next string
	}{
		{`{}`, "RunJobs"},
		{`{"jobs": ["batch-job"]}`, "RunJobs"},
		{`{"jobs": []}`, "RunJobs"},
		{`{"jobs": ["batch-job", "nope"]}`, "UnknownJobs"},
		{`{"jobs": {"batch-job": true}}`, "UnknownJobs"},
		{`{"jobs": 1}`, "UnknownJobs"},
	} {
		t.Run(tc.input, func(t *testing.T) {
			in := &interpreter{t: t}
			_, next, serr := in.state(m.StartAt, check, parseInput(t, tc.input))
			if serr != nil || next != tc.next {
				t.Errorf("goes to %q (error %v), want %q", next, serr, tc.next)
			}
		})
	}
}

// TestSelectedChoiceOfEachBranch evaluates the first Choice of each branch
// alone: the job runs, or its branch skips it.
func TestSelectedChoiceOfEachBranch(t *testing.T) {
	m, err := BuildDefinition(testAccount, SeedPipelineArgs())
	if err != nil {
		t.Fatal(err)
	}
	branches := m.States["RunJobs"].Branches
	for _, tc := range []struct {
		input string
		next  [3]string
	}{
		{`{}`, [3]string{"batch-job", "ecs-task-1", "ecs-task-2"}},
		{`{"jobs": ["ecs-task-2"]}`, [3]string{"batch-job skipped", "ecs-task-1 skipped", "ecs-task-2"}},
		{`{"jobs": []}`, [3]string{"batch-job skipped", "ecs-task-1 skipped", "ecs-task-2 skipped"}},
		{`{"jobs": ["ecs-task-1", "batch-job"]}`, [3]string{"batch-job", "ecs-task-1", "ecs-task-2 skipped"}},
	} {
		t.Run(tc.input, func(t *testing.T) {
			if len(branches) != len(tc.next) {
				t.Fatalf("%d branches, want %d", len(branches), len(tc.next))
			}
			for i, b := range branches {
				in := &interpreter{t: t}
				_, next, serr := in.state(b.StartAt, b.States[b.StartAt], parseInput(t, tc.input))
				if serr != nil || next != tc.next[i] {
					t.Errorf("branch %d goes to %q (error %v), want %q", i, next, serr, tc.next[i])
				}
			}
		})
	}
}

// TestInterpreterRefusesWhatStepFunctionsRefuses: the interpreter keeps
// the semantics the tests above rely on, so that they can fail: a JSONPath
// Choice on a missing field is fine only with IsPresent, a ".$" path that
// selects nothing is States.Runtime and no Catch catches it.
func TestInterpreterRefusesWhatStepFunctionsRefuses(t *testing.T) {
	task := func(params map[string]any) *asl.StateMachine {
		return &asl.StateMachine{StartAt: "T", States: map[string]*asl.State{
			"T": {Type: asl.TypeTask, Resource: "arn:aws:states:::ecs:runTask.sync", Parameters: params,
				Catch: []asl.Catcher{{ErrorEquals: []string{asl.ErrorAll}, Next: "caught"}}, End: true},
			"caught": {Type: asl.TypePass, End: true},
		}}
	}
	for _, tc := range []struct {
		name   string
		m      *asl.StateMachine
		input  string
		status string
		error  string
	}{
		{"a missing path is States.Runtime, not caught", task(map[string]any{"NetworkConfiguration.$": "$.network"}), `{}`, "FAILED", errorRuntime},
		{"a present path resolves", task(map[string]any{"NetworkConfiguration.$": "$.network"}), `{"network": {}}`, "SUCCEEDED", ""},
		{"a non-boolean condition fails", &asl.StateMachine{StartAt: "C", States: map[string]*asl.State{
			"C": {Type: asl.TypeChoice, QueryLanguage: asl.JSONata, Choices: []asl.ChoiceRule{asl.ConditionRule("{% $states.input.jobs %}", "D")}, Default: "D"},
			"D": {Type: asl.TypePass, End: true},
		}}, `{"jobs": ["a"]}`, "FAILED", "States.QueryEvaluationError"},
		{"no rule matched and no default", &asl.StateMachine{StartAt: "C", States: map[string]*asl.State{
			"C": {Type: asl.TypeChoice, Choices: []asl.ChoiceRule{{Variable: "$.x", IsPresent: asl.Bool(true), Next: "D"}}},
			"D": {Type: asl.TypePass, End: true},
		}}, `{}`, "FAILED", "States.NoChoiceMatched"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := execute(t, tc.m, parseInput(t, tc.input), nil)
			if got.Status != tc.status || got.Error != tc.error {
				t.Errorf("execution %s %q, want %s %q", got.Status, got.Error, tc.status, tc.error)
			}
		})
	}
}

// TestScheduledRunRunsEveryJob: the input the schedule sends names no
// jobs, so a scheduled night runs every job, then the final job.
func TestScheduledRunRunsEveryJob(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	input := str(t, d.one(t, typeSchedule, "batch-pipeline").Inputs, "target", "input")
	got := execute(t, d.definition(t), parseInput(t, input), nil)
	if want := []string{seedBatch, seedECS1, seedECS2, seedFinal}; got.Status != "SUCCEEDED" || !slices.Equal(got.ran(), want) {
		t.Errorf("the scheduled input %s: %s after %v, want SUCCEEDED after %v", input, got.Status, got.ran(), want)
	}
}

// TestStateNamesWithinLimit: with the longest job names validation
// accepts, every state name, the branches' included, is within Step
// Functions' 80 characters.
func TestStateNamesWithinLimit(t *testing.T) {
	args := SeedPipelineArgs()
	longest := strings.Repeat("j", 70)
	args.ParallelJobs[0] = JobArgs{Name: longest, CodeBuild: &CodeBuildJobArgs{ProjectName: "shared-project"}}
	m, err := BuildDefinition(testAccount, args)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	asl.Walk(m, func(_ asl.Scope, name string, _ *asl.State) {
		if strings.HasPrefix(name, longest) {
			seen++
		}
		if n := len([]rune(name)); n > 80 {
			t.Errorf("state %q is %d characters, over 80", name, n)
		}
	})
	if seen != 5 {
		t.Errorf("%d states of the 70-character job, want 5 (selected?, the Task, skipped, succeeded, failed)", seen)
	}
}
