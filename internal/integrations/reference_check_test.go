package integrations

import (
	"strings"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations/reference"
)

// everyNeed returns the needs of a set of Task states and ECS targets
// that, together, take every branch of the model: each integration and
// pattern, tags by every means, overrides, Credentials, clusters by ARN,
// name and default.
func everyNeed(t *testing.T) []Need {
	t.Helper()
	env := nightlyEnv()
	tagged := runTaskParams()
	tagged["Tags"] = []any{map[string]any{"Key": "k", "Value": "v"}}
	tagged["EnableECSManagedTags"] = true
	tagged["Overrides"] = map[string]any{"TaskRoleArn": "arn:aws:iam::123456789012:role/o", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/e"}
	byName := runTaskParams()
	byName["Cluster"] = "batch"
	noCluster := runTaskParams()
	delete(noCluster, "Cluster")
	var needs []Need
	for _, in := range Integrations() {
		for _, p := range in.Patterns {
			for _, params := range []map[string]any{tagged, byName, noCluster, {"ProjectName": "report"}} {
				c, ok := Read(TaskState{Resource: in.Resource("aws", p), Parameters: params,
					Credentials: map[string]any{"RoleArn": "arn:aws:iam::210987654321:role/runner"}})
				if !ok {
					t.Fatalf("Read(%s, %q) = false", in.Name(), p)
				}
				needs = append(needs, c.Needs(env)...)
			}
		}
	}
	for _, tgt := range []ECSTarget{eventsTarget(tagged), schedulerTarget(byName)} {
		needs = append(needs, tgt.Call().Needs(env)...)
	}
	needs = append(needs, StartExecutionNeed(testAccount.StateMachineARN("m"), ""))
	return needs
}

// everyStatement returns every statement the model grants outside Task
// states.
func everyStatement() []iam.Statement {
	a := testAccount
	out := append(LogDeliveryStatements(), XRayStatements()...)
	out = append(out, DeadLetterQueueStatement(a.QueueARN("dlq")), AlertTopicStatement(a, a.TopicARN("t"), a.EventsRuleARN("r")),
		WriteBuildLogsStatement(a, "/aws/codebuild/p"))
	out = append(out, ReadSecretsStatements([]string{
		"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf:password::",
		"arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/key",
	})...)
	return out
}

// TestModelAgainstServiceAuthorizationReference checks every request the
// model makes and every statement it grants against AWS's own data: the
// action exists, the resource is of one of the action's resource types
// (or "*" where the action takes none), and each condition key applies to
// the action (iam:PassedToService only to iam:PassRole, and so on).
func TestModelAgainstServiceAuthorizationReference(t *testing.T) {
	needs := everyNeed(t)
	checked := map[string]bool{}
	for _, n := range needs {
		info := lookupAction(t, n.Action)
		if n.Resource != "" {
			checkResource(t, info, n.Resource, "request")
		}
		for k := range n.Context {
			if !info.ConditionKeyApplies(k) {
				t.Errorf("%s: the request carries %s, which does not apply to it", n.Action, k)
			}
		}
		checkStatement(t, n.Grant)
		checked[n.Action] = true
	}
	for _, st := range everyStatement() {
		checkStatement(t, st)
	}
	a := testAccount
	for _, as := range []Assumption{
		{Service: StatesService, Account: a.ID, SourceARN: a.StateMachineARN("m")},
		{Service: EventsService, Account: a.ID, SourceARN: a.RuleARN("orders", "nightly")},
		{Service: SchedulerService, Account: a.ID, SourceARN: a.ScheduleGroupARN("default")},
		{Service: ECSTasksService, Property: "taskRoleArn", Account: a.ID},
	} {
		req := as.Request(a.RoleARN("/", "r"))
		info := lookupAction(t, req.Action)
		checkResource(t, info, req.Resource, "request")
		for k := range req.Context {
			if !info.ConditionKeyApplies(k) {
				t.Errorf("%s: the request carries %s, which does not apply to it", req.Action, k)
			}
		}
		checked[req.Action] = true
	}
	// The source ARNs are the resource types AWS names: a rule on a bus,
	// a schedule group.
	putTargets, getGroup := lookupAction(t, "events:PutTargets"), lookupAction(t, "scheduler:GetScheduleGroup")
	checkResource(t, putTargets, a.RuleARN("orders", "nightly"), "source")
	checkResource(t, putTargets, a.RuleARN("", "nightly"), "source")
	checkResource(t, getGroup, a.ScheduleGroupARN("default"), "source")
	trust := TrustPolicy(StatesService, testAccount.ID, testAccount.StateMachineARN("m"))
	for _, st := range trust.Statement {
		for _, action := range st.Action {
			info := lookupAction(t, action)
			checkConditions(t, info, st)
		}
	}
	// The checks above saw every action the integrations call.
	for _, want := range []string{"ecs:RunTask", "iam:PassRole", "ecs:TagResource", "ecs:StopTask", "ecs:DescribeTasks",
		"events:PutRule", "codebuild:StartBuild", "codebuild:StartBuildBatch", "sts:AssumeRole", "states:StartExecution"} {
		if !checked[want] {
			t.Errorf("no need asks for %s: everyNeed misses a branch", want)
		}
	}
}

// TestReferenceCatchesMistakes: the checks above fail on the mistakes
// they are there for.
func TestReferenceCatchesMistakes(t *testing.T) {
	a := testAccount
	runTask, _ := reference.Action("ecs:RunTask")
	reports, _ := reference.Action("codebuild:BatchGetReports")
	getGroup, _ := reference.Action("scheduler:GetScheduleGroup")
	tests := []struct {
		name string
		ok   bool
	}{
		{"BatchGetReports on a project", has(reports, a.ProjectARN("p"))},
		{"RunTask on a family without revision", has(runTask, "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly")},
		{"RunTask on a cluster", has(runTask, a.ClusterARN("batch"))},
		{"iam:PassedToService on RunTask", runTask.ConditionKeyApplies("iam:PassedToService")},
		{"GetScheduleGroup on a schedule", has(getGroup, "arn:aws:scheduler:ap-northeast-1:123456789012:schedule/default/nightly")},
	}
	for _, tt := range tests {
		if tt.ok {
			t.Errorf("%s: accepted by the reference, want refused", tt.name)
		}
	}
}

func has(info reference.ActionInfo, resource string) bool {
	_, ok := info.ResourceTypeOf(resource)
	return ok
}

func lookupAction(t *testing.T, action string) reference.ActionInfo {
	t.Helper()
	info, ok := reference.Action(action)
	if !ok {
		t.Fatalf("%s is not an action of the service authorization reference", action)
	}
	return info
}

func checkResource(t *testing.T, info reference.ActionInfo, resource, what string) {
	t.Helper()
	if _, ok := info.ResourceTypeOf(resource); !ok {
		var formats []string
		for _, rt := range info.ResourceTypes {
			formats = append(formats, rt.ARNFormats...)
		}
		t.Errorf("%s:%s: %s resource %s matches none of %q", info.Service, info.Name, what, resource, formats)
	}
}

func checkStatement(t *testing.T, st iam.Statement) {
	t.Helper()
	if len(st.Action) == 0 {
		return
	}
	for _, action := range st.Action {
		if strings.ContainsAny(action, "*?") {
			t.Errorf("statement %q grants the wildcard action %q", st.Sid, action)
			continue
		}
		info := lookupAction(t, action)
		for _, r := range st.Resource {
			checkResource(t, info, r, "granted")
		}
		checkConditions(t, info, st)
	}
}

func checkConditions(t *testing.T, info reference.ActionInfo, st iam.Statement) {
	t.Helper()
	for _, kv := range st.Condition {
		for k := range kv {
			if !info.ConditionKeyApplies(k) {
				t.Errorf("statement %q: condition key %s does not apply to %s:%s", st.Sid, k, info.Service, info.Name)
			}
		}
	}
}
