package pack

import (
	"slices"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
)

// TestRunnableTaskDefs: the task definitions a role may run, from the
// Resource patterns of its ecs:RunTask statements, wildcards included.
func TestRunnableTaskDefs(t *testing.T) {
	tdARN := func(family string) string { return testAcct.TaskDefinitionARN(family, 2) }
	families := []string{"alpha-job", "alpha-report", "beta-job", "gamma"}
	runTask := func(resources ...string) iam.Statement {
		return iam.Statement{Effect: iam.Allow, Action: iam.Strings{"ecs:RunTask"}, Resource: iam.Strings(resources)}
	}
	tests := []struct {
		name  string
		stmts []iam.Statement
		want  []string
	}{
		{"exact family, every revision", []iam.Statement{runTask(testAcct.TaskDefinitionFamilyARN("beta-job"))}, []string{"beta-job"}},
		{"exact revision", []iam.Statement{runTask(tdARN("gamma"))}, []string{"gamma"}},
		{"another revision", []iam.Statement{runTask(testAcct.TaskDefinitionARN("gamma", 1))}, nil},
		{"family prefix", []iam.Statement{runTask("arn:aws:ecs:ap-northeast-1:123456789012:task-definition/alpha-*")},
			[]string{"alpha-job", "alpha-report"}},
		{"single-character wildcard", []iam.Statement{runTask("arn:aws:ecs:ap-northeast-1:123456789012:task-definition/?amma:*")},
			[]string{"gamma"}},
		{"wildcard region", []iam.Statement{runTask("arn:aws:ecs:*:123456789012:task-definition/beta-job:*")}, []string{"beta-job"}},
		{"everything", []iam.Statement{runTask("*")}, families},
		{"ecs:* on everything", []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"ecs:*"}, Resource: iam.Strings{"*"}}}, families},
		{"NotResource", []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"ecs:RunTask"},
			NotResource: iam.Strings{testAcct.TaskDefinitionFamilyARN("gamma")}}}, []string{"alpha-job", "alpha-report", "beta-job"}},
		{"NotAction ecs", []iam.Statement{{Effect: iam.Allow, NotAction: iam.Strings{"ecs:*"}, Resource: iam.Strings{"*"}}}, nil},
		{"a cluster, not a task definition", []iam.Statement{runTask(testAcct.ClusterARN("c"))}, nil},
		{"denied family", []iam.Statement{runTask("*"), {Effect: iam.Deny, Action: iam.Strings{"ecs:RunTask"},
			Resource: iam.Strings{"arn:aws:ecs:*:*:task-definition/alpha-*"}}}, []string{"beta-job", "gamma"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := []*packtest.Resource{
				packtest.New(TypeRole, "r").Set("name", packtest.Str("r")).Set("arn", packtest.Str(testAcct.RoleARN("/", "r"))),
				packtest.New(TypeRolePolicy, "r").Set("role", packtest.Str("r")).Set("policy", doc(tt.stmts...)),
			}
			for _, f := range families {
				rs = append(rs, packtest.New(TypeTaskDefinition, f).Set("family", packtest.Str(f)).
					Set("arn", packtest.Str(tdARN(f))).Set("revision", packtest.Num(2)))
			}
			s := NewStack(packtest.Stack(rs...))
			var got []string
			for _, td := range s.runnableTaskDefs(s.rolesByName["r"][0], testAcct) {
				got = append(got, td.Family)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("runnable %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTaskDefsNamed(t *testing.T) {
	s := NewStack(packtest.Stack(
		packtest.New(TypeTaskDefinition, "a").Set("family", packtest.Str("fam")).Set("revision", packtest.Num(3)).
			Set("arn", packtest.Str(testAcct.TaskDefinitionARN("fam", 3))),
		packtest.New(TypeTaskDefinition, "b").Set("family", packtest.Str("other")).Unknown("arn"),
	))
	for ref, want := range map[string]int{
		"fam": 1, "fam:3": 1, "fam:2": 0, testAcct.TaskDefinitionARN("fam", 3): 1,
		"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/fam": 1, "other:9": 1, "missing": 0,
		testAcct.ClusterARN("fam"): 0,
	} {
		if got := len(s.TaskDefsNamed(ref)); got != want {
			t.Errorf("taskDefsNamed(%q) found %d, want %d", ref, got, want)
		}
	}
}
