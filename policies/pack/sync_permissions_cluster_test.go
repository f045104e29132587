package pack

import (
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
)

// onCluster returns the pipeline's statements with the ecs:RunTask one
// limited to the given cluster (ArnEquals ecs:cluster), as IAM allows and
// many roles do.
func (p pipeline) onCluster(clusterARN string) []iam.Statement {
	stmts := p.goodStatements()
	for i, st := range stmts {
		if len(st.Action) == 1 && st.Action[0] == "ecs:RunTask" {
			st.Condition = map[string]map[string]iam.Strings{"ArnEquals": {"ecs:cluster": {clusterARN}}}
			stmts[i] = st
		}
	}
	return stmts
}

// denyRunTaskOn denies ecs:RunTask on one cluster.
func denyRunTaskOn(clusterARN string) iam.Statement {
	return iam.Statement{Effect: iam.Deny, Action: iam.Strings{"ecs:RunTask"}, Resource: iam.Strings{"*"},
		Condition: map[string]map[string]iam.Strings{"ArnEquals": {"ecs:cluster": {clusterARN}}}}
}

// withJobParams returns the default definition with the ECS state's
// Cluster parameter removed and params set.
func (p pipeline) withJobParams(params map[string]any) map[string]any {
	def := p.defaultDefinition()
	jobs := def["States"].(map[string]any)["Jobs"].(map[string]any)
	job := jobs["Branches"].([]any)[0].(map[string]any)["States"].(map[string]any)["job"].(map[string]any)
	ps := job["Parameters"].(map[string]any)
	delete(ps, "Cluster")
	for k, v := range params {
		ps[k] = v
	}
	return def
}

// TestSyncPermissionsClusterCondition: an ecs:RunTask statement limited to
// a cluster is decided when the state names its cluster, and never
// reported when the cluster is not known to the pack.
func TestSyncPermissionsClusterCondition(t *testing.T) {
	base := pipeline{name: "nightly"}
	own, other := testAcct.ClusterARN("nightly"), testAcct.ClusterARN("other")
	tests := []struct {
		name    string
		preview bool
		stmts   []iam.Statement
		params  map[string]any // nil: the default Cluster (own, as an ARN)
		want    []string       // nil: no violation
	}{
		{name: "the state's cluster ARN is the allowed one", stmts: base.onCluster(own)},
		{name: "the state's cluster ARN is the allowed one, first preview", preview: true, stmts: base.onCluster(own)},
		{
			name: "the state's cluster ARN is another one", stmts: base.onCluster(other),
			want: []string{`state machine "nightly" uses role "nightly-sfn"`,
				"ecs:RunTask on arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly-job:1 in cluster " + own +
					" (states States.Jobs.Branches[0].States.job)",
				"a condition on ecs:cluster in its policies rules out this cluster"},
		},
		{
			name: "another cluster, first preview", preview: true, stmts: base.onCluster(other),
			want: []string{"ecs:RunTask on arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly-job:1 in cluster " + own},
		},
		{name: "cluster name, state machine ARN known, allowed", stmts: base.onCluster(own),
			params: map[string]any{"Cluster": "nightly"}},
		{
			name: "cluster name, state machine ARN known, another cluster", stmts: base.onCluster(other),
			params: map[string]any{"Cluster": "nightly"},
			want:   []string{"in cluster " + own},
		},
		{name: "cluster name at a first preview: account and region are guesses", preview: true,
			stmts: base.onCluster(other), params: map[string]any{"Cluster": "nightly"}},
		{name: "cluster chosen at run time", stmts: base.onCluster(other),
			params: map[string]any{"Cluster.$": "$.cluster"}},
		{name: "cluster as a JSONata expression", stmts: base.onCluster(other),
			params: map[string]any{"Cluster": "{% $states.input.cluster %}"}},
		{name: "no cluster: the default one, not asserted", stmts: base.onCluster(other), params: map[string]any{}},
		{name: "a cluster that is not an ECS cluster ARN", stmts: base.onCluster(other),
			params: map[string]any{"Cluster": "arn:aws:ecs:ap-northeast-1:123456789012:service/nightly/x"}},
		{
			name: "a Deny on the state's cluster", stmts: with(base.goodStatements(), denyRunTaskOn(own)),
			want: []string{"in cluster " + own, "a condition on ecs:cluster in its policies rules out this cluster"},
		},
		{name: "a Deny on another cluster", stmts: with(base.goodStatements(), denyRunTaskOn(other))},
		{name: "a Deny on a cluster, cluster chosen at run time", stmts: with(base.goodStatements(), denyRunTaskOn(own)),
			params: map[string]any{"Cluster.$": "$.cluster"}},
		{
			name: "a condition on aws:RequestedRegion is not known: not reported",
			stmts: func() []iam.Statement {
				stmts := base.goodStatements()
				for i, st := range stmts {
					if len(st.Action) == 1 && st.Action[0] == "ecs:RunTask" {
						st.Condition = map[string]map[string]iam.Strings{"StringEquals": {"aws:RequestedRegion": {"eu-west-1"}}}
						stmts[i] = st
					}
				}
				return stmts
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pipeline{name: "nightly", preview: tt.preview, sfnStatements: tt.stmts}
			if tt.params != nil {
				p.definition = p.withJobParams(tt.params)
			}
			stack := p.stack()
			if tt.want == nil {
				assertNoViolations(t, SyncPermissionsPolicy, stack)
			} else {
				assertViolation(t, SyncPermissionsPolicy, p.urn(kMachine), stack, tt.want...)
			}
			// The cluster condition is about RunTask, never about PassRole.
			assertNoViolations(t, PassRolePolicy, stack)
		})
	}
}

// TestSyncPermissionsClusterSecret: a cluster named in a secret definition
// decides but is not printed.
func TestSyncPermissionsClusterSecret(t *testing.T) {
	p := pipeline{name: "nightly", sfnStatements: pipeline{name: "nightly"}.onCluster(testAcct.ClusterARN("other"))}
	b := p.build()
	b[kMachine].Set("definition", packtest.Secret(packtest.JSON(p.defaultDefinition())))
	msg := assertViolation(t, SyncPermissionsPolicy, p.urn(kMachine), stackOf(b),
		"ecs:RunTask on (a resource named in the secret definition) in cluster (a resource named in the secret definition)")
	assertLacks(t, msg, testAcct.ClusterARN("nightly"))
}

// TestSyncPermissionsClusterFromSecretARN: a cluster ARN built from a
// secret state machine ARN is shown by name only.
func TestSyncPermissionsClusterFromSecretARN(t *testing.T) {
	p := pipeline{name: "nightly", sfnStatements: pipeline{name: "nightly"}.onCluster(testAcct.ClusterARN("other"))}
	p.definition = p.withJobParams(map[string]any{"Cluster": "nightly"})
	b := p.build()
	b[kMachine].Set("arn", packtest.Secret(packtest.Str(p.machineARN())))
	msg := assertViolation(t, SyncPermissionsPolicy, p.urn(kMachine), stackOf(b), "in cluster cluster/nightly (states")
	assertLacks(t, msg, testAcct.ClusterARN("nightly"))
}

func TestRunTaskCluster(t *testing.T) {
	m := &machine{arn: testAcct.StateMachineARN("m")}
	guess := &machine{}
	own := testAcct.ClusterARN("batch")
	tests := []struct {
		name   string
		m      *machine
		params map[string]any
		want   string
	}{
		{"ARN", guess, map[string]any{"Cluster": own}, own},
		{"name, machine ARN known", m, map[string]any{"Cluster": "batch"}, own},
		{"name, machine ARN unknown", guess, map[string]any{"Cluster": "batch"}, ""},
		{"dynamic", m, map[string]any{"Cluster.$": "$.c"}, ""},
		{"absent", m, map[string]any{}, ""},
		{"not a string", m, map[string]any{"Cluster": 3.0}, ""},
		{"wildcard", m, map[string]any{"Cluster": "batch*"}, ""},
		{"not a cluster ARN", m, map[string]any{"Cluster": "arn:aws:iam::123456789012:role/batch"}, ""},
		{"ARN without account", m, map[string]any{"Cluster": "arn:aws:ecs:ap-northeast-1::cluster/batch"}, ""},
		{"ARN with a bad name", m, map[string]any{"Cluster": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/a/b"}, ""},
		{"bad name", m, map[string]any{"Cluster": "a b"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runTaskCluster(tt.m, task{params: tt.params}); got != tt.want {
				t.Errorf("runTaskCluster = %q, want %q", got, tt.want)
			}
		})
	}
}
