package integrations

import (
	"slices"
	"testing"

	"batchpipeline/internal/iam"
)

func TestGrantsMerge(t *testing.T) {
	a := testAccount
	env := nightlyEnv()
	env.tds["other"] = []TaskDefinition{{Key: "td2", Family: "other", ARN: a.TaskDefinitionARN("other", 1),
		ExecutionRole: Role{Set: true, ARN: a.RoleARN("/", "other-exec")}, TaskRole: Role{Set: true, ARN: a.RoleARN("/", "other-task")}}}
	var needs []Request
	for _, p := range []map[string]any{runTaskParams(), func() map[string]any {
		p := runTaskParams()
		p["TaskDefinition"] = "other"
		return p
	}()} {
		needs = append(needs, call(t, syncRunTask, p).Requests(env)...)
	}
	needs = append(needs, call(t, "arn:aws:states:::codebuild:startBuild.sync", map[string]any{"ProjectName": "a"}).Requests(env)...)
	needs = append(needs, call(t, "arn:aws:states:::codebuild:startBuild.sync", map[string]any{"ProjectName": "b"}).Requests(env)...)
	stmts := Grants(needs)
	bySid := map[string]iam.Statement{}
	for _, st := range stmts {
		if _, dup := bySid[st.Sid]; dup {
			t.Errorf("Sid %q twice", st.Sid)
		}
		bySid[st.Sid] = st
	}
	tests := []struct {
		sid      string
		actions  []string
		resource []string
	}{
		{"ECSRunTask", []string{"ecs:RunTask"}, []string{a.TaskDefinitionFamilyARN("nightly"), a.TaskDefinitionFamilyARN("other")}},
		{"ECSPassTaskRoles", []string{"iam:PassRole"}, []string{a.RoleARN("/", "nightly-exec"), a.RoleARN("/svc/", "nightly-task"),
			a.RoleARN("/", "other-exec"), a.RoleARN("/", "other-task")}},
		{"ECSFollowTasks", []string{"ecs:StopTask", "ecs:DescribeTasks"}, []string{a.ClusterTasksPattern("batch")}},
		{"CodeBuildBuilds", []string{"codebuild:StartBuild", "codebuild:BatchGetBuilds", "codebuild:StopBuild"},
			[]string{a.ProjectARN("a"), a.ProjectARN("b")}},
		{"ManagedEventsRules", []string{"events:PutTargets", "events:PutRule", "events:DescribeRule"},
			[]string{a.EventsRuleARN(ECSEventsRule), a.EventsRuleARN(CodeBuildEventsRule)}},
	}
	for _, tt := range tests {
		st, ok := bySid[tt.sid]
		if !ok {
			t.Errorf("no statement %q in %+v", tt.sid, stmts)
			continue
		}
		if !slices.Equal([]string(st.Action), tt.actions) || !slices.Equal([]string(st.Resource), tt.resource) {
			t.Errorf("%s: %q on %q, want %q on %q", tt.sid, st.Action, st.Resource, tt.actions, tt.resource)
		}
	}
	docs := []iam.Document{Policy(stmts...)}
	for _, n := range needs {
		if d := iam.Evaluate(request(n), docs, nil).Decision; d != iam.Allowed {
			t.Errorf("%s on %s: %v", n.Action, n.Resource, d)
		}
	}
	// Least privilege: the merged policy lets no job's roles be passed to
	// another service, and no other family run.
	for _, req := range []iam.Request{
		{Action: "iam:PassRole", Resource: a.RoleARN("/", "other-exec"), Context: map[string]string{"iam:PassedToService": "lambda.amazonaws.com"}},
		{Action: "ecs:RunTask", Resource: a.TaskDefinitionARN("third", 1), Context: map[string]string{"ecs:cluster": a.ClusterARN("batch")}},
		{Action: "ecs:RunTask", Resource: a.TaskDefinitionARN("nightly", 1), Context: map[string]string{"ecs:cluster": a.ClusterARN("other")}},
		{Action: "codebuild:StartBuild", Resource: a.ProjectARN("c")},
	} {
		if d := iam.Evaluate(req, docs, nil).Decision; d != iam.ImplicitDeny {
			t.Errorf("%s on %s %v: %v, want ImplicitDeny", req.Action, req.Resource, req.Context, d)
		}
	}
}

func TestGrantsSkipUnknownResources(t *testing.T) {
	got := Grants([]Request{{Action: "ecs:RunTask", Grant: Grant{Sid: "X"}}})
	if len(got) != 0 {
		t.Errorf("Grants = %+v, want none for a need whose resource is unknown", got)
	}
}

func TestUniqueSids(t *testing.T) {
	got := UniqueSids([]iam.Statement{{Sid: "A"}, {Sid: "A"}, {Sid: ""}, {Sid: "A"}, {Sid: ""}})
	var sids []string
	for _, s := range got {
		sids = append(sids, s.Sid)
	}
	if want := []string{"A", "A2", "", "A3", ""}; !slices.Equal(sids, want) {
		t.Errorf("Sids %q, want %q", sids, want)
	}
}
