package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// scheduledTask describes a hand-written stack that runs an ECS Fargate
// task directly from an EventBridge rule target (or, with scheduler set,
// an EventBridge Scheduler schedule): the task definition with its
// execution and task roles, the caller's role and its role policy.
type scheduledTask struct {
	scheduler bool
	// preview makes the ARNs unknown, built from their resources, as at a
	// first preview.
	preview bool
	// statements replace the caller role's policy (nil: what it needs).
	statements []iam.Statement
	// propagateTags sets propagateTags TASK_DEFINITION on a tagged task
	// definition.
	propagateTags bool
	// noNetwork leaves the network configuration out.
	noNetwork bool
	// trust replaces the caller role's trust policy (nil: the statement
	// the AWS page of the caller's service shows).
	trust property.Value
	// secret makes the caller role's AWS name and ARN, the target's
	// roleArn and the cluster ARN secret values, which hold "s3cr3t".
	secret bool
	// bus is the EventTarget's eventBusName ("" for none: the default
	// bus); group the Schedule's groupName (null for none: the default
	// group).
	bus   string
	group property.Value
	// clusterUnknown makes the cluster an output of a cluster of the
	// stack not created yet (arn / target.arn unknown).
	clusterUnknown bool
}

// callerName is the AWS name of the caller's role.
func (st scheduledTask) callerName() string {
	if st.secret {
		return "s3cr3t-events"
	}
	return "report-events"
}

// value is v, secret when st.secret is set.
func (st scheduledTask) value(v property.Value) property.Value {
	if st.secret {
		return packtest.Secret(v)
	}
	return v
}

// service is the principal that assumes the caller's role.
func (st scheduledTask) service() string {
	if st.scheduler {
		return "scheduler.amazonaws.com"
	}
	return "events.amazonaws.com"
}

// trustDoc is a trust policy of one statement for st's service, with
// extra members (a Condition) added to the statement.
func (st scheduledTask) trustDoc(extra map[string]any) property.Value {
	stmt := map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": st.service()}, "Action": "sts:AssumeRole"}
	for k, v := range extra {
		stmt[k] = v
	}
	return packtest.JSON(map[string]any{"Version": "2012-10-17", "Statement": []any{stmt}})
}

const (
	stFamily  = "report"
	stCluster = "batch"
	stRule    = "report-nightly"
)

func (st scheduledTask) roleARN(name string) string { return testAcct.RoleARN("/", name) }

// goodStatements are what the caller's role needs: RunTask on the family,
// PassRole on both roles towards ECS, and TagResource when tags propagate.
// They are written as a user would write them (as tests/handwritten
// does), not taken from internal/integrations, so that the test does not
// check the model against itself.
func (st scheduledTask) goodStatements() []iam.Statement {
	out := []iam.Statement{
		{Effect: iam.Allow, Action: iam.Strings{"ecs:RunTask"}, Resource: iam.Strings{testAcct.TaskDefinitionFamilyARN(stFamily)}},
		passRoleStmt("ecs-tasks.amazonaws.com", st.roleARN("report-exec"), st.roleARN("report-task")),
	}
	if st.propagateTags {
		out = append(out, iam.Statement{Effect: iam.Allow, Action: iam.Strings{"ecs:TagResource"},
			Resource:  iam.Strings{testAcct.ClusterTasksPattern(stCluster)},
			Condition: map[string]map[string]iam.Strings{"StringEquals": {"ecs:CreateAction": {"RunTask"}}}})
	}
	return out
}

// urn is the URN of the caller.
func (st scheduledTask) urn() string {
	if st.scheduler {
		return packtest.URN(stackmodel.TypeSchedule, "report")
	}
	return packtest.URN(stackmodel.TypeEventTarget, "report")
}

func (st scheduledTask) stack() []policyx.AnalyzerResource {
	arn := func(r *packtest.Resource, a string) *packtest.Resource {
		if st.preview {
			return r.Unknown("arn")
		}
		return r.Set("arn", packtest.Str(a))
	}
	exec := arn(packtest.New(stackmodel.TypeRole, "report-exec").Set("name", packtest.Str("report-exec")), st.roleARN("report-exec"))
	task := arn(packtest.New(stackmodel.TypeRole, "report-task").Set("name", packtest.Str("report-task")), st.roleARN("report-task"))
	trust := st.trust
	if trust.IsNull() {
		trust = st.trustDoc(nil)
	}
	caller := packtest.New(stackmodel.TypeRole, "report-events").Set("name", st.value(packtest.Str(st.callerName()))).
		Set("assumeRolePolicy", trust)
	if st.preview {
		caller.Unknown("arn")
	} else {
		caller.Set("arn", st.value(packtest.Str(st.roleARN(st.callerName()))))
	}
	stmts := st.statements
	if stmts == nil {
		stmts = st.goodStatements()
	}
	policy := packtest.New(stackmodel.TypeRolePolicy, "report-events").Set("role", st.value(packtest.Str(st.callerName()))).
		Set("policy", doc(stmts...))
	td := packtest.New(stackmodel.TypeTaskDefinition, "report").Set("family", packtest.Str(stFamily)).
		Set("networkMode", packtest.Str("awsvpc")).Set("requiresCompatibilities", packtest.Strs("FARGATE"))
	if st.propagateTags {
		td.Set("tags", packtest.Obj(map[string]property.Value{"team": packtest.Str("batch")}))
	}
	refs := map[string]*packtest.Resource{"executionRoleArn": exec, "taskRoleArn": task}
	for key, role := range refs {
		if st.preview {
			td.Unknown(key).DependsOn(key, role.URN())
		} else {
			td.Set(key, packtest.Str(st.roleARN(role.Build().Name)))
		}
	}
	if st.preview {
		td.Unknown("arn").Unknown("revision")
	} else {
		td.Set("arn", packtest.Str(testAcct.TaskDefinitionARN(stFamily, 1))).Set("revision", packtest.Num(1))
	}
	params := map[string]property.Value{"launchType": packtest.Str("FARGATE")}
	if !st.noNetwork {
		params["networkConfiguration"] = packtest.Obj(map[string]property.Value{"subnets": packtest.Strs("subnet-0abc")})
	}
	if st.propagateTags {
		params["propagateTags"] = packtest.Str("TASK_DEFINITION")
	}
	if st.preview {
		params["taskDefinitionArn"] = packtest.WithDeps(packtest.Unknown(), td.URN())
	} else {
		params["taskDefinitionArn"] = packtest.Str(testAcct.TaskDefinitionARN(stFamily, 1))
	}
	var roleArn property.Value
	if st.preview {
		roleArn = packtest.WithDeps(packtest.Unknown(), caller.URN())
	} else {
		roleArn = st.value(packtest.Str(st.roleARN(st.callerName())))
	}
	clusterARN := packtest.Str(testAcct.ClusterARN(stCluster))
	if st.secret {
		clusterARN = packtest.Secret(packtest.Str(testAcct.ClusterARN("s3cr3t-cluster")))
	}
	if st.clusterUnknown {
		clusterARN = packtest.Unknown()
	}
	var target *packtest.Resource
	if st.scheduler {
		target = packtest.New(stackmodel.TypeSchedule, "report").Set("scheduleExpression", packtest.Str("cron(0 5 * * ? *)")).
			Set("scheduleExpressionTimezone", packtest.Str("Asia/Tokyo")).
			Set("target", packtest.Obj(map[string]property.Value{"arn": clusterARN, "roleArn": roleArn,
				"ecsParameters": packtest.Obj(params)}))
		if st.preview {
			target.DependsOn("target", caller.URN(), td.URN())
		}
		if !st.group.IsNull() {
			target.Set("groupName", st.group)
		}
	} else {
		target = packtest.New(stackmodel.TypeEventTarget, "report").Set("arn", clusterARN).Set("roleArn", roleArn).
			Set("rule", packtest.Str(stRule)).Set("ecsTarget", packtest.Obj(params))
		if st.preview {
			target.DependsOn("roleArn", caller.URN()).DependsOn("ecsTarget", td.URN())
		}
		if st.bus != "" {
			target.Set("eventBusName", packtest.Str(st.bus))
		}
	}
	return packtest.Stack(exec, task, caller, policy, td, target)
}

// TestECSTargets: an EventBridge rule target and a Scheduler target that
// run an ECS task are judged by the same policies as a state machine:
// PassRole on the task's roles towards ECS, RunTask, TagResource when
// tags propagate, and the network configuration of a Fargate task; known
// and at a first preview.
func TestECSTargets(t *testing.T) {
	passOne := func(st scheduledTask) []iam.Statement {
		out := st.goodStatements()
		out[1] = passRoleStmt("ecs-tasks.amazonaws.com", st.roleARN("report-exec"))
		return out
	}
	wrongService := func(st scheduledTask) []iam.Statement {
		out := st.goodStatements()
		out[1] = passRoleStmt("lambda.amazonaws.com", st.roleARN("report-exec"), st.roleARN("report-task"))
		return out
	}
	noTag := func(st scheduledTask) []iam.Statement { return st.goodStatements()[:2] }
	noPass := func(st scheduledTask) []iam.Statement { return st.goodStatements()[:1] }
	for _, scheduler := range []bool{false, true} {
		for _, preview := range []bool{false, true} {
			base := scheduledTask{scheduler: scheduler, preview: preview}
			label := `EventTarget "report"`
			if scheduler {
				label = `Schedule "report"`
			}
			tests := []struct {
				name   string
				st     scheduledTask
				edit   func(scheduledTask) []iam.Statement
				policy string
				want   []string
			}{
				{"correct", base, nil, "", nil},
				{"correct with propagated tags", scheduledTask{scheduler: scheduler, preview: preview, propagateTags: true}, nil, "", nil},
				{"no PassRole", base, noPass, PassRolePolicy,
					[]string{label + " runs ECS tasks with role \"report-events\", which cannot pass 2 role(s)",
						`role "report-exec", needed as executionRoleArn of task definition "report" (run by ` + label + `)`,
						`role "report-task"`, "iam:PassedToService"}},
				{"PassRole on one role only", base, passOne, PassRolePolicy,
					[]string{"cannot pass 1 role(s)", `role "report-task", needed as taskRoleArn`}},
				{"wrong PassedToService", base, wrongService, PassRolePolicy,
					[]string{"cannot pass 2 role(s)", "a condition on iam:PassedToService in its policies rules out ecs-tasks.amazonaws.com"}},
				{"no TagResource with propagated tags", scheduledTask{scheduler: scheduler, preview: preview, propagateTags: true}, noTag,
					TaskPermissionsPolicy, []string{label + `: role "report-events" makes calls its policies do not allow`, "ecs:TagResource"}},
			}
			for _, tt := range tests {
				name := map[bool]string{false: "events/", true: "scheduler/"}[scheduler] +
					map[bool]string{false: "known/", true: "first-preview/"}[preview] + tt.name
				t.Run(name, func(t *testing.T) {
					st := tt.st
					if tt.edit != nil {
						st.statements = tt.edit(st)
					}
					stack := st.stack()
					for _, p := range []string{PassRolePolicy, TaskPermissionsPolicy, DefinitionValidPolicy, ScheduleStartPolicy} {
						if p != tt.policy {
							assertNoViolations(t, p, stack)
						}
					}
					if tt.policy != "" {
						assertViolation(t, tt.policy, st.urn(), stack, tt.want...)
					}
				})
			}
		}
	}
}

// TestECSTargetWithoutNetwork: a Fargate target without a network
// configuration fails every run.
func TestECSTargetWithoutNetwork(t *testing.T) {
	for _, scheduler := range []bool{false, true} {
		st := scheduledTask{scheduler: scheduler, noNetwork: true}
		field := map[bool]string{false: "ecsTarget", true: "target.ecsParameters"}[scheduler]
		assertViolation(t, DefinitionValidPolicy, st.urn(), st.stack(), "launchType FARGATE needs "+field+".networkConfiguration")
	}
}

// TestFirstPreviewDecidesWhatNoValueChanges: at a first preview the
// cluster of a target is an output, but no cluster makes a role without
// any ecs:TagResource statement allowed to tag the task it starts with
// the task definition's tags (ECS authorizes tagging on create:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html);
// a statement on the tasks of every cluster allows it whatever the
// cluster; one on a named cluster cannot be decided.
func TestFirstPreviewDecidesWhatNoValueChanges(t *testing.T) {
	tag := func(resource string) iam.Statement {
		return iam.Statement{Effect: iam.Allow, Action: iam.Strings{"ecs:TagResource"}, Resource: iam.Strings{resource},
			Condition: map[string]map[string]iam.Strings{"StringEquals": {"ecs:CreateAction": {"RunTask"}}}}
	}
	for _, scheduler := range []bool{false, true} {
		base := scheduledTask{scheduler: scheduler, preview: true, clusterUnknown: true, propagateTags: true}
		without := base.goodStatements()[:2] // RunTask and PassRole, no TagResource at all
		tests := []struct {
			name   string
			stmts  []iam.Statement
			policy string
		}{
			{"no TagResource statement", without, TaskPermissionsPolicy},
			{"TagResource on the tasks of every cluster", with(without, tag("arn:aws:ecs:ap-northeast-1:123456789012:task/*")), ""},
			{"TagResource on the tasks of one cluster", with(without, tag(testAcct.ClusterTasksPattern(stCluster))), TaskPermissionsUnverifiedPolicy},
			{"TagResource on task definitions only", with(without, tag("arn:aws:ecs:*:*:task-definition/*")), TaskPermissionsPolicy},
		}
		for _, tt := range tests {
			t.Run(map[bool]string{false: "events/", true: "scheduler/"}[scheduler]+tt.name, func(t *testing.T) {
				st := base
				st.statements = tt.stmts
				stack := st.stack()
				for _, p := range []string{TaskPermissionsPolicy, TaskPermissionsUnverifiedPolicy} {
					if p != tt.policy {
						assertNoViolations(t, p, stack)
					}
				}
				if tt.policy != "" {
					assertViolation(t, tt.policy, st.urn(), stack, "ecs:TagResource on arn:aws:ecs:ap-northeast-1:123456789012:task/")
				}
			})
		}
	}
}
