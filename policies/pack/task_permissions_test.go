package pack

import (
	"strings"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// withRuleRenamed replaces a managed events rule ARN in the statements.
func withRuleRenamed(stmts []iam.Statement, from, to string) []iam.Statement {
	out := make([]iam.Statement, len(stmts))
	for i, stmt := range stmts {
		stmt.Resource = append(iam.Strings{}, stmt.Resource...)
		for j, r := range stmt.Resource {
			if r == testAcct.EventsRuleARN(from) {
				stmt.Resource[j] = testAcct.EventsRuleARN(to)
			}
		}
		out[i] = stmt
	}
	return out
}

// onCluster limits the ecs:RunTask statements to a cluster.
func onCluster(stmts []iam.Statement, clusterARN string) []iam.Statement {
	out := make([]iam.Statement, len(stmts))
	for i, stmt := range stmts {
		if len(stmt.Action) == 1 && stmt.Action[0] == "ecs:RunTask" {
			stmt.Condition = map[string]map[string]iam.Strings{"ArnEquals": {"ecs:cluster": {clusterARN}}}
		}
		out[i] = stmt
	}
	return out
}

func TestTaskPermissions(t *testing.T) {
	p := pipeline{name: "nightly"}
	tagged := pipeline{name: "nightly", tagged: true}
	const ecsState = "States.Jobs.Branches[0].States.job"
	tests := []struct {
		name    string
		p       pipeline
		stmts   []iam.Statement
		preview bool
		edit    func(b map[string]*packtest.Resource) []*packtest.Resource
		want    []string // nil: no violation
		lacks   []string
	}{
		{name: "everything", p: p, stmts: p.goodStatements()},
		{name: "everything, first preview", p: p, stmts: p.goodStatements(), preview: true},
		{name: "everything, tagged tasks", p: tagged, stmts: tagged.goodStatements()},
		{name: "everything, tagged tasks, first preview", p: tagged, stmts: tagged.goodStatements(), preview: true},
		{
			name: "tagged tasks without ecs:TagResource", p: tagged, stmts: withoutAction(tagged.goodStatements(), "ecs:TagResource"),
			want: []string{`state machine "nightly": role "nightly-sfn" makes calls its policies do not allow`,
				"ecs:TagResource on arn:aws:ecs:ap-northeast-1:123456789012:task/nightly/* with ecs:CreateAction = RunTask (states " + ecsState + ")",
				"RunTask creates the task with tags", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html",
				"no statement of its 1 known policy document(s) allows it",
				`Add these statements to a policy of role "nightly-sfn"`, `"ecs:TagResource"`, `"ecs:CreateAction": [`, `"RunTask"`,
				`"arn:aws:ecs:ap-northeast-1:123456789012:task/nightly/*"`},
			lacks: []string{"iam:PassRole", "ecs:RunTask on"},
		},
		{
			name: "tagged tasks without ecs:TagResource, first preview", p: tagged, preview: true,
			stmts: withoutAction(tagged.goodStatements(), "ecs:TagResource"),
			want:  []string{"ecs:TagResource on arn:aws:ecs:ap-northeast-1:123456789012:task/nightly/*"},
		},
		{
			name: "ecs:TagResource for another create action", p: tagged,
			stmts: with(withoutAction(tagged.goodStatements(), "ecs:TagResource"), iam.Statement{Effect: iam.Allow,
				Action: iam.Strings{"ecs:TagResource"}, Resource: iam.Strings{"*"},
				Condition: map[string]map[string]iam.Strings{"StringEquals": {"ecs:CreateAction": {"CreateService"}}}}),
			want: []string{"ecs:TagResource on", "a condition on ecs:CreateAction in its policies rules out RunTask"},
		},
		{
			name: "ecs:TagResource as AmazonEC2ContainerServiceEventsRole grants it", p: tagged,
			stmts: with(withoutAction(tagged.goodStatements(), "ecs:TagResource"), iam.Statement{Effect: iam.Allow,
				Action: iam.Strings{"ecs:TagResource"}, Resource: iam.Strings{"*"},
				Condition: map[string]map[string]iam.Strings{"StringEquals": {"ecs:CreateAction": {"RunTask"}}}}),
		},
		{
			name: "Tags in the RunTask parameters, no ecs:TagResource", p: p,
			stmts: p.goodStatements(),
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				def := p.defaultDefinition()
				jobParams(def)["Tags"] = []any{map[string]any{"Key": "run", "Value": "nightly"}}
				b[kMachine].Set("definition", packtest.JSON(def))
				return nil
			},
			want: []string{"ecs:TagResource on arn:aws:ecs:ap-northeast-1:123456789012:task/nightly/*"},
		},
		{
			name: "no CodeBuild statements", p: p,
			stmts: withoutAction(withoutAction(withoutAction(p.goodStatements(), "codebuild:StartBuild"),
				"codebuild:StopBuild"), "codebuild:BatchGetBuilds"),
			want: []string{"codebuild:StartBuild on arn:aws:codebuild:ap-northeast-1:123456789012:project/nightly-final (states States.Final)",
				"codebuild:StopBuild on", "codebuild:BatchGetBuilds on", codeBuildIAMDoc},
			lacks: []string{"ecs:", "BatchGetReports"},
		},
		{
			name: "the plural CodeBuild rule name, a common mistake", p: p,
			stmts: withRuleRenamed(p.goodStatements(), integrations.CodeBuildEventsRule, "StepFunctionsGetEventsForCodeBuildStartBuildRule"),
			want: []string{"events:PutTargets on arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventForCodeBuildStartBuildRule",
				`"arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"`},
			lacks: []string{"StepFunctionsGetEventsForECSTaskRule ("},
		},
		{
			// Every other statement intact: only the ECS managed rule is
			// missing, which a check of "some rule" would not see.
			name: "the ECS managed rule missing, the CodeBuild one granted", p: p,
			stmts: withRuleRenamed(p.goodStatements(), integrations.ECSEventsRule, "SomeOtherRule"),
			want: []string{"events:PutTargets on arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule (states " + ecsState + ")",
				"events:PutRule on", "events:DescribeRule on"},
			lacks: []string{"rule/StepFunctionsGetEventForCodeBuildStartBuildRule (states"},
		},
		{
			name: "no ecs:RunTask", p: p, stmts: withoutAction(p.goodStatements(), "ecs:RunTask"),
			want: []string{"ecs:RunTask on arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly-job:* with ecs:cluster = " +
				testAcct.ClusterARN("nightly") + " (states " + ecsState + ")"},
			lacks: []string{"ecs:StopTask"},
		},
		{
			name: "no ecs:RunTask, first preview", p: p, preview: true, stmts: withoutAction(p.goodStatements(), "ecs:RunTask"),
			want: []string{"ecs:RunTask on arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly-job:*"},
		},
		{
			name: "no StopTask/DescribeTasks", p: p,
			stmts: withoutAction(withoutAction(p.goodStatements(), "ecs:StopTask"), "ecs:DescribeTasks"),
			want:  []string{"ecs:StopTask on arn:aws:ecs:ap-northeast-1:123456789012:task/nightly/*", "ecs:DescribeTasks on"},
		},
		{
			name: "StopTask and DescribeTasks on every task, as AWS's template", p: p,
			stmts: with(withoutAction(withoutAction(p.goodStatements(), "ecs:StopTask"), "ecs:DescribeTasks"),
				iam.Statement{Effect: iam.Allow, Action: iam.Strings{"ecs:StopTask", "ecs:DescribeTasks"}, Resource: iam.Strings{"*"}}),
		},
		{
			name:  "AdministratorAccess-like wildcard",
			p:     p,
			stmts: []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"*"}, Resource: iam.Strings{"*"}}},
		},
		{
			// The AWS template and the CDK grant codebuild:BatchGetReports
			// on the project; its resource type is report-group, so no
			// working stack depends on it and its absence is no gap.
			name: "no codebuild:BatchGetReports", p: p, stmts: p.goodStatements(),
		},
		{
			name: "RunTask limited to the state's cluster", p: p, stmts: onCluster(p.goodStatements(), testAcct.ClusterARN("nightly")),
		},
		{
			name: "RunTask limited to another cluster", p: p, stmts: onCluster(p.goodStatements(), testAcct.ClusterARN("other")),
			want: []string{"ecs:RunTask on", "with ecs:cluster = " + testAcct.ClusterARN("nightly"),
				"a condition on ecs:cluster in its policies rules out " + testAcct.ClusterARN("nightly")},
		},
		{
			name: "RunTask limited to another cluster, first preview", p: p, preview: true,
			stmts: onCluster(p.goodStatements(), testAcct.ClusterARN("other")),
			want:  []string{"a condition on ecs:cluster in its policies rules out " + testAcct.ClusterARN("nightly")},
		},
		{
			name: "a condition on aws:RequestedRegion is not known: not reported", p: p,
			stmts: func() []iam.Statement {
				stmts := p.goodStatements()
				for i, stmt := range stmts {
					if stmt.Action[0] == "ecs:RunTask" {
						stmt.Condition = map[string]map[string]iam.Strings{"StringEquals": {"aws:RequestedRegion": {"eu-west-1"}}}
						stmts[i] = stmt
					}
				}
				return stmts
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.preview, tt.p.sfnStatements = tt.preview, tt.stmts
			stack := editedStack(tt.p, tt.edit)
			if tt.want == nil {
				assertNoViolations(t, TaskPermissionsPolicy, stack)
			} else {
				msg := assertViolation(t, TaskPermissionsPolicy, tt.p.urn(kMachine), stack, tt.want...)
				assertLacks(t, msg, tt.lacks...)
			}
			// These needs are never about PassRole.
			assertNoViolations(t, PassRolePolicy, stack)
		})
	}
}

// codeBuildIAMDoc is the page the CodeBuild needs cite.
const codeBuildIAMDoc = "https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html"

// TestTaskPermissionsClusterForms: the cluster a RunTask names decides
// the ecs:cluster of its request: an ARN, a name in the state machine's
// account, or none (the default cluster).
func TestTaskPermissionsClusterForms(t *testing.T) {
	base := pipeline{name: "nightly"}
	other := onCluster(base.goodStatements(), testAcct.ClusterARN("other"))
	tests := []struct {
		name    string
		preview bool
		params  map[string]any // the Cluster parameter; an empty map removes it
		want    string         // the cluster of the violation, "" for none
	}{
		{"ARN", false, map[string]any{"Cluster": testAcct.ClusterARN("nightly")}, testAcct.ClusterARN("nightly")},
		{"name, state machine ARN known", false, map[string]any{"Cluster": "nightly"}, testAcct.ClusterARN("nightly")},
		{"name at a first preview: one candidate account", true, map[string]any{"Cluster": "nightly"}, testAcct.ClusterARN("nightly")},
		{"none: the default cluster", false, map[string]any{}, testAcct.ClusterARN("default")},
		{"chosen at run time", false, map[string]any{"Cluster.$": "$.cluster"}, ""},
		{"a JSONata expression", false, map[string]any{"Cluster": "{% $states.input.cluster %}"}, ""},
		{"not an ECS cluster ARN", false, map[string]any{"Cluster": "arn:aws:ecs:ap-northeast-1:123456789012:service/nightly/x"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pipeline{name: "nightly", preview: tt.preview, sfnStatements: other}
			def := p.defaultDefinition()
			params := jobParams(def)
			delete(params, "Cluster")
			for k, v := range tt.params {
				params[k] = v
			}
			if strings.HasPrefix(tt.name, "a JSONata") {
				job := jobState(def)
				job["QueryLanguage"] = "JSONata"
				job["Arguments"] = job["Parameters"]
				delete(job, "Parameters")
			}
			p.definition = def
			stack := p.stack()
			if tt.want == "" {
				assertNoViolations(t, TaskPermissionsPolicy, stack)
				return
			}
			assertViolation(t, TaskPermissionsPolicy, p.urn(kMachine), stack, "ecs:RunTask on", "with ecs:cluster = "+tt.want)
		})
	}
}

// TestTaskPermissionsUnknownDocument: a first preview where the definition
// is known (the task definition named by family) but the role policy is
// built from outputs: nothing is refused, everything is reported as
// unverified; once deployed, the same stack passes.
func TestTaskPermissionsUnknownDocument(t *testing.T) {
	p := pipeline{name: "nightly", tagged: true, preview: true}
	b := p.build()
	b[kSFNPolicy].Set("policy", packtest.Unknown()).DependsOn("policy", p.urn(kExecRole), p.urn(kTaskRole))
	stack := stackOf(b)
	assertNoViolations(t, TaskPermissionsPolicy, stack)
	assertNoViolations(t, PassRolePolicy, stack)
	msg := assertViolation(t, TaskPermissionsUnverifiedPolicy, p.urn(kMachine), stack,
		"whether role \"nightly-sfn\" may make every call of its tasks could not be verified before deploy",
		"ecs:RunTask on", "ecs:TagResource on", "codebuild:StartBuild on",
		`RolePolicy "nightly-sfnPolicy" is unknown at this preview`)
	assertLacks(t, msg, "iam:PassRole")

	deployed := pipeline{name: "nightly", tagged: true}
	assertNoViolations(t, TaskPermissionsPolicy, deployed.stack())
	assertNoViolations(t, TaskPermissionsUnverifiedPolicy, deployed.stack())
}

// TestTaskPermissionsManagedTagsOnly: a RunTask with ECS managed tags only
// may need ecs:TagResource; AWS does not document it, so a role without it
// is reported as unverified, never refused.
func TestTaskPermissionsManagedTagsOnly(t *testing.T) {
	p := pipeline{name: "nightly", sfnStatements: pipeline{name: "nightly"}.goodStatements()}
	def := p.defaultDefinition()
	jobParams(def)["EnableECSManagedTags"] = true
	p.definition = def
	stack := p.stack()
	assertNoViolations(t, TaskPermissionsPolicy, stack)
	assertViolation(t, TaskPermissionsUnverifiedPolicy, p.urn(kMachine), stack,
		"ecs:TagResource on", "not certain to fail: EnableECSManagedTags adds ECS's own aws:ecs:* tags")
}

// TestCredentialsRole: a Task with Credentials.RoleArn runs with that
// role: its requests are the target role's, and the state machine's role
// needs only to assume it. The target role's trust names the account, so
// the state machine's role must be allowed sts:AssumeRole too
// (TestCredentialsTrust judges the other forms).
func TestCredentialsRole(t *testing.T) {
	p := pipeline{name: "nightly"}
	runner := testAcct.RoleARN("/", "runner")
	good := p.goodStatements()
	assume := iam.Statement{Effect: iam.Allow, Action: iam.Strings{"sts:AssumeRole"}, Resource: iam.Strings{runner}}
	tests := []struct {
		name          string
		machine       []iam.Statement
		target        []iam.Statement
		policy        string
		want, lacks   []string
		noOtherPolicy bool
	}{
		{name: "the target role has everything, the machine role only sts:AssumeRole",
			machine: []iam.Statement{assume}, target: good},
		{name: "the machine role cannot assume the target role", machine: nil, target: good,
			policy: RoleTrustPolicy,
			want: []string{`uses role "runner", which role "nightly-sfn" cannot assume`,
				`its trust policy names the account of role "nightly-sfn", so the identity policies of role "nightly-sfn" must allow sts:AssumeRole`,
				`Add this statement to a policy of role "nightly-sfn"`, `"` + runner + `"`}},
		{name: "the target role cannot pass the task's roles", machine: []iam.Statement{assume}, target: withoutPassRole(good),
			policy: PassRolePolicy,
			want:   []string{`runs ECS tasks with role "runner", which cannot pass 2 role(s)`, `Add this statement to a policy of role "runner"`},
			lacks:  []string{`policy of role "nightly-sfn"`}},
		{name: "the target role lacks ecs:RunTask", machine: []iam.Statement{assume}, target: withoutAction(good, "ecs:RunTask"),
			policy: TaskPermissionsPolicy,
			want:   []string{`role "runner" makes calls its policies do not allow`, "ecs:RunTask on"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pp := p
			pp.sfnStatements = tt.machine
			def := pp.defaultDefinition()
			jobState(def)["Credentials"] = map[string]any{"RoleArn": runner}
			// The CodeBuild state runs with the machine role; give it
			// what it needs so that only the ECS state is judged.
			for _, stmt := range good {
				if strings.HasPrefix(stmt.Action[0], "codebuild:") || stmt.Sid == "ManagedEventsRules" {
					pp.sfnStatements = append(pp.sfnStatements, stmt)
				}
			}
			pp.definition = def
			stack := editedStack(pp, func(b map[string]*packtest.Resource) []*packtest.Resource {
				return []*packtest.Resource{
					packtest.New(stackmodel.TypeRole, "runner").Set("name", packtest.Str("runner")).Set("arn", packtest.Str(runner)).
						Set("assumeRolePolicy", packtest.JSON(map[string]any{"Statement": []any{map[string]any{"Effect": "Allow",
							"Principal": map[string]any{"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}}})),
					packtest.New(stackmodel.TypeRolePolicy, "runner").Set("role", packtest.Str("runner")).Set("policy", doc(tt.target...)),
				}
			})
			for _, policy := range []string{PassRolePolicy, TaskPermissionsPolicy, RoleTrustPolicy} {
				if policy != tt.policy {
					assertNoViolations(t, policy, stack)
					continue
				}
				msg := assertViolation(t, policy, pp.urn(kMachine), stack, tt.want...)
				assertLacks(t, msg, tt.lacks...)
			}
		})
	}
}

// TestRoleByShortName: a task definition may name its task role by name;
// the stack's role of that name is the one passed.
func TestRoleByShortName(t *testing.T) {
	p := pipeline{name: "nightly"}
	for _, tt := range []struct {
		name    string
		preview bool
		stmts   []iam.Statement
		want    []string
	}{
		{name: "allowed", stmts: p.goodStatements()},
		{name: "allowed, first preview", preview: true, stmts: p.goodStatements()},
		{name: "not allowed", stmts: withoutPassRole(p.goodStatements()),
			want: []string{`role "nightly-task", needed as taskRoleArn of task definition "nightly-job"`, `"` + p.roleARN(kTaskRole) + `"`}},
		{name: "not allowed, first preview", preview: true, stmts: withoutPassRole(p.goodStatements()),
			want: []string{`role "nightly-task", needed as taskRoleArn`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pp := pipeline{name: "nightly", preview: tt.preview, sfnStatements: tt.stmts}
			b := pp.build()
			b[kTaskDef].Set("taskRoleArn", packtest.Str(pp.roleName(kTaskRole)))
			stack := stackOf(b)
			assertNoViolations(t, PassRoleUnverifiedPolicy, stack)
			if tt.want == nil {
				assertNoViolations(t, PassRolePolicy, stack)
				return
			}
			assertViolation(t, PassRolePolicy, pp.urn(kMachine), stack, tt.want...)
		})
	}
	// A name outside the stack: its path is not known, but no path makes
	// it one of the two roles the PassRole statement names; a statement on
	// every role of the account allows it whatever its path.
	b := p.build()
	b[kTaskDef].Set("taskRoleArn", packtest.Str("elsewhere"))
	stack := stackOf(b)
	assertViolation(t, PassRolePolicy, p.urn(kMachine), stack, "role arn:aws:iam::123456789012:role/PATH/elsewhere, needed as taskRoleArn",
		`"arn:aws:iam::123456789012:role/PATH/elsewhere"`)
	every := pipeline{name: "nightly", sfnStatements: with(withoutPassRole(p.goodStatements()),
		passRoleStmt("ecs-tasks.amazonaws.com", "arn:aws:iam::123456789012:role/*"))}
	b = every.build()
	b[kTaskDef].Set("taskRoleArn", packtest.Str("elsewhere"))
	stack = stackOf(b)
	assertNoViolations(t, PassRolePolicy, stack)
	assertNoViolations(t, PassRoleUnverifiedPolicy, stack)
}

// TestMalformedDenyIsUndecided: a Deny whose resource is no well-formed
// ARN pattern may deny what AWS would: the need is unverified, not taken
// as allowed.
func TestMalformedDenyIsUndecided(t *testing.T) {
	p := pipeline{name: "nightly"}
	p.sfnStatements = with(p.goodStatements(), iam.Statement{Effect: iam.Deny, Action: iam.Strings{"iam:PassRole"},
		Resource: iam.Strings{"arn:aws:iam::role/nightly-exec"}})
	stack := p.stack()
	assertNoViolations(t, PassRolePolicy, stack)
	assertViolation(t, PassRoleUnverifiedPolicy, p.urn(kMachine), stack,
		`role "nightly-exec"`, `resource pattern "arn:aws:iam::role/nightly-exec" is not a well-formed ARN pattern`)
}
