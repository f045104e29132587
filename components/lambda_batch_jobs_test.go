package components

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"batchpipeline/internal/iam"
)

// lambdaBatchArgs is the seed pipeline with a Lambda job and a Batch job
// (a created Fargate job definition) beside its jobs, and a final Batch
// job on an existing job definition.
func lambdaBatchArgs() PipelineArgs {
	args := SeedPipelineArgs()
	args.ParallelJobs = append(args.ParallelJobs,
		JobArgs{Name: "notify", Lambda: &LambdaJobArgs{FunctionName: "nightly-notify", Alias: "live"}},
		JobArgs{Name: "crunch", Batch: &BatchJobArgs{JobQueue: "nightly-fargate", Image: "example/crunch:1", CPU: 1024, Memory: 2048,
			Command: []string{"crunch"}, Environment: map[string]string{"MODE": "full"}}})
	args.FinalJob = JobArgs{Name: "report", Batch: &BatchJobArgs{
		JobQueue: "arn:aws:batch:ap-northeast-1:123456789012:job-queue/nightly-fargate", JobDefinition: "report"}}
	return args
}

// TestLambdaAndBatchJobsTaskStates: the Task states the two kinds write,
// against Step Functions' pages: lambda:invoke request-response with
// FunctionName, Qualifier and Payload
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html),
// batch:submitJob.sync with JobName, JobQueue and JobDefinition
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html),
// each retried on its integration's transient errors. Expected values are
// literals.
func TestLambdaAndBatchJobsTaskStates(t *testing.T) {
	d := deploy(t, lambdaBatchArgs())
	def := d.definition(t)
	branch := func(job string) map[string]any {
		t.Helper()
		for _, b := range def.States[stateRunJobs].Branches {
			if s, ok := b.States[job]; ok {
				out, err := json.Marshal(s)
				if err != nil {
					t.Fatal(err)
				}
				var m map[string]any
				if err := json.Unmarshal(out, &m); err != nil {
					t.Fatal(err)
				}
				return m
			}
		}
		t.Fatalf("no branch runs %s", job)
		return nil
	}
	notify := branch("notify")
	if notify["Resource"] != "arn:aws:states:::lambda:invoke" {
		t.Errorf("notify Resource = %v", notify["Resource"])
	}
	if want := map[string]any{"FunctionName": "nightly-notify", "Qualifier": "live",
		"Payload": map[string]any{"pipeline": "batch-pipeline", "job": "notify"}}; !reflect.DeepEqual(notify["Parameters"], want) {
		t.Errorf("notify Parameters = %v, want %v", notify["Parameters"], want)
	}
	if got := notify["Retry"].([]any)[0].(map[string]any)["ErrorEquals"]; !reflect.DeepEqual(got, []any{"Lambda.ClientExecutionTimeoutException",
		"Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"}) {
		t.Errorf("notify retries %v", got)
	}
	crunch := branch("crunch")
	if crunch["Resource"] != "arn:aws:states:::batch:submitJob.sync" {
		t.Errorf("crunch Resource = %v", crunch["Resource"])
	}
	if want := map[string]any{"JobName": "batch-pipeline-crunch", "JobQueue": "nightly-fargate",
		"JobDefinition": "batch-pipeline-crunch"}; !reflect.DeepEqual(crunch["Parameters"], want) {
		t.Errorf("crunch Parameters = %v, want %v", crunch["Parameters"], want)
	}
	if got := crunch["Retry"].([]any)[0].(map[string]any)["ErrorEquals"]; !reflect.DeepEqual(got, []any{"Batch.ServerException", "Batch.AWSBatchException"}) {
		t.Errorf("crunch retries %v", got)
	}
	if got := def.States["report"].Parameters; !reflect.DeepEqual(got, map[string]any{"JobName": "batch-pipeline-report",
		"JobQueue": "arn:aws:batch:ap-northeast-1:123456789012:job-queue/nightly-fargate", "JobDefinition": "report"}) {
		t.Errorf("report Parameters = %v", got)
	}
}

// TestLambdaAndBatchJobsIAM: the state machine role may invoke exactly the
// function's alias (Lambda authorizes a qualified invocation against the
// qualified ARN), submit to exactly the queues and the job definitions'
// revisions (AWS Batch: a grant on the bare name never matches), follow
// and terminate the jobs, and manage the Batch managed rule; nothing on
// "*" but batch:DescribeJobs, which has no resource type. The oracles are
// literal ARNs, evaluated against the registered policy.
func TestLambdaAndBatchJobsIAM(t *testing.T) {
	d := deploy(t, lambdaBatchArgs())
	doc := d.rolePolicy(t, "batch-pipeline-sfn")
	const acct = "ap-northeast-1:123456789012"
	tests := []struct {
		action, resource string
		want             iam.Decision
	}{
		{"lambda:InvokeFunction", "arn:aws:lambda:" + acct + ":function:nightly-notify:live", iam.Allowed},
		{"lambda:InvokeFunction", "arn:aws:lambda:" + acct + ":function:nightly-notify:other", iam.ImplicitDeny},
		{"lambda:InvokeFunction", "arn:aws:lambda:" + acct + ":function:another", iam.ImplicitDeny},
		{"batch:SubmitJob", "arn:aws:batch:" + acct + ":job-queue/nightly-fargate", iam.Allowed},
		{"batch:SubmitJob", "arn:aws:batch:" + acct + ":job-queue/other", iam.ImplicitDeny},
		{"batch:SubmitJob", "arn:aws:batch:" + acct + ":job-definition/batch-pipeline-crunch:7", iam.Allowed},
		{"batch:SubmitJob", "arn:aws:batch:" + acct + ":job-definition/report:1", iam.Allowed},
		{"batch:SubmitJob", "arn:aws:batch:" + acct + ":job-definition/other:1", iam.ImplicitDeny},
		{"batch:DescribeJobs", "*", iam.Allowed},
		{"batch:TerminateJob", "arn:aws:batch:" + acct + ":job/0b1c2d3e", iam.Allowed},
		{"events:PutRule", "arn:aws:events:" + acct + ":rule/StepFunctionsGetEventsForBatchJobsRule", iam.Allowed},
		{"events:PutRule", "arn:aws:events:" + acct + ":rule/other", iam.ImplicitDeny},
	}
	for _, tt := range tests {
		if got := allowed(doc, tt.action, tt.resource, nil); got != tt.want {
			t.Errorf("%s on %s: %v, want %v", tt.action, tt.resource, got, tt.want)
		}
	}
	for _, st := range doc.Statement {
		for _, r := range st.Resource {
			if r == "*" && !reflect.DeepEqual([]string(st.Action), []string{"batch:DescribeJobs"}) &&
				!strings.HasPrefix(st.Action[0], "logs:") && !strings.HasPrefix(st.Action[0], "xray:") {
				t.Errorf("statement %s grants %v on *", st.Sid, st.Action)
			}
		}
	}
}

// TestBatchJobDefinitionCreated: a created Batch job definition runs on
// Fargate with the job's size, command and environment, its own execution
// and job roles (trusting ecs-tasks.amazonaws.com, as AWS Batch's Fargate
// jobs require), its log group, and Batch's own attempt timeout; its
// resources are children of the job's component.
func TestBatchJobDefinitionCreated(t *testing.T) {
	d := deploy(t, lambdaBatchArgs())
	jd := d.one(t, "aws:batch/jobDefinition:JobDefinition", "batch-pipeline-crunch")
	if got := str(t, jd.Inputs, "type"); got != "container" {
		t.Errorf("type = %q", got)
	}
	if got := prop(t, jd.Inputs, "platformCapabilities").ArrayValue(); len(got) != 1 || got[0].StringValue() != "FARGATE" {
		t.Errorf("platformCapabilities = %v", got)
	}
	var props map[string]any
	if err := json.Unmarshal([]byte(str(t, jd.Inputs, "containerProperties")), &props); err != nil {
		t.Fatalf("containerProperties: %v", err)
	}
	want := map[string]any{
		"image":            "example/crunch:1",
		"command":          []any{"crunch"},
		"environment":      []any{map[string]any{"name": "MODE", "value": "full"}},
		"executionRoleArn": "arn:aws:iam::123456789012:role/batch-pipeline-crunch-exec",
		"jobRoleArn":       "arn:aws:iam::123456789012:role/batch-pipeline-crunch-task",
		"resourceRequirements": []any{map[string]any{"type": "VCPU", "value": "1"},
			map[string]any{"type": "MEMORY", "value": "2048"}},
		"networkConfiguration":         map[string]any{"assignPublicIp": "DISABLED"},
		"fargatePlatformConfiguration": map[string]any{"platformVersion": "LATEST"},
		"logConfiguration": map[string]any{"logDriver": "awslogs", "options": map[string]any{
			"awslogs-group": "/aws/batch/batch-pipeline-crunch", "awslogs-region": "ap-northeast-1", "awslogs-stream-prefix": "crunch"}},
	}
	if !reflect.DeepEqual(props, want) {
		t.Errorf("containerProperties:\n%v\nwant\n%v", props, want)
	}
	if got := prop(t, jd.Inputs, "timeout", "attemptDurationSeconds").NumberValue(); got != DefaultJobTimeoutSeconds {
		t.Errorf("attemptDurationSeconds = %v", got)
	}
	for _, role := range []string{"batch-pipeline-crunch-exec", "batch-pipeline-crunch-task"} {
		trust := document(t, d.one(t, typeRole, role), "assumeRolePolicy")
		if len(trust.Statement) != 1 || trust.Statement[0].Principal == nil ||
			strings.Join(trust.Statement[0].Principal.ByType["Service"], ",") != "ecs-tasks.amazonaws.com" {
			t.Errorf("role %s trusts %+v, want ecs-tasks.amazonaws.com only", role, trust.Statement)
		}
	}
	comp := d.one(t, BatchJobType, "batch-pipeline-crunch")
	for _, r := range []struct{ typ, name string }{
		{"aws:batch/jobDefinition:JobDefinition", "batch-pipeline-crunch"},
		{typeRole, "batch-pipeline-crunch-exec"}, {typeRole, "batch-pipeline-crunch-task"},
		{typeLogGroup, "batch-pipeline-crunch-logs"},
	} {
		if got := d.one(t, r.typ, r.name).Parent; got != comp.URN {
			t.Errorf("%s %s parent %s, want the job's component", r.typ, r.name, got)
		}
	}
	if _, ok := d.mocks.Find("aws:batch/jobDefinition:JobDefinition", "report"); ok {
		t.Error("a job definition was created for a job on an existing one")
	}
}
