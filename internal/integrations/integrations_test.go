package integrations

import (
	"strings"
	"testing"

	"batchpipeline/internal/iam"
)

var testAccount = Account{Partition: "aws", Region: "ap-northeast-1", ID: "123456789012"}

// policy wraps statements in a document.
func policy(stmts ...[]iam.Statement) []iam.Document {
	return []iam.Document{{Version: iam.Version, Statement: Combine(stmts...)}}
}

// assertAllowed evaluates every requirement against docs and fails the
// test for each one that is not allowed without doubt.
func assertAllowed(t *testing.T, docs []iam.Document, reqs []Requirement) {
	t.Helper()
	if len(reqs) == 0 {
		t.Fatal("no requirements")
	}
	for _, r := range reqs {
		res := iam.Evaluate(r.Request(), docs, nil)
		if res.Decision != iam.Allowed || len(res.Uncertain) > 0 {
			t.Errorf("%s on %s (context %v): %v, uncertain %q", r.Action, r.Resource, r.Context, res.Decision, res.Uncertain)
		}
	}
}

func TestARNBuilders(t *testing.T) {
	a := testAccount
	tests := []struct{ got, want string }{
		{a.RoleARN("/", "job"), "arn:aws:iam::123456789012:role/job"},
		{a.RoleARN("/svc/", "job"), "arn:aws:iam::123456789012:role/svc/job"},
		{a.RoleARN("svc", "job"), "arn:aws:iam::123456789012:role/svc/job"},
		{a.RoleARN("", "job"), "arn:aws:iam::123456789012:role/job"},
		{a.ClusterARN("batch"), "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch"},
		{a.TaskDefinitionFamilyARN("nightly"), "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly:*"},
		{a.TaskDefinitionARN("nightly", 7), "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly:7"},
		{a.TaskARNPattern(), "arn:aws:ecs:ap-northeast-1:123456789012:task/*"},
		{a.ProjectARN("build"), "arn:aws:codebuild:ap-northeast-1:123456789012:project/build"},
		{a.EventsRuleARN(ECSEventsRule), "arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule"},
		{a.StateMachineARN("pipeline"), "arn:aws:states:ap-northeast-1:123456789012:stateMachine:pipeline"},
		{a.LogGroupARN("/aws/states/pipeline"), "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/states/pipeline"},
		{Account{Region: "us-east-1", ID: "1"}.ClusterARN("c"), "arn:aws:ecs:us-east-1:1:cluster/c"},
		{Account{Partition: "aws-cn", Region: "cn-north-1", ID: "1"}.RoleARN("/", "r"), "arn:aws-cn:iam::1:role/r"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestTaskDefinitionFamilyARNCoversRevisions(t *testing.T) {
	a := testAccount
	pattern := a.TaskDefinitionFamilyARN("nightly")
	for _, tt := range []struct {
		arn  string
		want bool
	}{
		{a.TaskDefinitionARN("nightly", 1), true},
		{a.TaskDefinitionARN("nightly", 42), true},
		{a.TaskDefinitionARN("nightly-other", 1), false},
		{a.TaskDefinitionARN("nightl", 1), false},
	} {
		if got := iam.MatchResource(pattern, tt.arn); got != tt.want {
			t.Errorf("MatchResource(%q, %q) = %v, want %v", pattern, tt.arn, got, tt.want)
		}
	}
}

func TestECSStatementsAllowRequirements(t *testing.T) {
	a := testAccount
	exec := a.RoleARN("/svc/", "nightly-exec")
	task := a.RoleARN("/svc/", "nightly-task")
	docs := policy(ECSRunTaskStatements(a, "nightly", exec, task))
	assertAllowed(t, docs, RequiredECS(a, a.TaskDefinitionARN("nightly", 3), exec, task))
}

func TestCodeBuildStatementsAllowRequirements(t *testing.T) {
	a := testAccount
	docs := policy(CodeBuildStartBuildStatements(a, "report"))
	assertAllowed(t, docs, RequiredCodeBuild(a, a.ProjectARN("report")))
}

func TestCombinedRolePolicyAllowsEveryJob(t *testing.T) {
	a := testAccount
	docs := policy(
		ECSRunTaskStatements(a, "extract", a.RoleARN("/", "exec"), a.RoleARN("/", "extract-task")),
		ECSRunTaskStatements(a, "load", a.RoleARN("/", "exec"), a.RoleARN("/", "load-task")),
		CodeBuildStartBuildStatements(a, "report"),
		LogDeliveryStatements(),
		XRayStatements(),
	)
	sids := map[string]bool{}
	for _, st := range docs[0].Statement {
		if sids[st.Sid] {
			t.Errorf("duplicate Sid %q in the combined policy", st.Sid)
		}
		sids[st.Sid] = true
	}
	var reqs []Requirement
	reqs = append(reqs, RequiredECS(a, a.TaskDefinitionARN("extract", 1), a.RoleARN("/", "exec"), a.RoleARN("/", "extract-task"))...)
	reqs = append(reqs, RequiredECS(a, a.TaskDefinitionARN("load", 9), a.RoleARN("/", "exec"), a.RoleARN("/", "load-task"))...)
	reqs = append(reqs, RequiredCodeBuild(a, a.ProjectARN("report"))...)
	assertAllowed(t, docs, reqs)
}

func TestECSRequirementsFailWithoutPassRole(t *testing.T) {
	a := testAccount
	exec, task := a.RoleARN("/", "exec"), a.RoleARN("/", "task")
	var withoutPassRole []iam.Statement
	for _, st := range ECSRunTaskStatements(a, "nightly", exec, task) {
		if st.Action[0] != "iam:PassRole" {
			withoutPassRole = append(withoutPassRole, st)
		}
	}
	docs := policy(withoutPassRole)
	denied := 0
	for _, r := range RequiredECS(a, a.TaskDefinitionARN("nightly", 1), exec, task) {
		if iam.Evaluate(r.Request(), docs, nil).Decision != iam.Allowed {
			if r.Action != "iam:PassRole" {
				t.Errorf("%s denied, want only iam:PassRole denied", r.Action)
			}
			denied++
		}
	}
	if denied != 2 {
		t.Errorf("%d requirements denied, want 2 (PassRole on each role)", denied)
	}
}

func TestECSPassRoleOnlyForECSTasks(t *testing.T) {
	a := testAccount
	exec := a.RoleARN("/svc/", "exec")
	docs := policy(ECSRunTaskStatements(a, "nightly", exec, ""))
	for _, tt := range []struct {
		name string
		req  iam.Request
		want iam.Decision
	}{
		{"ecs-tasks", iam.Request{Action: "iam:PassRole", Resource: exec, Context: map[string]string{"iam:PassedToService": ECSTasksService}}, iam.Allowed},
		{"lambda", iam.Request{Action: "iam:PassRole", Resource: exec, Context: map[string]string{"iam:PassedToService": "lambda.amazonaws.com"}}, iam.ImplicitDeny},
		{"no service", iam.Request{Action: "iam:PassRole", Resource: exec}, iam.ImplicitDeny},
		{"other role", iam.Request{Action: "iam:PassRole", Resource: a.RoleARN("/", "admin"), Context: map[string]string{"iam:PassedToService": ECSTasksService}}, iam.ImplicitDeny},
	} {
		if got := iam.Evaluate(tt.req, docs, nil).Decision; got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestECSPassRoleResources(t *testing.T) {
	a := testAccount
	exec, task := a.RoleARN("/", "exec"), a.RoleARN("/", "task")
	tests := []struct {
		name       string
		exec, task string
		want       []string
	}{
		{"both", exec, task, []string{exec, task}},
		{"same role", exec, exec, []string{exec}},
		{"no task role", exec, "", []string{exec}},
		{"no execution role", "", task, []string{task}},
		{"none", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, st := range ECSRunTaskStatements(a, "nightly", tt.exec, tt.task) {
				if len(st.Action) == 1 && st.Action[0] == "iam:PassRole" {
					got = append(got, st.Resource...)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("PassRole resources = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNoWildcardActions(t *testing.T) {
	a := testAccount
	all := Combine(
		ECSRunTaskStatements(a, "nightly", a.RoleARN("/", "exec"), a.RoleARN("/", "task")),
		CodeBuildStartBuildStatements(a, "report"),
		LogDeliveryStatements(),
		XRayStatements(),
		StartExecutionStatements(a.StateMachineARN("pipeline")),
	)
	for _, st := range all {
		if st.Effect != iam.Allow || len(st.NotAction) > 0 || len(st.NotResource) > 0 {
			t.Errorf("statement %q is not a plain Allow", st.Sid)
		}
		if st.Sid == "" {
			t.Error("statement without Sid")
		}
		for _, action := range st.Action {
			if strings.ContainsAny(action, "*?") {
				t.Errorf("statement %q has wildcard action %q", st.Sid, action)
			}
		}
	}
}

func TestCodeBuildEventsRuleIsSingular(t *testing.T) {
	st := CodeBuildStartBuildStatements(testAccount, "report")
	got := st[1].Resource[0]
	if !strings.HasSuffix(got, ":rule/StepFunctionsGetEventForCodeBuildStartBuildRule") {
		t.Errorf("CodeBuild events rule = %q", got)
	}
}

func TestStartExecutionStatements(t *testing.T) {
	sm := testAccount.StateMachineARN("pipeline")
	docs := policy(StartExecutionStatements(sm))
	if d := iam.Evaluate(iam.Request{Action: "states:StartExecution", Resource: sm}, docs, nil).Decision; d != iam.Allowed {
		t.Errorf("StartExecution on the state machine: %v", d)
	}
	other := testAccount.StateMachineARN("other")
	if d := iam.Evaluate(iam.Request{Action: "states:StartExecution", Resource: other}, docs, nil).Decision; d != iam.ImplicitDeny {
		t.Errorf("StartExecution on another state machine: %v", d)
	}
}

func TestCombineDropsDuplicates(t *testing.T) {
	a := testAccount
	one := ECSRunTaskStatements(a, "one", "", "")
	two := ECSRunTaskStatements(a, "two", "", "")
	got := Combine(one, two, one)
	if len(got) != 4 { // RunTask x2, shared StopTask and events once each
		t.Errorf("Combine kept %d statements, want 4: %+v", len(got), got)
	}
}

func TestSidPart(t *testing.T) {
	for in, want := range map[string]string{
		"nightly-batch_job": "NightlyBatchJob",
		"a.b c":             "ABC",
		"":                  "",
		"日本-x1":             "X1",
	} {
		if got := sidPart(in); got != want {
			t.Errorf("sidPart(%q) = %q, want %q", in, got, want)
		}
	}
}
