package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// TestRoleTrustOfECSTargets: the role of an EventBridge rule target or a
// Scheduler target that runs an ECS task must trust its service, for the
// aws:SourceAccount and aws:SourceArn it sets; known and at a first
// preview. The trust policies are literals, as a user writes them.
func TestRoleTrustOfECSTargets(t *testing.T) {
	const otherAccount = "210987654321"
	for _, scheduler := range []bool{false, true} {
		for _, preview := range []bool{false, true} {
			base := scheduledTask{scheduler: scheduler, preview: preview}
			label, service, source, failure := `EventTarget "report"`, "events.amazonaws.com",
				testAcct.RuleARN("", stRule), "PutTargets does not check it: the deploy succeeds and every invocation"
			wrongSource := testAcct.RuleARN("", "other")
			if scheduler {
				label, service, source, failure = `Schedule "report"`, "scheduler.amazonaws.com",
					testAcct.ScheduleGroupARN("default"), "Creating the schedule fails with ValidationException"
				// A schedule's ARN, not its group's: AWS's page says the
				// group ("Do not scope the aws:SourceArn statement to a
				// specific schedule").
				wrongSource = "arn:aws:scheduler:ap-northeast-1:123456789012:schedule/default/report"
			}
			cond := func(op, key, value string) map[string]any {
				return map[string]any{"Condition": map[string]any{op: map[string]any{key: value}}}
			}
			other := func(svc string) property.Value {
				return packtest.JSON(map[string]any{"Statement": []any{map[string]any{
					"Effect": "Allow", "Principal": map[string]any{"Service": svc}, "Action": "sts:AssumeRole"}}})
			}
			tests := []struct {
				name   string
				trust  property.Value
				policy string // the policy that reports, "" for none
				want   []string
			}{
				{"the page's statement", base.trustDoc(nil), "", nil},
				{"the source account", base.trustDoc(cond("StringEquals", "aws:SourceAccount", testAcct.ID)), "", nil},
				{"the source ARN", base.trustDoc(cond("ArnLike", "aws:SourceArn", source)), "", nil},
				{"another service", other("ecs-tasks.amazonaws.com"), RoleTrustPolicy, []string{
					label + ` uses role "report-events", which ` + service + " cannot assume",
					"no statement of its trust policy lets " + service + " call sts:AssumeRole", failure,
					"\"Service\": [\n      \"" + service + "\"", "assumeRolePolicy"}},
				{"another account", base.trustDoc(cond("StringEquals", "aws:SourceAccount", otherAccount)), RoleTrustPolicy, []string{
					"a condition on aws:SourceAccount rules out the account, which " + service + " sets: " + testAcct.ID}},
				{"another source", base.trustDoc(cond("ArnLike", "aws:SourceArn", wrongSource)), RoleTrustPolicy, []string{
					"a condition on aws:SourceArn rules out", source}},
				{"a Deny", packtest.JSON(map[string]any{"Statement": []any{
					map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": service}, "Action": "sts:AssumeRole"},
					map[string]any{"Effect": "Deny", "Principal": "*", "Action": "sts:*"}}}), RoleTrustPolicy, []string{
					"a Deny statement of its trust policy applies", "and remove the Deny that applies"}},
				{"not known at this preview", packtest.Unknown(), RoleTrustUnverifiedPolicy, []string{
					label + ": whether " + service + ` can assume role "report-events" could not be verified`,
					`assumeRolePolicy of role "report-events" is unknown at this preview`}},
				{"a key the pack does not know", base.trustDoc(cond("StringEquals", "aws:PrincipalOrgID", "o-1")),
					RoleTrustUnverifiedPolicy, []string{"condition StringEquals on aws:PrincipalOrgID", "not known to the pack"}},
				{"a regional principal", other(map[bool]string{false: "events.ap-northeast-1.amazonaws.com",
					true: "scheduler.ap-northeast-1.amazonaws.com"}[scheduler]), RoleTrustUnverifiedPolicy, []string{"regional principal"}},
			}
			for _, tt := range tests {
				name := map[bool]string{false: "events/", true: "scheduler/"}[scheduler] +
					map[bool]string{false: "known/", true: "first-preview/"}[preview] + tt.name
				t.Run(name, func(t *testing.T) {
					st := base
					st.trust = tt.trust
					stack := st.stack()
					for _, p := range []string{RoleTrustPolicy, RoleTrustUnverifiedPolicy} {
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

// TestRoleTrustSourceARNs: the aws:SourceArn each service sets, as its
// page names it, whatever the pack knows at a first preview. On a custom
// bus a rule's ARN is rule/BUS/NAME ("arn:aws:events:REGION:ACCOUNT:rule/
// [event-bus-name/]rule-name", service authorization reference, events,
// resource type rule); Scheduler sets the schedule group's ARN ("The
// value of aws:SourceArn must be your EventBridge Scheduler schedule
// group ARN", https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html),
// and a group that is an output is not the default group.
func TestRoleTrustSourceARNs(t *testing.T) {
	sourceIs := func(st scheduledTask, arn string) property.Value {
		return st.trustDoc(map[string]any{"Condition": map[string]any{"ArnLike": map[string]any{"aws:SourceArn": arn}}})
	}
	for _, preview := range []bool{false, true} {
		onBus := scheduledTask{preview: preview, bus: "orders"}
		unknownGroup := scheduledTask{scheduler: true, preview: preview, group: packtest.Unknown()}
		namedGroup := scheduledTask{scheduler: true, preview: preview, group: packtest.Str("nightly")}
		tests := []struct {
			name   string
			st     scheduledTask
			trust  string
			policy string // the policy that reports, "" for none
		}{
			{"a rule on a custom bus", onBus, "arn:aws:events:ap-northeast-1:123456789012:rule/orders/" + stRule, ""},
			{"a rule on a custom bus named as on the default bus", onBus,
				"arn:aws:events:ap-northeast-1:123456789012:rule/" + stRule, RoleTrustPolicy},
			{"a named schedule group", namedGroup, "arn:aws:scheduler:ap-northeast-1:123456789012:schedule-group/nightly", ""},
			{"a named schedule group taken for the default", namedGroup,
				"arn:aws:scheduler:ap-northeast-1:123456789012:schedule-group/default", RoleTrustPolicy},
			{"a schedule group not known at this preview", unknownGroup,
				"arn:aws:scheduler:ap-northeast-1:123456789012:schedule-group/nightly", RoleTrustUnverifiedPolicy},
			// No group makes schedule-group/GROUP a schedule's ARN.
			{"the schedule's ARN, its group not known at this preview", unknownGroup,
				"arn:aws:scheduler:ap-northeast-1:123456789012:schedule/default/report", RoleTrustPolicy},
		}
		for _, tt := range tests {
			name := map[bool]string{false: "known/", true: "first-preview/"}[preview] + tt.name
			t.Run(name, func(t *testing.T) {
				st := tt.st
				st.trust = sourceIs(st, tt.trust)
				stack := st.stack()
				for _, p := range []string{RoleTrustPolicy, RoleTrustUnverifiedPolicy} {
					if p != tt.policy {
						assertNoViolations(t, p, stack)
					}
				}
				if tt.policy != "" {
					assertViolation(t, tt.policy, st.urn(), stack, "aws:SourceArn")
				}
			})
		}
	}
}

// TestRoleTrustEveryCandidateAccount: at a first preview the caller's
// account is one of those the stack shows; a trust policy that allows
// one of them and not another cannot be decided, whichever comes first.
func TestRoleTrustEveryCandidateAccount(t *testing.T) {
	const other = "210987654321"
	for _, account := range []string{testAcct.ID, other} {
		t.Run(account, func(t *testing.T) {
			st := scheduledTask{preview: true}
			st.trust = st.trustDoc(map[string]any{"Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": account}}})
			// A role of the other account, which the stack shows.
			elsewhere := packtest.New(stackmodel.TypeRole, "elsewhere").Set("name", packtest.Str("elsewhere")).
				Set("arn", packtest.Str("arn:aws:iam::"+other+":role/elsewhere"))
			stack := append(st.stack(), elsewhere.Build())
			assertNoViolations(t, RoleTrustPolicy, stack)
			assertViolation(t, RoleTrustUnverifiedPolicy, st.urn(), stack, "account")
		})
	}
}

// TestRoleTrustOfStateMachines: a state machine's role must trust
// states.amazonaws.com, for the state machine's ARN, and the role of the
// schedule that starts it scheduler.amazonaws.com; known and at a first
// preview, when the state machine's ARN is built from its name.
func TestRoleTrustOfStateMachines(t *testing.T) {
	trust := func(service string, condition map[string]any) property.Value {
		stmt := map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": service}, "Action": "sts:AssumeRole"}
		if condition != nil {
			stmt["Condition"] = condition
		}
		return packtest.JSON(map[string]any{"Statement": []any{stmt}})
	}
	sourceARN := func(pattern string) map[string]any {
		return map[string]any{"ArnLike": map[string]any{"aws:SourceArn": pattern}}
	}
	for _, preview := range []bool{false, true} {
		p := pipeline{name: "seed", preview: preview}
		tests := []struct {
			name     string
			role     string // the role whose trust policy changes
			trust    property.Value
			policy   string
			resource string
			want     []string
		}{
			{"every state machine of the account", kSFNRole,
				trust("states.amazonaws.com", sourceARN("arn:aws:states:*:123456789012:stateMachine:*")), "", "", nil},
			{"this state machine", kSFNRole, trust("states.amazonaws.com", sourceARN(p.machineARN())), "", "", nil},
			{"the task service", kSFNRole, trust("ecs-tasks.amazonaws.com", nil), RoleTrustPolicy, kMachine, []string{
				`state machine "seed" uses role "seed-sfn", which states.amazonaws.com cannot assume`,
				"Creating the state machine fails with AccessDeniedException", "procedure-create-iam-role.html"}},
			{"another state machine", kSFNRole, trust("states.amazonaws.com", sourceARN(testAcct.StateMachineARN("other"))),
				RoleTrustPolicy, kMachine, []string{"a condition on aws:SourceArn rules out the state machine's ARN, " +
					"which states.amazonaws.com sets: " + p.machineARN()}},
			{"the schedule's role trusts EventBridge", kSchedRole, trust("events.amazonaws.com", nil), RoleTrustPolicy, kSchedule,
				[]string{`Schedule "seed-schedule" uses role "seed-scheduler", which scheduler.amazonaws.com cannot assume`}},
		}
		for _, tt := range tests {
			name := map[bool]string{false: "known/", true: "first-preview/"}[preview] + tt.name
			t.Run(name, func(t *testing.T) {
				stack := editedStack(p, func(b map[string]*packtest.Resource) []*packtest.Resource {
					b[tt.role].Set("assumeRolePolicy", tt.trust)
					return nil
				})
				for _, pol := range []string{RoleTrustPolicy, RoleTrustUnverifiedPolicy} {
					if pol != tt.policy {
						assertNoViolations(t, pol, stack)
					}
				}
				if tt.policy != "" {
					assertViolation(t, tt.policy, p.urn(tt.resource), stack, tt.want...)
				}
			})
		}
	}
}

// TestRoleTrustOfTaskRoles: the roles a task definition names must trust
// ecs-tasks.amazonaws.com; ECS does not check when the task definition
// is registered, and every task fails to start. An execution role no
// container needs is reported as undecided, not refused.
func TestRoleTrustOfTaskRoles(t *testing.T) {
	ecsTrust := func(condition map[string]any) property.Value {
		stmt := map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}
		if condition != nil {
			stmt["Condition"] = condition
		}
		return packtest.JSON(map[string]any{"Statement": []any{stmt}})
	}
	statesTrust := packtest.JSON(map[string]any{"Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}}})
	awslogs := packtest.JSON([]any{map[string]any{"name": "job", "image": "busybox",
		"logConfiguration": map[string]any{"logDriver": "awslogs"}}})
	for _, preview := range []bool{false, true} {
		p := pipeline{name: "seed", preview: preview}
		tests := []struct {
			name       string
			role       string
			trust      property.Value
			containers property.Value // replaces containerDefinitions when set
			policy     string
			want       []string
		}{
			{"the task role trusts the account", kTaskRole,
				ecsTrust(map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": testAccount}}), property.Value{}, "", nil},
			{"the task role trusts Step Functions", kTaskRole, statesTrust, property.Value{}, RoleTrustPolicy, []string{
				`task definition "seed-job" (taskRoleArn) uses role "seed-task", which ecs-tasks.amazonaws.com cannot assume`,
				"Registering the task definition does not check it: every task fails to start", "task-iam-roles.html"}},
			{"the task role trusts another account", kTaskRole,
				ecsTrust(map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": "210987654321"}}), property.Value{},
				RoleTrustPolicy, []string{"a condition on aws:SourceAccount rules out the account"}},
			{"the task role scoped to the task's ARN, as AWS recommends", kTaskRole,
				ecsTrust(map[string]any{"ArnLike": map[string]any{"aws:SourceArn": "arn:aws:ecs:ap-northeast-1:123456789012:*"}}),
				property.Value{}, RoleTrustUnverifiedPolicy, []string{"condition ArnLike on aws:SourceArn"}},
			{"an execution role no container needs", kExecRole, statesTrust, property.Value{}, RoleTrustUnverifiedPolicy,
				[]string{`task definition "seed-job" (executionRoleArn)`, "not certain to fail", "no container definition needs it"}},
			{"an execution role, container definitions that cannot be read", kExecRole, statesTrust,
				packtest.Str(`[{"name": "job", "image": `), RoleTrustUnverifiedPolicy,
				[]string{`task definition "seed-job" (executionRoleArn)`, "not certain to fail", "cannot be read"}},
			{"an execution role awslogs needs", kExecRole, statesTrust, awslogs, RoleTrustPolicy,
				[]string{`(executionRoleArn) uses role "seed-exec"`, "task_execution_IAM_role.html"}},
		}
		for _, tt := range tests {
			name := map[bool]string{false: "known/", true: "first-preview/"}[preview] + tt.name
			t.Run(name, func(t *testing.T) {
				stack := editedStack(p, func(b map[string]*packtest.Resource) []*packtest.Resource {
					b[tt.role].Set("assumeRolePolicy", tt.trust)
					if !tt.containers.IsNull() {
						b[kTaskDef].Set("containerDefinitions", tt.containers)
					}
					return nil
				})
				for _, pol := range []string{RoleTrustPolicy, RoleTrustUnverifiedPolicy} {
					if pol != tt.policy {
						assertNoViolations(t, pol, stack)
					}
				}
				if tt.policy != "" {
					assertViolation(t, tt.policy, p.urn(kTaskDef), stack, tt.want...)
				}
			})
		}
	}
}
