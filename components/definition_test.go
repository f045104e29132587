package components

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"batchpipeline/internal/asl"
	"batchpipeline/internal/integrations"
)

// checkDefinition fails t with every definitionProblems of m.
func checkDefinition(t *testing.T, m *asl.StateMachine, args PipelineArgs) {
	t.Helper()
	for _, p := range definitionProblems(m, args) {
		t.Error(p)
	}
}

// problems collects what a check found wrong.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// definitionProblems lists what is wrong with a pipeline definition parsed
// back from JSON, against the properties every pipeline must have.
func definitionProblems(m *asl.StateMachine, args PipelineArgs) []string {
	var p problems
	args = args.WithDefaults()

	// Every transition stays in its scope, nothing is unreachable.
	for _, problem := range asl.Validate(m) {
		p.add("asl.Validate: %s", problem)
	}

	// The input is checked first: its rules end in Fail states, before
	// any job starts; otherwise the Parallel runs.
	check, ok := m.States[m.StartAt]
	if !ok || check.Type != asl.TypeChoice || check.QueryLanguage != asl.JSONata {
		p.add("StartAt %q is not a JSONata Choice", m.StartAt)
		return p
	}
	for i, r := range check.Choices {
		if _, isCond := r.Condition(); !isCond || m.States[r.Next] == nil || m.States[r.Next].Type != asl.TypeFail {
			p.add("%s rule %d (%+v) does not fail the execution on a JSONata condition", m.StartAt, i, r)
		}
	}
	run, ok := m.States[check.Default]
	if !ok || run.Type != asl.TypeParallel {
		p.add("%s goes on to %q, not a Parallel state", m.StartAt, check.Default)
		return p
	}
	if len(run.Branches) != len(args.ParallelJobs) {
		p.add("%d branches, want one per parallel job (%d)", len(run.Branches), len(args.ParallelJobs))
		return p
	}
	if len(run.Catch) != 0 {
		p.add("the Parallel catches errors itself; the branches must")
	}

	// Every branch runs its job, catches everything into a branch-local
	// state that writes the error where the Choice reads it, and ends.
	errorFields := make([]string, len(run.Branches))
	for i, b := range run.Branches {
		job := args.ParallelJobs[i]
		sel, ok := b.States[b.StartAt]
		if !ok || sel.Type != asl.TypeChoice || sel.QueryLanguage != asl.JSONata || len(sel.Choices) != 1 || sel.Choices[0].Next != job.Name {
			p.add("branch %d starts at %q, want a JSONata Choice with one rule to the Task of job %s", i, b.StartAt, job.Name)
			continue
		}
		if skip := b.States[sel.Default]; skip == nil || skip.Type != asl.TypePass || !skip.End {
			p.add("branch %d: a job left out does not end the branch with a Pass (%q)", i, sel.Default)
		} else if r, isMap := skip.Result.(map[string]any); !isMap || r["error"] != nil || r["status"] != statusSkipped {
			p.add("branch %d: skipped output %v, want status %s and no error field", i, skip.Result, statusSkipped)
		}
		task, ok := b.States[job.Name]
		if !ok || task.Type != asl.TypeTask {
			p.add("branch %d has no Task named %s", i, job.Name)
			continue
		}
		checkTask(&p, fmt.Sprintf("branch %d", i), task, job)
		errorFields[i] = checkBranchCatch(&p, i, b, task)
		if task.Next == "" {
			p.add("branch %d: the Task has no success path", i)
			continue
		}
		if ok := b.States[task.Next]; ok == nil || !ok.End || ok.Type != asl.TypePass {
			p.add("branch %d: success path %q does not end the branch with a Pass", i, task.Next)
		} else if r, isMap := ok.Result.(map[string]any); !isMap || r["error"] != nil || ok.Parameters != nil {
			p.add("branch %d: success output %v may carry an error field", i, ok.Result)
		}
	}

	// After the Parallel: a Choice over every branch.
	choice, ok := m.States[run.Next]
	if !ok || choice.Type != asl.TypeChoice {
		p.add("the Parallel goes to %q, want a Choice", run.Next)
		return p
	}
	vars := map[int]string{}
	var collect func(r asl.ChoiceRule)
	collect = func(r asl.ChoiceRule) {
		if r.Variable != "" {
			i, field, ok := branchVariable(r.Variable)
			switch {
			case !ok:
				p.add("Choice reads %q, not a branch output field", r.Variable)
			case r.IsPresent == nil || !*r.IsPresent:
				p.add("Choice tests %q with something other than IsPresent: a missing path would fail the execution", r.Variable)
			default:
				vars[i] = field
			}
		}
		for _, x := range append(r.And, r.Or...) {
			collect(x)
		}
		if r.Not != nil {
			collect(*r.Not)
		}
	}
	if len(choice.Choices) != 1 {
		p.add("Choice has %d rules, want 1", len(choice.Choices))
		return p
	}
	collect(choice.Choices[0])
	for i := range run.Branches {
		field, ok := vars[i]
		if !ok {
			p.add("Choice does not test branch %d (%s)", i, args.ParallelJobs[i].Name)
			continue
		}
		if field != errorFields[i] {
			p.add("Choice reads $[%d].%s but branch %d records its error in %q", i, field, i, errorFields[i])
		}
	}
	for i := range vars {
		if i >= len(run.Branches) {
			p.add("Choice reads branch %d of %d", i, len(run.Branches))
		}
	}

	// Any failure ends in a Fail state that says which jobs failed.
	failPath := choice.Choices[0].Next
	for s, hops := m.States[failPath], 0; s != nil && s.Type != asl.TypeFail && hops < len(m.States); s, hops = m.States[s.Next], hops+1 {
		if s.Type != asl.TypePass || s.Next == "" {
			p.add("the failure path goes through %s state %+v", s.Type, s)
			return p
		}
		failPath = s.Next
	}
	fail := m.States[failPath]
	if fail == nil || fail.Type != asl.TypeFail || fail.Error != ErrorJobsFailed || (fail.Cause == "" && fail.CausePath == "") {
		p.add("the failure path ends in %+v, want a Fail with Error %s and a cause", fail, ErrorJobsFailed)
	}
	if describe := m.States[choice.Choices[0].Next]; describe != nil && describe.Type == asl.TypePass {
		if got := describe.Parameters["failedJobs.$"]; got != "$[?(@.error)]" {
			p.add("DescribeFailures keeps %v, want the branches with an error", got)
		}
	}

	// Otherwise the final job, whose failure ends in Fail too.
	final, ok := m.States[choice.Default]
	if !ok || final.Type != asl.TypeTask || choice.Default != args.FinalJob.Name {
		p.add("Choice default %q is not the final job's Task", choice.Default)
		return p
	}
	checkTask(&p, "final job", final, args.FinalJob)
	if !final.End {
		p.add("the final job does not end the execution")
	}
	if len(final.Catch) != 1 || !contains(final.Catch[0].ErrorEquals, asl.ErrorAll) ||
		m.States[final.Catch[0].Next] == nil || m.States[final.Catch[0].Next].Type != asl.TypeFail {
		p.add("the final job's errors do not end in a Fail state: %+v", final.Catch)
	} else if rp := final.Catch[0].ResultPath; rp == nil || *rp != "$" {
		// The final job's input is the Parallel's output, an array: a
		// ResultPath into it fails with States.ResultPathMatchFailure and
		// the execution loses the error its Fail state should report.
		p.add("the final job's Catch writes the error to %v, want \"$\" (its input is an array)", rp)
	}
	return p
}

// branchVariable splits "$[i].field" into i and field.
func branchVariable(v string) (int, string, bool) {
	m := regexp.MustCompile(`^\$\[(\d+)\]\.([A-Za-z0-9_]+)$`).FindStringSubmatch(v)
	if m == nil {
		return 0, "", false
	}
	i, err := strconv.Atoi(m[1])
	return i, m[2], err == nil
}

// checkBranchCatch asserts that the branch's Task catches States.ALL into a
// branch-local Pass that ends the branch and keeps the error; it returns
// the output field holding the error.
func checkBranchCatch(p *problems, i int, b *asl.StateMachine, task *asl.State) string {
	var all *asl.Catcher
	for k := range task.Catch {
		if contains(task.Catch[k].ErrorEquals, asl.ErrorAll) {
			all = &task.Catch[k]
		}
	}
	if all == nil {
		p.add("branch %d: the Task does not catch %s", i, asl.ErrorAll)
		return ""
	}
	handler, local := b.States[all.Next]
	if !local {
		p.add("branch %d: Catch goes to %q outside the branch", i, all.Next)
		return ""
	}
	if handler.Type != asl.TypePass || !handler.End {
		p.add("branch %d: Catch goes to a %s state that does not end the branch", i, handler.Type)
	}
	if all.ResultPath == nil || !strings.HasPrefix(*all.ResultPath, "$.") || strings.Count(*all.ResultPath, ".") != 1 {
		p.add("branch %d: Catch ResultPath %v does not record the error in a top-level field", i, all.ResultPath)
		return ""
	}
	field := strings.TrimPrefix(*all.ResultPath, "$.")
	// The handler must keep that field in its output: either it passes its
	// input through, or its Parameters copy the field.
	switch {
	case handler.QueryLanguage == asl.JSONata:
		// A JSONata Output replaces the input: it must rebuild the field
		// from the caught error.
		out, _ := handler.Output.(map[string]any)
		kept, _ := out[field].(map[string]any)
		for _, k := range []string{"Error", "Cause"} {
			if expr, _ := kept[k].(string); !strings.Contains(expr, "$states.input."+field+"."+k) {
				p.add("branch %d: %q's Output drops the %s caught into %s: %+v", i, all.Next, k, *all.ResultPath, handler.Output)
			}
		}
	case handler.Parameters == nil && handler.Result == nil && handler.OutputPath == nil && handler.ResultPath == nil && handler.Output == nil:
	case handler.Parameters[field+".$"] == *all.ResultPath && handler.ResultPath == nil && handler.OutputPath == nil:
	default:
		p.add("branch %d: %q drops the error written to %s: %+v", i, all.Next, *all.ResultPath, handler)
	}
	return field
}

// checkTask asserts a job's Task state: the integration of its kind, a
// timeout and a retry on transient errors only.
func checkTask(p *problems, where string, s *asl.State, job JobArgs) {
	if s.TimeoutSeconds != job.TimeoutSeconds || s.TimeoutSeconds <= 0 {
		p.add("%s: TimeoutSeconds = %d, want %d", where, s.TimeoutSeconds, job.TimeoutSeconds)
	}
	if len(s.Retry) != 1 {
		p.add("%s: %d retriers, want 1", where, len(s.Retry))
	} else {
		r := s.Retry[0]
		if r.BackoffRate != 2 || r.JitterStrategy != "FULL" || r.MaxAttempts == nil || *r.MaxAttempts != *job.MaxAttempts || r.IntervalSeconds != job.RetryIntervalSeconds {
			p.add("%s: retrier %+v, want backoff 2, full jitter, %d attempts", where, r, *job.MaxAttempts)
		}
		for _, e := range r.ErrorEquals {
			if e == asl.ErrorAll || e == "States.TaskFailed" || e == "States.Timeout" {
				p.add("%s: retries %s, which reruns a job that ran and failed", where, e)
			}
		}
		// README promises these retries. AmazonECS.Unknown is what a .sync
		// RunTask whose answer lists Failures (no Fargate capacity) fails
		// with: "the task is failed with an AmazonECS.Unknown error"
		// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html).
		want := map[bool][]string{
			true:  {"ECS.AmazonECSException", "ECS.ServerException", "AmazonECS.Unknown"},
			false: {"CodeBuild.AWSCodeBuildException", "CodeBuild.AccountLimitExceededException"},
		}[job.ECS != nil]
		if job.ECS != nil || job.CodeBuild != nil {
			for _, e := range want {
				if !slices.Contains(r.ErrorEquals, e) {
					p.add("%s: the retrier does not retry %s: %v", where, e, r.ErrorEquals)
				}
			}
		}
	}
	call, ok := integrations.Read(integrations.TaskState{Resource: s.Resource, Parameters: s.Parameters})
	if !ok || call.Pattern != integrations.Sync {
		p.add("%s: Resource %q is not a .sync integration", where, s.Resource)
		return
	}
	switch {
	case job.ECS != nil:
		if call.Integration != integrations.ECSRunTask() {
			p.add("%s: ECS job runs %q", where, s.Resource)
		}
		if s.Parameters["LaunchType"] != "FARGATE" {
			p.add("%s: parameters %v", where, s.Parameters)
		}
		network, _ := s.Parameters["NetworkConfiguration"].(map[string]any)
		vpc, _ := network["AwsvpcConfiguration"].(map[string]any)
		if vpc == nil || vpc["Subnets"] == nil || vpc["AssignPublicIp"] == nil {
			p.add("%s: no awsvpc network configuration: %v", where, s.Parameters)
		}
		if c, _ := s.Parameters["Cluster"].(string); !strings.HasPrefix(c, "arn:aws:ecs:") {
			p.add("%s: Cluster %v is not an ARN", where, s.Parameters["Cluster"])
		}
	case job.CodeBuild != nil:
		if call.Integration != integrations.CodeBuildStartBuild() {
			p.add("%s: CodeBuild job runs %q", where, s.Resource)
		}
		if s.Parameters["ProjectName"] == nil {
			p.add("%s: no ProjectName", where)
		}
	}
}

func TestSeedDefinition(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	checkDefinition(t, d.definition(t), SeedPipelineArgs())
}

// TestBuildDefinitionMatchesDeployment checks that the pure builder gives
// the definition the component registers.
func TestBuildDefinitionMatchesDeployment(t *testing.T) {
	m, err := BuildDefinition(testAccount, SeedPipelineArgs())
	if err != nil {
		t.Fatal(err)
	}
	js, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	d := deploy(t, SeedPipelineArgs())
	if js != d.outputs["definitionJson"] {
		t.Errorf("BuildDefinition differs from the registered definition")
	}
}

// TestDefinitionTaskParameters checks what each Task names, all known
// before anything exists.
func TestDefinitionTaskParameters(t *testing.T) {
	args := SeedPipelineArgs()
	args.Network.AssignPublicIP = true
	m, err := BuildDefinition(testAccount, args)
	if err != nil {
		t.Fatal(err)
	}
	ecs := m.States["RunJobs"].Branches[1].States["ecs-task-1"]
	if got := ecs.Parameters["TaskDefinition"]; got != "batch-pipeline-ecs-task-1" {
		t.Errorf("TaskDefinition = %v, want the family", got)
	}
	if got := ecs.Parameters["Cluster"]; got != "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch-pipeline" {
		t.Errorf("Cluster = %v", got)
	}
	vpc := ecs.Parameters["NetworkConfiguration"].(map[string]any)["AwsvpcConfiguration"].(map[string]any)
	if vpc["AssignPublicIp"] != "ENABLED" || fmt.Sprint(vpc["Subnets"]) != "[subnet-0123456789abcdef0]" || fmt.Sprint(vpc["SecurityGroups"]) != "[sg-0123456789abcdef0]" {
		t.Errorf("AwsvpcConfiguration = %v", vpc)
	}
	cb := m.States["final-batch-job"]
	if got := cb.Parameters["ProjectName"]; got != "batch-pipeline-final-batch-job" {
		t.Errorf("ProjectName = %v", got)
	}
	if cb.Resource != "arn:aws:states:::codebuild:startBuild.sync" || ecs.Resource != "arn:aws:states:::ecs:runTask.sync" {
		t.Errorf("resources = %q, %q", cb.Resource, ecs.Resource)
	}
}

// TestDefinitionRetryChoices checks the retry settings flow from the args.
func TestDefinitionRetryChoices(t *testing.T) {
	args := SeedPipelineArgs()
	zero := 0
	args.ParallelJobs[0].MaxAttempts = &zero
	args.ParallelJobs[1].TimeoutSeconds = 600
	args.ParallelJobs[1].RetryIntervalSeconds = 5
	m, err := BuildDefinition(testAccount, args)
	if err != nil {
		t.Fatal(err)
	}
	if r := m.States["RunJobs"].Branches[0].States["batch-job"].Retry; len(r) != 0 {
		t.Errorf("maxAttempts 0 still retries: %+v", r)
	}
	ecs := m.States["RunJobs"].Branches[1].States["ecs-task-1"]
	if ecs.TimeoutSeconds != 600 || ecs.Retry[0].IntervalSeconds != 5 {
		t.Errorf("timeout %d, interval %d; want 600, 5", ecs.TimeoutSeconds, ecs.Retry[0].IntervalSeconds)
	}
}

// TestDefinitionSingleJob checks the Choice of a one-branch Parallel.
func TestDefinitionSingleJob(t *testing.T) {
	args := SeedPipelineArgs()
	args.ParallelJobs = args.ParallelJobs[:1]
	m, err := BuildDefinition(testAccount, args)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := m.JSON()
	parsed, err := asl.Parse([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	checkDefinition(t, parsed, args)
}

func TestBuildDefinitionRejectsInvalidArgs(t *testing.T) {
	args := SeedPipelineArgs()
	args.ParallelJobs = nil
	if _, err := BuildDefinition(testAccount, args); err == nil || !strings.Contains(err.Error(), "parallelJobs") {
		t.Errorf("BuildDefinition error = %v, want one about parallelJobs", err)
	}
}

// TestDefinitionStateNamesUnique checks that no state name repeats across
// scopes, which Step Functions rejects.
func TestDefinitionStateNamesUnique(t *testing.T) {
	m, err := BuildDefinition(testAccount, SeedPipelineArgs())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	asl.Walk(m, func(_ asl.Scope, name string, _ *asl.State) { seen[name]++ })
	var dup []string
	for name, n := range seen {
		if n > 1 {
			dup = append(dup, name)
		}
	}
	sort.Strings(dup)
	if len(dup) > 0 {
		t.Errorf("state names used more than once: %v", dup)
	}
}

// TestDefinitionChecksCatchMistakes breaks the seed definition in the ways
// the checks exist for, and expects each to be reported.
func TestDefinitionChecksCatchMistakes(t *testing.T) {
	args := SeedPipelineArgs()
	tests := []struct {
		name   string
		mutate func(m *asl.StateMachine)
		want   string
	}{
		{"catch leaves the branch", func(m *asl.StateMachine) {
			m.States["RunJobs"].Branches[1].States["ecs-task-1"].Catch[0].Next = "JobsFailed"
		}, "outside the branch"},
		{"no catch", func(m *asl.StateMachine) {
			m.States["RunJobs"].Branches[0].States["batch-job"].Catch = nil
		}, "does not catch States.ALL"},
		{"error written elsewhere", func(m *asl.StateMachine) {
			m.States["RunJobs"].Branches[2].States["ecs-task-2"].Catch[0].ResultPath = asl.String("$.failure")
		}, "records its error in \"failure\""},
		{"handler drops the error", func(m *asl.StateMachine) {
			m.States["RunJobs"].Branches[0].States["batch-job failed"].Output = map[string]any{"job": "batch-job"}
		}, "Output drops the Error"},
		{"handler drops the cause", func(m *asl.StateMachine) {
			out := m.States["RunJobs"].Branches[0].States["batch-job failed"].Output.(map[string]any)
			out["error"] = map[string]any{"Error": "{% $states.input.error.Error %}"}
		}, "Output drops the Cause"},
		{"handler in JSONPath drops the error", func(m *asl.StateMachine) {
			h := m.States["RunJobs"].Branches[0].States["batch-job failed"]
			h.QueryLanguage, h.Output = "", nil
			h.Parameters = map[string]any{"job": "batch-job"}
		}, "drops the error"},
		{"choice misses a branch", func(m *asl.StateMachine) {
			c := &m.States["AnyJobFailed"].Choices[0]
			c.Or = c.Or[:2]
		}, "does not test branch 2"},
		{"choice compares a missing path", func(m *asl.StateMachine) {
			c := &m.States["AnyJobFailed"].Choices[0]
			c.Or[0] = asl.ChoiceRule{Variable: "$[0].error", StringEquals: asl.String("x")}
		}, "something other than IsPresent"},
		{"retries failed jobs", func(m *asl.StateMachine) {
			r := &m.States["RunJobs"].Branches[0].States["batch-job"].Retry[0]
			r.ErrorEquals = append(r.ErrorEquals, "States.TaskFailed")
		}, "reruns a job"},
		{"no timeout", func(m *asl.StateMachine) {
			m.States["final-batch-job"].TimeoutSeconds = 0
		}, "TimeoutSeconds = 0"},
		{"final failure not caught", func(m *asl.StateMachine) {
			m.States["final-batch-job"].Catch = nil
			delete(m.States, "FinalJobFailed")
		}, "do not end in a Fail state"},
		{"final catch writes into the array", func(m *asl.StateMachine) {
			m.States["final-batch-job"].Catch[0].ResultPath = asl.String("$.error")
		}, `want "$" (its input is an array)`},
		{"no network configuration", func(m *asl.StateMachine) {
			delete(m.States["RunJobs"].Branches[1].States["ecs-task-1"].Parameters, "NetworkConfiguration")
		}, "no awsvpc network configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := BuildDefinition(testAccount, args)
			if err != nil {
				t.Fatal(err)
			}
			if got := definitionProblems(m, args); len(got) != 0 {
				t.Fatalf("the intact definition has problems: %v", got)
			}
			tt.mutate(m)
			got := definitionProblems(m, args)
			if !strings.Contains(strings.Join(got, "\n"), tt.want) {
				t.Errorf("problems %q, want one containing %q", got, tt.want)
			}
		})
	}
}
