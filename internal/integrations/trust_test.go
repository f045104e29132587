package integrations

import (
	"strings"
	"testing"

	"batchpipeline/internal/iam"
)

// TestTrustPolicyAdmitsItsAssumption: the trust policy the components
// write lets its service assume the role for the resource it names, and
// only for it; the statement a message suggests admits any assumption.
func TestTrustPolicyAdmitsItsAssumption(t *testing.T) {
	a := testAccount
	machine := a.StateMachineARN("nightly")
	role := Role{Set: true, ARN: a.RoleARN("/", "r")}
	suggested := Assumption{Service: EventsService}.Request(role)
	tests := []struct {
		name  string
		trust iam.Document
		as    Assumption
		want  iam.Decision
		open  bool // some statement is undecided
	}{
		{"state machine", TrustPolicy(StatesService, a.ID, machine),
			Assumption{Service: StatesService, Account: a.ID, SourceARN: machine}, iam.Allowed, false},
		{"another state machine", TrustPolicy(StatesService, a.ID, machine),
			Assumption{Service: StatesService, Account: a.ID, SourceARN: a.StateMachineARN("other")}, iam.ImplicitDeny, false},
		{"another account", TrustPolicy(SchedulerService, a.ID, ""),
			Assumption{Service: SchedulerService, Account: "210987654321", SourceARN: a.ScheduleGroupARN("default")}, iam.ImplicitDeny, false},
		{"another service", TrustPolicy(SchedulerService, a.ID, ""),
			Assumption{Service: EventsService, Account: a.ID}, iam.ImplicitDeny, false},
		{"source ARN not known", TrustPolicy(StatesService, a.ID, machine),
			Assumption{Service: StatesService, Account: a.ID}, iam.ImplicitDeny, true},
		{"suggested statement, nothing known", Policy(suggested.Statement()),
			Assumption{Service: EventsService}, iam.Allowed, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.as.Request(role)
			res := iam.EvaluateTrust(iam.Request{Action: r.Action, Resource: r.Resource, Context: r.Context}, tt.as.Service, tt.trust)
			if res.Decision != tt.want || (len(res.Uncertain) > 0) != tt.open {
				t.Errorf("EvaluateTrust = %v (uncertain %q), want %v (uncertain: %v)", res.Decision, res.Uncertain, tt.want, tt.open)
			}
		})
	}
}

func TestAssumptionPagesAndFailures(t *testing.T) {
	seen := map[string]bool{}
	for _, as := range []Assumption{{Service: StatesService}, {Service: EventsService}, {Service: SchedulerService},
		{Service: ECSTasksService, Property: "taskRoleArn"}} {
		svc := as.Service
		if seen[as.Page()] || seen[as.Failure()] {
			t.Errorf("%s shares its page or failure text with another service", svc)
		}
		seen[as.Page()], seen[as.Failure()] = true, true
	}
	if (Assumption{Service: ECSTasksService, Property: "executionRoleArn"}).Page() == taskRolePage {
		t.Error("the execution role's page is the task role's")
	}
}

func TestExecutionRoleUse(t *testing.T) {
	for _, tt := range []struct {
		c    Container
		want string // substring, "" for no use
	}{
		{Container{Image: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/report:1"}, "private Amazon ECR image"},
		{Container{Image: "public.ecr.aws/docker/library/busybox:stable"}, ""},
		{Container{Image: "busybox", LogDriver: "awslogs"}, "awslogs"},
		{Container{Image: "busybox", LogDriver: "json-file"}, ""},
		{Container{Image: "busybox", Secrets: true}, "secrets"},
		{Container{Image: "ghcr.io/x/y", RepositoryCredentials: true}, "repositoryCredentials"},
	} {
		got := tt.c.ExecutionRoleUse()
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%+v: ExecutionRoleUse() = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestRuleARN(t *testing.T) {
	a := testAccount
	for _, tt := range []struct{ bus, want string }{
		{"", "arn:aws:events:ap-northeast-1:123456789012:rule/nightly"},
		{"default", "arn:aws:events:ap-northeast-1:123456789012:rule/nightly"},
		{"orders", "arn:aws:events:ap-northeast-1:123456789012:rule/orders/nightly"},
		{"arn:aws:events:ap-northeast-1:123456789012:event-bus/orders", "arn:aws:events:ap-northeast-1:123456789012:rule/orders/nightly"},
	} {
		if got := a.RuleARN(tt.bus, "nightly"); got != tt.want {
			t.Errorf("RuleARN(%q) = %s, want %s", tt.bus, got, tt.want)
		}
	}
}
