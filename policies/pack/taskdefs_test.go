package pack

import (
	"slices"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
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
				packtest.New(stackmodel.TypeRole, "r").Set("name", packtest.Str("r")).Set("arn", packtest.Str(testAcct.RoleARN("/", "r"))),
				packtest.New(stackmodel.TypeRolePolicy, "r").Set("role", packtest.Str("r")).Set("policy", doc(tt.stmts...)),
			}
			for _, f := range families {
				rs = append(rs, packtest.New(stackmodel.TypeTaskDefinition, f).Set("family", packtest.Str(f)).
					Set("arn", packtest.Str(tdARN(f))).Set("revision", packtest.Num(2)))
			}
			s := newStack(packtest.Stack(rs...))
			var got []string
			for _, td := range s.runnableTaskDefs(s.Roles[0], testAcct) {
				got = append(got, td.Family)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("runnable %v, want %v", got, tt.want)
			}
		})
	}
}
