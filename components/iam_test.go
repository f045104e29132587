package components

import (
	"slices"
	"strings"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

// starResourceActions are the actions for which AWS offers no narrower
// resource than "*" (Step Functions log delivery, X-Ray).
var starResourceActions = map[string]bool{
	"logs:CreateLogDelivery": true, "logs:GetLogDelivery": true,
	"logs:UpdateLogDelivery": true, "logs:DeleteLogDelivery": true, "logs:ListLogDeliveries": true,
	"logs:PutResourcePolicy": true, "logs:DescribeResourcePolicies": true,
	"logs:DescribeLogGroups": true,
	"xray:PutTraceSegments":  true, "xray:PutTelemetryRecords": true, "xray:GetSamplingRules": true,
	"xray:GetSamplingTargets": true,
}

// passRolesOf returns the role ARNs each ECS job's tasks use: the ones
// the state machine must be able to pass, and nothing else.
func passRolesOf(args PipelineArgs) []string {
	args = args.WithDefaults()
	n := resourceNames{pipeline: args.Name}
	var roles []string
	for _, j := range args.jobs() {
		if j.args.ECS != nil {
			exec, task := j.args.ECS.roles(testAccount, n, j.args.Name)
			roles = append(roles, exec, task)
		}
	}
	return roles
}

// checkIAM asserts the least-privilege properties of every policy document
// a deployment registered.
func checkIAM(t *testing.T, d *deployment, args PipelineArgs) {
	t.Helper()
	n := resourceNames{pipeline: args.Name}
	for _, p := range iamProblems(d.rolePolicy(t, n.stateMachineRole()), d.rolePolicy(t, n.scheduleRole()), allDocuments(t, d), args) {
		t.Error(p)
	}
}

// iamProblems lists what breaks least privilege in the state machine
// policy, the schedule policy and all documents of a pipeline.
func iamProblems(sfnPolicy, schedPolicy iam.Document, all []namedDocument, args PipelineArgs) []string {
	var p problems
	args = args.WithDefaults()
	n := resourceNames{pipeline: args.Name}
	ecsTasks := map[string]string{"iam:PassedToService": integrations.ECSTasksService}

	// PassRole: exactly the two roles of every ECS job, only to ECS tasks.
	passable := passRolesOf(args)
	for _, role := range passable {
		if got := allowed(sfnPolicy, "iam:PassRole", role, ecsTasks); got != iam.Allowed {
			p.add("PassRole %s to ECS tasks: %v, want Allowed", role, got)
		}
		lambda := map[string]string{"iam:PassedToService": "lambda.amazonaws.com"}
		if got := allowed(sfnPolicy, "iam:PassRole", role, lambda); got != iam.ImplicitDeny {
			p.add("PassRole %s to Lambda: %v, want ImplicitDeny", role, got)
		}
		if got := allowed(sfnPolicy, "iam:PassRole", role, nil); got != iam.ImplicitDeny {
			p.add("PassRole %s without iam:PassedToService: %v, want ImplicitDeny", role, got)
		}
	}
	others := []string{
		testAccount.RoleARN("/", "some-other-role"),
		testAccount.RoleARN("/", n.stateMachineRole()),
		testAccount.RoleARN("/", n.scheduleRole()),
		"arn:aws:iam::999999999999:role/" + n.executionRole("x"),
	}
	for _, j := range args.jobs() {
		if j.args.CodeBuild != nil {
			others = append(others, testAccount.RoleARN("/", n.codeBuildRole(j.args.Name)))
		}
	}
	for _, role := range others {
		if contains(passable, role) {
			continue
		}
		if got := allowed(sfnPolicy, "iam:PassRole", role, ecsTasks); got != iam.ImplicitDeny {
			p.add("PassRole %s: %v, want ImplicitDeny", role, got)
		}
	}
	for _, st := range sfnPolicy.Statement {
		if !contains(st.Action, "iam:PassRole") {
			continue
		}
		for _, r := range st.Resource {
			if strings.ContainsAny(r, "*?") {
				p.add("PassRole on the pattern %q", r)
			}
		}
		if got := st.Condition["StringEquals"]["iam:PassedToService"]; len(got) != 1 || got[0] != integrations.ECSTasksService {
			p.add("PassRole statement %s condition = %v", st.Sid, st.Condition)
		}
	}

	// Each job's own resource, not another one; ECS tasks on the
	// pipeline's cluster only.
	cluster := args.ClusterName
	if cluster == "" {
		cluster = n.cluster()
	}
	onCluster := map[string]string{"ecs:cluster": testAccount.ClusterARN(cluster)}
	onOther := map[string]string{"ecs:cluster": testAccount.ClusterARN("other")}
	task, otherTask := testAccount.TaskARN(cluster, "0123abcd"), testAccount.TaskARN("other", "0123abcd")
	for _, j := range args.jobs() {
		switch {
		case j.args.ECS != nil:
			family := j.args.ECS.family(n, j.args.Name)
			if got := allowed(sfnPolicy, "ecs:RunTask", testAccount.TaskDefinitionARN(family, 7), onCluster); got != iam.Allowed {
				p.add("RunTask %s: %v", family, got)
			}
			if got := allowed(sfnPolicy, "ecs:RunTask", testAccount.TaskDefinitionARN(family, 7), onOther); got != iam.ImplicitDeny {
				p.add("RunTask %s on another cluster: %v", family, got)
			}
			for _, action := range []string{"ecs:StopTask", "ecs:DescribeTasks"} {
				if got := allowed(sfnPolicy, action, task, nil); got != iam.Allowed {
					p.add("%s on the cluster's tasks: %v", action, got)
				}
				if got := allowed(sfnPolicy, action, otherTask, nil); got != iam.ImplicitDeny {
					p.add("%s on another cluster's tasks: %v", action, got)
				}
			}
			if len(args.Tags) > 0 || j.args.ECS.Existing != nil {
				runTask := map[string]string{"ecs:CreateAction": "RunTask"}
				if got := allowed(sfnPolicy, "ecs:TagResource", task, runTask); got != iam.Allowed {
					p.add("TagResource on the tasks RunTask creates: %v, want Allowed", got)
				}
				if got := allowed(sfnPolicy, "ecs:TagResource", task, map[string]string{"ecs:CreateAction": "StartTask"}); got != iam.ImplicitDeny {
					p.add("TagResource on tasks outside RunTask: %v", got)
				}
			}
		case j.args.CodeBuild != nil:
			project := j.args.CodeBuild.project(n, j.args.Name)
			for _, action := range []string{"codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"} {
				if got := allowed(sfnPolicy, action, testAccount.ProjectARN(project), nil); got != iam.Allowed {
					p.add("%s %s: %v", action, project, got)
				}
			}
		}
	}
	if got := allowed(sfnPolicy, "ecs:RunTask", testAccount.TaskDefinitionARN("unrelated", 1), nil); got != iam.ImplicitDeny {
		p.add("RunTask of another family: %v", got)
	}
	if got := allowed(sfnPolicy, "codebuild:StartBuild", testAccount.ProjectARN("unrelated"), nil); got != iam.ImplicitDeny {
		p.add("StartBuild of another project: %v", got)
	}

	// The schedule may start exactly this state machine.
	smARN := testAccount.StateMachineARN(n.stateMachine())
	if got := allowed(schedPolicy, "states:StartExecution", smARN, nil); got != iam.Allowed {
		p.add("StartExecution %s: %v", smARN, got)
	}
	if got := allowed(schedPolicy, "states:StartExecution", testAccount.StateMachineARN("other"), nil); got != iam.ImplicitDeny {
		p.add("StartExecution of another state machine: %v", got)
	}
	for _, st := range schedPolicy.Statement {
		for _, a := range st.Action {
			dlq := a == "sqs:SendMessage" && args.Schedule.DeadLetterQueue
			if a != "states:StartExecution" && !dlq {
				p.add("schedule role may %s", a)
			}
		}
	}

	// No "*" action anywhere; "*" resource only where AWS has nothing
	// narrower.
	for _, doc := range all {
		for _, st := range doc.doc.Statement {
			for _, a := range append(append(iam.Strings{}, st.Action...), st.NotAction...) {
				if strings.Contains(a, "*") {
					p.add("%s: action %q", doc.where, a)
				}
			}
			if len(st.NotAction) > 0 || len(st.NotResource) > 0 {
				p.add("%s: NotAction/NotResource in statement %s", doc.where, st.Sid)
			}
			if contains(st.Resource, "*") {
				for _, a := range st.Action {
					if !starResourceActions[a] {
						p.add("%s: %s on \"*\"", doc.where, a)
					}
				}
			}
		}
	}
	return p
}

// namedDocument is a policy document and where it was registered.
type namedDocument struct {
	where string
	doc   iam.Document
}

// allDocuments returns every policy document a deployment registered: role
// policies, trust policies and the topic policy.
func allDocuments(t *testing.T, d *deployment) []namedDocument {
	t.Helper()
	var docs []namedDocument
	for _, c := range []struct{ typ, key string }{
		{typeRolePolicy, "policy"}, {typeRole, "assumeRolePolicy"}, {typeTopicPolicy, "policy"},
	} {
		for _, r := range d.mocks.ByType(c.typ) {
			docs = append(docs, namedDocument{where: c.typ + " " + r.Name + " " + c.key, doc: document(t, r, c.key)})
		}
	}
	return docs
}

func TestSeedIAM(t *testing.T) {
	args := SeedPipelineArgs()
	checkIAM(t, deploy(t, args), args)
}

// TestTrustPolicies checks who may assume each role.
func TestTrustPolicies(t *testing.T) {
	d := deploy(t, SeedPipelineArgs())
	for _, c := range []struct{ role, service string }{
		{"batch-pipeline-sfn", "states.amazonaws.com"},
		{"batch-pipeline-scheduler", "scheduler.amazonaws.com"},
		{"batch-pipeline-ecs-task-1-exec", "ecs-tasks.amazonaws.com"},
		{"batch-pipeline-ecs-task-1-task", "ecs-tasks.amazonaws.com"},
		{"batch-pipeline-batch-job-codebuild", "codebuild.amazonaws.com"},
	} {
		doc := document(t, d.one(t, typeRole, c.role), "assumeRolePolicy")
		if len(doc.Statement) != 1 {
			t.Fatalf("%s trust policy has %d statements", c.role, len(doc.Statement))
		}
		st := doc.Statement[0]
		if st.Principal == nil || strings.Join(st.Principal.ByType["Service"], ",") != c.service || len(st.Principal.ByType) != 1 {
			t.Errorf("%s trusts %+v, want %s only", c.role, st.Principal, c.service)
		}
		if got := st.Condition["StringEquals"]["aws:SourceAccount"]; len(got) != 1 || got[0] != testAccount.ID {
			t.Errorf("%s trust has no aws:SourceAccount condition: %v", c.role, st.Condition)
		}
	}
	sfn := document(t, d.one(t, typeRole, "batch-pipeline-sfn"), "assumeRolePolicy")
	if got := sfn.Statement[0].Condition["ArnLike"]["aws:SourceArn"]; len(got) != 1 || got[0] != testAccount.StateMachineARN("batch-pipeline") {
		t.Errorf("state machine role trust aws:SourceArn = %v", got)
	}
}

// TestIAMChecksCatchMistakes breaks the pure policies in the classic ways
// and expects iamProblems to report each.
func TestIAMChecksCatchMistakes(t *testing.T) {
	args := SeedPipelineArgs()
	args.Tags = map[string]string{"Project": "batchpipeline"} // as the program's defaults: tasks get tags
	passStatement := func(doc *iam.Document) *iam.Statement {
		for i := range doc.Statement {
			if contains(doc.Statement[i].Action, "iam:PassRole") {
				return &doc.Statement[i]
			}
		}
		t.Fatal("no PassRole statement")
		return nil
	}
	tests := []struct {
		name   string
		mutate func(sfn, sched *iam.Document)
		want   string
	}{
		{"PassRole missing", func(sfn, _ *iam.Document) { dropStatementsWith(sfn, "iam:PassRole") },
			"to ECS tasks: ImplicitDeny, want Allowed"},
		{"PassRole on every role", func(sfn, _ *iam.Document) {
			passStatement(sfn).Resource = iam.Strings{"*"}
		}, "PassRole on the pattern"},
		{"PassRole without condition", func(sfn, _ *iam.Document) {
			passStatement(sfn).Condition = nil
		}, "to Lambda: Allowed"},
		{"wildcard action", func(sfn, _ *iam.Document) {
			sfn.Statement = append(sfn.Statement, iam.Statement{Effect: iam.Allow, Action: iam.Strings{"ecs:*"}, Resource: iam.Strings{"arn:aws:ecs:*"}})
		}, `action "ecs:*"`},
		{"star resource for an action that has ARNs", func(sfn, _ *iam.Document) {
			sfn.Statement = append(sfn.Statement, iam.Statement{Effect: iam.Allow, Action: iam.Strings{"codebuild:StartBuild"}, Resource: iam.Strings{"*"}})
		}, `codebuild:StartBuild on "*"`},
		{"schedule starts any state machine", func(_, sched *iam.Document) {
			sched.Statement[0].Resource = iam.Strings{"*"}
		}, "StartExecution of another state machine: Allowed"},
		{"TagResource missing", func(sfn, _ *iam.Document) { dropStatementsWith(sfn, "ecs:TagResource") },
			"TagResource on the tasks RunTask creates: ImplicitDeny, want Allowed"},
		{"RunTask on every cluster", func(sfn, _ *iam.Document) {
			for i := range sfn.Statement {
				if contains(sfn.Statement[i].Action, "ecs:RunTask") {
					sfn.Statement[i].Condition = nil
				}
			}
		}, "on another cluster: Allowed"},
		{"schedule does more", func(_, sched *iam.Document) {
			sched.Statement[0].Action = append(sched.Statement[0].Action, "states:StopExecution")
		}, "schedule role may states:StopExecution"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sfn, err := BuildStateMachinePolicy(testAccount, args)
			if err != nil {
				t.Fatal(err)
			}
			sched, err := BuildScheduleRolePolicy(testAccount, args)
			if err != nil {
				t.Fatal(err)
			}
			docs := func() []namedDocument {
				return []namedDocument{{"state machine policy", sfn}, {"schedule policy", sched}}
			}
			if got := iamProblems(sfn, sched, docs(), args); len(got) != 0 {
				t.Fatalf("the intact policies have problems: %v", got)
			}
			tt.mutate(&sfn, &sched)
			got := iamProblems(sfn, sched, docs(), args)
			if !strings.Contains(strings.Join(got, "\n"), tt.want) {
				t.Errorf("problems %q, want one containing %q", got, tt.want)
			}
		})
	}
}

// dropStatementsWith removes the statements that grant action.
func dropStatementsWith(doc *iam.Document, action string) {
	var kept []iam.Statement
	for _, st := range doc.Statement {
		if !contains(st.Action, action) {
			kept = append(kept, st)
		}
	}
	doc.Statement = kept
}

// TestPolicyFollowsDefinition: the state machine role's policy is what the
// definition's Task states need, not a list kept beside them: a Task
// state taken out of the definition takes its grants with it, and tags
// on the tasks bring ecs:TagResource.
func TestPolicyFollowsDefinition(t *testing.T) {
	args := SeedPipelineArgs().WithDefaults()
	if err := args.validate(); err != nil {
		t.Fatal(err)
	}
	env := newDefinitionEnv(testAccount, args)
	def, err := buildDefinition(env, args)
	if err != nil {
		t.Fatal(err)
	}
	full := stateMachinePolicy(env, args, def)
	task1 := testAccount.TaskDefinitionARN("batch-pipeline-ecs-task-1", 1)
	onCluster := map[string]string{"ecs:cluster": env.clusterARN}
	if got := allowed(full, "ecs:RunTask", task1, onCluster); got != iam.Allowed {
		t.Fatalf("RunTask ecs-task-1 in the full policy: %v", got)
	}
	for _, st := range full.Statement {
		if contains(st.Action, "ecs:TagResource") {
			t.Errorf("untagged tasks, yet the policy grants ecs:TagResource: %+v", st)
		}
	}
	// Without the branch of ecs-task-1, nothing lets the role run it or
	// pass its roles.
	run := def.States[stateRunJobs]
	run.Branches = slices.Delete(slices.Clone(run.Branches), 1, 2)
	partial := stateMachinePolicy(env, args, def)
	if got := allowed(partial, "ecs:RunTask", task1, onCluster); got != iam.ImplicitDeny {
		t.Errorf("RunTask ecs-task-1 without its Task state: %v, want ImplicitDeny", got)
	}
	exec := testAccount.RoleARN("/", resourceNames{pipeline: args.Name}.executionRole("ecs-task-1"))
	if got := allowed(partial, "iam:PassRole", exec, map[string]string{"iam:PassedToService": integrations.ECSTasksService}); got != iam.ImplicitDeny {
		t.Errorf("PassRole ecs-task-1's execution role without its Task state: %v, want ImplicitDeny", got)
	}
}

// TestLogDeliveryFollowsTheLogLevel: Step Functions sets up the log
// delivery whenever a state machine logs at all, whatever it logs; the
// role then needs the log-delivery actions AWS lists ("IAM Policies for
// logging to CloudWatch Logs",
// https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html), or
// creating the state machine fails. Whether execution data (input and
// output) is included changes what is logged, not where.
func TestLogDeliveryFollowsTheLogLevel(t *testing.T) {
	for _, level := range []string{"ALL", "ERROR", "FATAL", "OFF"} {
		for _, data := range []bool{false, true} {
			if level == "OFF" && data {
				continue
			}
			args := SeedPipelineArgs()
			args.Logging.Level, args.Logging.IncludeExecutionData = level, data
			doc, err := BuildStateMachinePolicy(testAccount, args)
			if err != nil {
				t.Fatal(err)
			}
			want := iam.Allowed
			if level == "OFF" {
				want = iam.ImplicitDeny
			}
			for _, action := range []string{"logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
				"logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
				"logs:DescribeResourcePolicies", "logs:DescribeLogGroups"} {
				if got := allowed(doc, action, "*", nil); got != want {
					t.Errorf("level %s, includeExecutionData %v: %s is %v, want %v", level, data, action, got, want)
				}
			}
		}
	}
}
