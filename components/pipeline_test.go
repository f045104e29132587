package components

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// TestSeedRegistersExpectedResources checks the resources the seed pipeline
// registers, by type.
func TestSeedRegistersExpectedResources(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	want := map[string]int{
		PipelineType:       1,
		CodeBuildJobType:   2,
		FargateJobType:     2,
		typeProject:        2,
		typeTaskDefinition: 2,
		typeCluster:        1,
		// 2 CodeBuild service roles, 2 x (execution + task), state machine, schedule.
		typeRole: 8,
		// 2 CodeBuild log policies, state machine, schedule (no secrets).
		typeRolePolicy: 4,
		typeAttachment: 2,
		// 2 CodeBuild, 2 ECS, state machine.
		typeLogGroup:     5,
		typeStateMachine: 1,
		typeSchedule:     1,
		typeEventRule:    1,
		typeEventTarget:  1,
		typeTopic:        1,
		typeTopicPolicy:  1,
	}
	got := map[string]int{}
	for _, r := range d.mocks.Registrations() {
		got[r.Type]++
	}
	for typ, n := range want {
		if got[typ] != n {
			t.Errorf("%d %s registered, want %d", got[typ], typ, n)
		}
	}
	for typ, n := range got {
		if _, ok := want[typ]; !ok {
			t.Errorf("%d unexpected %s registered", n, typ)
		}
	}
}

// TestSeedParents checks that every resource hangs under the pipeline: job
// resources under their job component, the others under the pipeline.
func TestSeedParents(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	pipeline := d.one(t, PipelineType, "pipeline")
	if pipeline.Parent != d.mocks.StackURN() {
		t.Errorf("pipeline parent = %s, want the stack", pipeline.Parent)
	}
	jobs := map[string]string{} // job component URN -> name
	for _, typ := range []string{CodeBuildJobType, FargateJobType} {
		for _, r := range d.mocks.ByType(typ) {
			if r.Parent != pipeline.URN {
				t.Errorf("%s %s parent = %s, want the pipeline", typ, r.Name, r.Parent)
			}
			jobs[r.URN] = r.Name
		}
	}
	for _, r := range d.mocks.Registrations() {
		if r.Type == PipelineType || r.Type == CodeBuildJobType || r.Type == FargateJobType {
			continue
		}
		if _, underJob := jobs[r.Parent]; r.Parent != pipeline.URN && !underJob {
			t.Errorf("%s %s parent = %q, want the pipeline or a job component", r.Type, r.Name, r.Parent)
		}
	}
	for _, c := range []struct{ typ, name, job string }{
		{typeProject, "batch-pipeline-batch-job", "batch-pipeline-batch-job"},
		{typeTaskDefinition, "batch-pipeline-ecs-task-1", "batch-pipeline-ecs-task-1"},
		{typeRole, "batch-pipeline-ecs-task-2-exec", "batch-pipeline-ecs-task-2"},
		{typeProject, "batch-pipeline-final-batch-job", "batch-pipeline-final-batch-job"},
	} {
		r := d.one(t, c.typ, c.name)
		if jobs[r.Parent] != c.job {
			t.Errorf("%s %s parent is job %q, want %q", c.typ, c.name, jobs[r.Parent], c.job)
		}
	}
}

// TestSeedRoleNames checks that every role has an explicit name, so that
// the ARNs inside the documents are known at the first preview.
func TestSeedRoleNames(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	var names []string
	for _, r := range d.mocks.ByType(typeRole) {
		names = append(names, str(t, r.Inputs, "name"))
	}
	sort.Strings(names)
	want := []string{
		"batch-pipeline-batch-job-codebuild",
		"batch-pipeline-ecs-task-1-exec",
		"batch-pipeline-ecs-task-1-task",
		"batch-pipeline-ecs-task-2-exec",
		"batch-pipeline-ecs-task-2-task",
		"batch-pipeline-final-batch-job-codebuild",
		"batch-pipeline-scheduler",
		"batch-pipeline-sfn",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("role names = %v, want %v", names, want)
	}
}

// TestSeedStateMachine checks the state machine's inputs and what it waits
// for.
func TestSeedStateMachine(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	sm := d.one(t, typeStateMachine, "batch-pipeline")
	if got := str(t, sm.Inputs, "name"); got != "batch-pipeline" {
		t.Errorf("name = %q", got)
	}
	if got := str(t, sm.Inputs, "definition"); got != d.outputs["definitionJson"] {
		t.Errorf("registered definition differs from the DefinitionJSON output")
	}
	if !prop(t, sm.Inputs, "tracingConfiguration", "enabled").BoolValue() {
		t.Error("tracing is not enabled")
	}
	if got := str(t, sm.Inputs, "loggingConfiguration", "level"); got != DefaultLogLevel {
		t.Errorf("log level = %q, want %q", got, DefaultLogLevel)
	}
	if prop(t, sm.Inputs, "loggingConfiguration", "includeExecutionData").BoolValue() {
		t.Error("execution data is logged by default")
	}
	wantDest := "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/vendedlogs/states/batch-pipeline:*"
	if got := str(t, sm.Inputs, "loggingConfiguration", "logDestination"); got != wantDest {
		t.Errorf("log destination = %q, want %q", got, wantDest)
	}
	lg := d.one(t, typeLogGroup, "batch-pipeline-logs")
	if got := prop(t, lg.Inputs, "retentionInDays").NumberValue(); got != DefaultLogRetentionDays {
		t.Errorf("log retention = %v, want %d", got, DefaultLogRetentionDays)
	}

	role := d.one(t, typeRole, "batch-pipeline-sfn")
	if deps := sm.PropertyDependencies["roleArn"]; !contains(deps, role.URN) {
		t.Errorf("roleArn depends on %v, want the state machine role", deps)
	}
	// The definition names these by strings: the dependency must be explicit.
	for _, dep := range []struct{ typ, name string }{
		{typeTaskDefinition, "batch-pipeline-ecs-task-1"},
		{typeTaskDefinition, "batch-pipeline-ecs-task-2"},
		{typeProject, "batch-pipeline-batch-job"},
		{typeProject, "batch-pipeline-final-batch-job"},
		{typeCluster, "batch-pipeline"},
		{typeRolePolicy, "batch-pipeline-sfn"},
	} {
		if r := d.one(t, dep.typ, dep.name); !contains(sm.Dependencies, r.URN) {
			t.Errorf("state machine does not depend on %s %s", dep.typ, dep.name)
		}
	}

	wantARN := "arn:aws:states:ap-northeast-1:123456789012:stateMachine:batch-pipeline"
	if d.outputs["stateMachineArn"] != wantARN {
		t.Errorf("StateMachineARN = %v, want %s", d.outputs["stateMachineArn"], wantARN)
	}
	if url, _ := d.outputs["consoleUrl"].(string); !strings.HasPrefix(url, "https://ap-northeast-1.console.aws.amazon.com/states/") || !strings.HasSuffix(url, wantARN) {
		t.Errorf("ConsoleURL = %q", url)
	}
	if d.pipeline.Account != testAccount {
		t.Errorf("Account = %+v, want %+v", d.pipeline.Account, testAccount)
	}
}

// TestSeedSchedule checks that the schedule targets the state machine at
// 05:00 Tokyo time, exactly.
func TestSeedSchedule(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	s := d.one(t, typeSchedule, "batch-pipeline")
	sm := d.one(t, typeStateMachine, "batch-pipeline")
	for key, want := range map[string]string{
		"scheduleExpression":         "cron(0 5 * * ? *)",
		"scheduleExpressionTimezone": "Asia/Tokyo",
		"state":                      "ENABLED",
	} {
		if got := str(t, s.Inputs, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if got := str(t, s.Inputs, "flexibleTimeWindow", "mode"); got != "OFF" {
		t.Errorf("flexible time window = %q, want OFF", got)
	}
	if got := str(t, s.Inputs, "target", "arn"); got != d.outputs["stateMachineArn"] {
		t.Errorf("target = %q, want the state machine %v", got, d.outputs["stateMachineArn"])
	}
	if deps := s.PropertyDependencies["target"]; !contains(deps, sm.URN) {
		t.Errorf("target depends on %v, want the state machine", deps)
	}
	if got := prop(t, s.Inputs, "target", "retryPolicy", "maximumRetryAttempts").NumberValue(); got != DefaultScheduleMaxRetryAttempts {
		t.Errorf("retry attempts = %v", got)
	}
	if has(prop(t, s.Inputs, "target").ObjectValue(), "deadLetterConfig") {
		t.Error("dead-letter queue configured without being asked for")
	}
	if got := str(t, s.Inputs, "target", "roleArn"); got != d.outputs["scheduleRoleArn"] {
		t.Errorf("target role = %q, want the schedule role %v", got, d.outputs["scheduleRoleArn"])
	}
	if rp := d.one(t, typeRolePolicy, "batch-pipeline-scheduler"); !contains(s.Dependencies, rp.URN) {
		t.Error("schedule does not wait for its role's policy")
	}
}

// TestSeedAlerts checks the failure rule and its topic.
func TestSeedAlerts(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	rule := d.one(t, typeEventRule, "batch-pipeline-execution-failed")
	var pattern struct {
		Source     []string `json:"source"`
		DetailType []string `json:"detail-type"`
		Detail     struct {
			Status          []string `json:"status"`
			StateMachineArn []string `json:"stateMachineArn"`
		} `json:"detail"`
	}
	if err := json.Unmarshal([]byte(str(t, rule.Inputs, "eventPattern")), &pattern); err != nil {
		t.Fatalf("event pattern: %v", err)
	}
	if strings.Join(pattern.Source, ",") != "aws.states" ||
		strings.Join(pattern.DetailType, ",") != "Step Functions Execution Status Change" ||
		strings.Join(pattern.Detail.Status, ",") != "FAILED,TIMED_OUT,ABORTED" ||
		strings.Join(pattern.Detail.StateMachineArn, ",") != d.outputs["stateMachineArn"] {
		t.Errorf("event pattern = %+v", pattern)
	}

	topic := d.one(t, typeTopic, "batch-pipeline-alerts")
	target := d.one(t, typeEventTarget, "batch-pipeline-execution-failed")
	if got := str(t, target.Inputs, "arn"); got != d.outputs["alertTopicArn"] || got != str(t, topic.Outputs, "arn") {
		t.Errorf("target = %q, want the alert topic", got)
	}
	policy := document(t, d.one(t, typeTopicPolicy, "batch-pipeline-alerts"), "policy")
	// iam.Evaluate judges identity policies: check the principal here, then
	// evaluate the statements without it.
	for i, st := range policy.Statement {
		if st.Principal == nil || strings.Join(st.Principal.ByType["Service"], ",") != "events.amazonaws.com" || len(st.Principal.ByType) != 1 {
			t.Errorf("topic policy statement %d principal = %+v, want the events service only", i, st.Principal)
		}
		policy.Statement[i].Principal = nil
	}
	topicARN := str(t, topic.Outputs, "arn")
	ruleARN := "arn:aws:events:ap-northeast-1:123456789012:rule/batch-pipeline-execution-failed"
	if got := str(t, rule.Outputs, "arn"); got != ruleARN {
		t.Fatalf("rule ARN = %s, want %s", got, ruleARN)
	}
	if got := allowed(policy, "sns:Publish", topicARN, map[string]string{"aws:SourceArn": ruleARN, "aws:SourceAccount": testAccount.ID}); got.String() != "Allowed" {
		t.Errorf("the rule may not publish to the topic: %v", got)
	}
	other := "arn:aws:events:ap-northeast-1:123456789012:rule/other"
	if got := allowed(policy, "sns:Publish", topicARN, map[string]string{"aws:SourceArn": other, "aws:SourceAccount": testAccount.ID}); got.String() == "Allowed" {
		t.Error("another rule may publish to the topic")
	}
	if n := len(d.mocks.ByType(typeSubscription)); n != 0 {
		t.Errorf("%d subscriptions without an email", n)
	}
}

// TestSeedJobs checks the job resources: CodeBuild projects and Fargate
// task definitions.
func TestSeedJobs(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())

	p := d.one(t, typeProject, "batch-pipeline-batch-job")
	if got := str(t, p.Inputs, "source", "type"); got != "NO_SOURCE" {
		t.Errorf("source type = %q", got)
	}
	if got := str(t, p.Inputs, "source", "buildspec"); !strings.Contains(got, "echo batch-job") {
		t.Errorf("buildspec = %q", got)
	}
	if got := str(t, p.Inputs, "logsConfig", "cloudwatchLogs", "groupName"); got != "/aws/codebuild/batch-pipeline-batch-job" {
		t.Errorf("log group = %q", got)
	}
	if got := str(t, p.Inputs, "serviceRole"); got != "arn:aws:iam::123456789012:role/batch-pipeline-batch-job-codebuild" {
		t.Errorf("service role = %q", got)
	}
	logs := d.rolePolicy(t, "batch-pipeline-batch-job-codebuild")
	stream := "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/codebuild/batch-pipeline-batch-job:log-stream:abc"
	if got := allowed(logs, "logs:PutLogEvents", stream, nil); got.String() != "Allowed" {
		t.Errorf("the project may not write its logs: %v", got)
	}
	foreign := "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/codebuild/other:log-stream:abc"
	if got := allowed(logs, "logs:PutLogEvents", foreign, nil); got.String() == "Allowed" {
		t.Error("the project may write to another log group")
	}

	td := d.one(t, typeTaskDefinition, "batch-pipeline-ecs-task-1")
	for key, want := range map[string]string{
		"family": "batch-pipeline-ecs-task-1", "cpu": "512", "memory": "1024", "networkMode": "awsvpc",
		"executionRoleArn": "arn:aws:iam::123456789012:role/batch-pipeline-ecs-task-1-exec",
		"taskRoleArn":      "arn:aws:iam::123456789012:role/batch-pipeline-ecs-task-1-task",
	} {
		if got := str(t, td.Inputs, key); got != want {
			t.Errorf("task definition %s = %q, want %q", key, got, want)
		}
	}
	if got := prop(t, td.Inputs, "requiresCompatibilities").ArrayValue(); len(got) != 1 || got[0].StringValue() != "FARGATE" {
		t.Errorf("requiresCompatibilities = %v", got)
	}
	var containers []containerDefinition
	if err := json.Unmarshal([]byte(str(t, td.Inputs, "containerDefinitions")), &containers); err != nil {
		t.Fatalf("container definitions: %v", err)
	}
	if len(containers) != 1 || containers[0].LogConfiguration.LogDriver != "awslogs" ||
		containers[0].LogConfiguration.Options["awslogs-group"] != "/ecs/batch-pipeline-ecs-task-1" ||
		strings.Join(containers[0].Command, " ") != "echo ecs-task-1" {
		t.Errorf("container definitions = %+v", containers)
	}
	att := d.one(t, typeAttachment, "batch-pipeline-ecs-task-1-exec")
	if got := str(t, att.Inputs, "policyArn"); got != "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" {
		t.Errorf("execution role policy = %q", got)
	}
	if _, ok := d.mocks.Find(typeRolePolicy, "batch-pipeline-ecs-task-1-exec"); ok {
		t.Error("a secrets policy was created for a job without secrets")
	}

	cluster := d.one(t, typeCluster, "batch-pipeline")
	settings := prop(t, cluster.Inputs, "settings").ArrayValue()
	if len(settings) != 1 || settings[0].ObjectValue()["value"].StringValue() != "enabled" {
		t.Errorf("container insights settings = %v", settings)
	}
}

// TestSeedOutputs checks the role ARN outputs.
func TestSeedOutputs(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	roles, _ := d.outputs["jobRoleArns"].(map[string]string)
	want := map[string]string{
		"batch-job/codebuild":       "arn:aws:iam::123456789012:role/batch-pipeline-batch-job-codebuild",
		"ecs-task-1/execution":      "arn:aws:iam::123456789012:role/batch-pipeline-ecs-task-1-exec",
		"ecs-task-1/task":           "arn:aws:iam::123456789012:role/batch-pipeline-ecs-task-1-task",
		"ecs-task-2/execution":      "arn:aws:iam::123456789012:role/batch-pipeline-ecs-task-2-exec",
		"ecs-task-2/task":           "arn:aws:iam::123456789012:role/batch-pipeline-ecs-task-2-task",
		"final-batch-job/codebuild": "arn:aws:iam::123456789012:role/batch-pipeline-final-batch-job-codebuild",
	}
	if len(roles) != len(want) {
		t.Errorf("JobRoleARNs = %v, want %v", roles, want)
	}
	for k, v := range want {
		if roles[k] != v {
			t.Errorf("JobRoleARNs[%s] = %q, want %q", k, roles[k], v)
		}
	}
	for key, want := range map[string]string{
		"stateMachineRoleArn": "arn:aws:iam::123456789012:role/batch-pipeline-sfn",
		"scheduleRoleArn":     "arn:aws:iam::123456789012:role/batch-pipeline-scheduler",
		"scheduleArn":         "arn:aws:scheduler:ap-northeast-1:123456789012:schedule/default/batch-pipeline",
		"alertTopicArn":       "arn:aws:sns:ap-northeast-1:123456789012:batch-pipeline-alerts",
		"rerunCommand": "aws stepfunctions start-execution --region 'ap-northeast-1' " +
			"--state-machine-arn 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:batch-pipeline' " +
			`--input '{"jobs":["batch-job","ecs-task-1","ecs-task-2"]}'`,
	} {
		if d.outputs[key] != want {
			t.Errorf("%s = %v, want %s", key, d.outputs[key], want)
		}
	}
}
