package integrations

import (
	"strings"
	"testing"

	"batchpipeline/internal/iam"
)

func TestRequiredECSOnCluster(t *testing.T) {
	a := testAccount
	exec, task := a.RoleARN("/", "exec"), a.RoleARN("/", "task")
	td := a.TaskDefinitionARN("nightly", 3)
	batch, other := a.ClusterARN("batch"), a.ClusterARN("other")
	stmts := ECSRunTaskStatements(a, "nightly", exec, task)
	for i := range stmts {
		if stmts[i].Action[0] == actionRunTask {
			stmts[i].Condition = map[string]map[string]iam.Strings{"ArnEquals": {ConditionECSCluster: {batch}}}
		}
	}
	docs := policy(stmts)
	runTask := func(reqs []Requirement) Requirement {
		t.Helper()
		for _, r := range reqs {
			if r.Action == actionRunTask {
				return r
			}
		}
		t.Fatal("no ecs:RunTask requirement")
		return Requirement{}
	}
	tests := []struct {
		name      string
		cluster   string
		want      iam.Decision
		uncertain string
	}{
		{"the cluster the statement names", batch, iam.Allowed, ""},
		{"another cluster", other, iam.ImplicitDeny, ""},
		{"cluster not known", "", iam.ImplicitDeny, "condition ArnEquals on ecs:cluster: value not known"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqs := RequiredECSOnCluster(a, tt.cluster, td, exec, task)
			res := iam.Evaluate(runTask(reqs).Request(), docs, nil)
			if res.Decision != tt.want {
				t.Errorf("ecs:RunTask: %v, want %v (uncertain %q)", res.Decision, tt.want, res.Uncertain)
			}
			joined := strings.Join(res.Uncertain, "\n")
			if (tt.uncertain == "") != (joined == "") || !strings.Contains(joined, tt.uncertain) {
				t.Errorf("Uncertain = %q, want %q", res.Uncertain, tt.uncertain)
			}
			// Every other check is as RequiredECS builds it, and allowed.
			base := RequiredECS(a, td, exec, task)
			if len(base) != len(reqs) {
				t.Fatalf("%d requirements, want %d", len(reqs), len(base))
			}
			for i, r := range reqs {
				if r.Action == actionRunTask {
					continue
				}
				if r.Action != base[i].Action || r.Resource != base[i].Resource || len(r.Context) != len(base[i].Context) {
					t.Errorf("requirement %d = %+v, want %+v", i, r, base[i])
				}
				if d := iam.Evaluate(r.Request(), docs, nil).Decision; d != iam.Allowed {
					t.Errorf("%s on %s: %v, want Allowed", r.Action, r.Resource, d)
				}
			}
		})
	}
	if ctx := runTask(RequiredECS(a, td)).Context; len(ctx) != 0 {
		t.Errorf("RequiredECS puts %v in the RunTask context, want nothing (cluster not known)", ctx)
	}
}
