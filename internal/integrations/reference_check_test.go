package integrations

import (
	"slices"
	"strings"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations/reference"
	"batchpipeline/internal/partial"
)

// sample fills each hole of a value with a value of its class, for the
// reference's ARN formats.
func sample(v string) string {
	return partial.Fill(v, func(h partial.Hole) string {
		if len(h.Among) > 0 {
			return h.Among[0]
		}
		switch h.Class {
		case partial.AccountID:
			return "123456789012"
		case partial.Digits:
			return "1"
		case partial.Region:
			return "ap-northeast-1"
		default:
			return "sample"
		}
	})
}

// exampleRequests returns the requests of every example Task state of
// every integration of the registry, each with the integration it comes
// from.
func exampleRequests(t *testing.T) map[*Integration][]Request {
	t.Helper()
	env := nightlyEnv()
	out := map[*Integration][]Request{}
	for _, in := range Integrations() {
		if len(in.Examples) == 0 {
			t.Errorf("integration %s has no Examples: add Task states that take every branch of its requests to its file", in.Name())
		}
		for _, ex := range in.Examples {
			c, ok := Read(ex.State)
			if !ok {
				t.Fatalf("%s: example %q does not read: Read(%q) = false", in.Name(), ex.Name, ex.State.Resource)
			}
			if c.Integration != in {
				t.Errorf("%s: example %q reads as %s", in.Name(), ex.Name, c.Integration.Name())
			}
			out[in] = append(out[in], c.Requests(env)...)
		}
	}
	return out
}

// everyRequest returns the requests of every example of the registry,
// of the ECS targets, of a starter and of every service assumption.
func everyRequest(t *testing.T) []Request {
	t.Helper()
	var reqs []Request
	for _, in := range Integrations() {
		reqs = append(reqs, exampleRequests(t)[in]...)
	}
	env := nightlyEnv()
	tagged := runTaskParams()
	tagged["Tags"] = []any{map[string]any{"Key": "k", "Value": "v"}}
	for _, tgt := range []ECSTarget{eventsTarget(tagged), schedulerTarget(runTaskParams())} {
		reqs = append(reqs, tgt.Call().Requests(env)...)
	}
	reqs = append(reqs, StartExecutionRequest(testAccount.StateMachineARN("m"), ""))
	a := testAccount
	for _, as := range []Assumption{
		{Service: StatesService, Account: a.ID, SourceARN: a.StateMachineARN("m")},
		{Service: EventsService, Account: a.ID, SourceARN: a.RuleARN("orders", "nightly")},
		{Service: SchedulerService, Account: a.ID, SourceARN: a.ScheduleGroupARN("default")},
		{Service: ECSTasksService, Property: "taskRoleArn", Account: a.ID},
	} {
		reqs = append(reqs, as.Request(Role{Set: true, ARN: a.RoleARN("/", "r")}))
	}
	return reqs
}

// TestExamplesTakeEveryPattern: an integration's examples call it with
// every pattern it supports.
func TestExamplesTakeEveryPattern(t *testing.T) {
	for _, in := range Integrations() {
		seen := map[Pattern]bool{}
		for _, ex := range in.Examples {
			if c, ok := Read(ex.State); ok {
				seen[c.Pattern] = true
			}
		}
		for _, p := range in.Patterns {
			if !seen[p] {
				t.Errorf("no example of %s calls it with the pattern %q: add one to its Examples", in.Name(), p)
			}
		}
	}
}

// TestIAMServicesOfEachIntegration: an integration names the services of
// the IAM actions its calls need, and the reference holds each of them.
func TestIAMServicesOfEachIntegration(t *testing.T) {
	for in, reqs := range exampleRequests(t) {
		for _, r := range reqs {
			service, _, _ := strings.Cut(r.Action, ":")
			if !slices.Contains(in.IAMServices, service) {
				t.Errorf("%s requests %s, but its IAMServices %q lack %q: add it in the integration's file", in.Name(), r.Action, in.IAMServices, service)
			}
		}
	}
	// The reference vendors every service of AWS's data, so each of the
	// model's is there unless the data is stale or the name is wrong.
	vendored := reference.Services()
	for _, service := range IAMServices() {
		if _, ok := slices.BinarySearch(vendored, service); !ok {
			t.Errorf("the model's service %q is not among the %d vendored services: check its spelling, or run internal/integrations/reference/generate.sh", service, len(vendored))
		}
	}
}

// everyStatement returns every statement the model grants outside Task
// states.
func everyStatement() []iam.Statement {
	a := testAccount
	out := append(LogDeliveryStatements(), XRayStatements()...)
	out = append(out, DeadLetterQueueStatement(a.QueueARN("dlq")), AlertTopicStatement(a, a.TopicARN("t"), a.EventsRuleARN("r")),
		WriteBuildLogsStatement(a, "/aws/codebuild/p"))
	out = append(out, ReadSecretsStatements([]string{
		"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf:password::",
		"arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/key",
	})...)
	return out
}

// undocumentedKeys are condition keys an AWS page documents for an action
// that the service authorization reference does not list for it: the HTTP
// Task's (https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html,
// whose example policy conditions states:InvokeHTTPEndpoint on them).
var undocumentedKeys = map[string]bool{
	"states:InvokeHTTPEndpoint " + HTTPMethodKey:   true,
	"states:InvokeHTTPEndpoint " + HTTPEndpointKey: true,
}

// TestModelAgainstServiceAuthorizationReference checks every request the
// model makes and every statement it grants against AWS's own data: the
// action exists, the resource is of one of the action's resource types
// (or "*" where the action takes none), and each condition key applies to
// the action (iam:PassedToService only to iam:PassRole, and so on).
func TestModelAgainstServiceAuthorizationReference(t *testing.T) {
	for _, n := range everyRequest(t) {
		info := lookupAction(t, n.Action)
		if n.ResourceType == "" {
			if parts := partial.Parse(n.Resource); len(parts) == 1 && parts[0].Hole != nil {
				// Any resource (an AWS SDK call whose action takes one of
				// several resource types): nothing to check.
			} else {
				checkResource(t, info, sample(n.Resource), "request")
			}
		} else {
			// A type the reference does not list for the action: the
			// integration's file says why AWS authorizes it.
			rt, ok := reference.ResourceTypeNamed(info.Service, n.ResourceType)
			if !ok || !rt.Matches(sample(n.Resource)) {
				t.Errorf("%s: request resource %s is no %q of the reference (%v)", n.Action, sample(n.Resource), n.ResourceType, rt.ARNFormats)
			}
			if _, listed := info.ResourceTypeOf(sample(n.Resource)); listed {
				t.Errorf("%s: request resource %s is of a type the action lists: drop its ResourceType %q", n.Action, sample(n.Resource), n.ResourceType)
			}
			if r := n.Grant.Resource; r != "" && !rt.Matches(r) {
				t.Errorf("%s: granted resource %s is no %q of the reference", n.Action, r, n.ResourceType)
			}
			n.Grant.Resource = "" // checked above
		}
		for k := range n.Context {
			if !info.ConditionKeyApplies(k) && !undocumentedKeys[n.Action+" "+k] {
				t.Errorf("%s: the request carries %s, which does not apply to it", n.Action, k)
			}
		}
		checkStatement(t, n.Statement())
	}
	for _, st := range everyStatement() {
		checkStatement(t, st)
	}
	// The source ARNs are the resource types AWS names: a rule on a bus,
	// a schedule group.
	a := testAccount
	putTargets, getGroup := lookupAction(t, "events:PutTargets"), lookupAction(t, "scheduler:GetScheduleGroup")
	checkResource(t, putTargets, a.RuleARN("orders", "nightly"), "source")
	checkResource(t, putTargets, a.RuleARN("", "nightly"), "source")
	checkResource(t, getGroup, a.ScheduleGroupARN("default"), "source")
	trust := TrustPolicy(StatesService, testAccount.ID, testAccount.StateMachineARN("m"))
	for _, st := range trust.Statement {
		for _, action := range st.Action {
			info := lookupAction(t, action)
			checkConditions(t, info, st)
		}
	}
}

// TestReferenceCatchesMistakes: the checks above fail on the mistakes
// they are there for.
func TestReferenceCatchesMistakes(t *testing.T) {
	a := testAccount
	runTask, _ := reference.Action("ecs:RunTask")
	reports, _ := reference.Action("codebuild:BatchGetReports")
	getGroup, _ := reference.Action("scheduler:GetScheduleGroup")
	tests := []struct {
		name string
		ok   bool
	}{
		{"BatchGetReports on a project", has(reports, a.ProjectARN("p"))},
		{"RunTask on a family without revision", has(runTask, "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly")},
		{"RunTask on a cluster", has(runTask, a.ClusterARN("batch"))},
		{"iam:PassedToService on RunTask", runTask.ConditionKeyApplies("iam:PassedToService")},
		{"GetScheduleGroup on a schedule", has(getGroup, "arn:aws:scheduler:ap-northeast-1:123456789012:schedule/default/nightly")},
	}
	for _, tt := range tests {
		if tt.ok {
			t.Errorf("%s: accepted by the reference, want refused", tt.name)
		}
	}
}

func has(info reference.ActionInfo, resource string) bool {
	_, ok := info.ResourceTypeOf(resource)
	return ok
}

func lookupAction(t *testing.T, action string) reference.ActionInfo {
	t.Helper()
	info, ok := reference.Action(action)
	if !ok {
		t.Fatalf("%s is not an action of the service authorization reference", action)
	}
	return info
}

func checkResource(t *testing.T, info reference.ActionInfo, resource, what string) {
	t.Helper()
	if _, ok := info.ResourceTypeOf(resource); !ok {
		var formats []string
		for _, rt := range info.ResourceTypes {
			formats = append(formats, rt.ARNFormats...)
		}
		t.Errorf("%s:%s: %s resource %s matches none of %q", info.Service, info.Name, what, resource, formats)
	}
}

func checkStatement(t *testing.T, st iam.Statement) {
	t.Helper()
	if len(st.Action) == 0 {
		return
	}
	for _, action := range st.Action {
		if strings.ContainsAny(action, "*?") {
			t.Errorf("statement %q grants the wildcard action %q", st.Sid, action)
			continue
		}
		info := lookupAction(t, action)
		for _, r := range st.Resource {
			checkResource(t, info, r, "granted")
		}
		checkConditions(t, info, st)
	}
}

func checkConditions(t *testing.T, info reference.ActionInfo, st iam.Statement) {
	t.Helper()
	for _, kv := range st.Condition {
		for k := range kv {
			if !info.ConditionKeyApplies(k) {
				t.Errorf("statement %q: condition key %s does not apply to %s:%s", st.Sid, k, info.Service, info.Name)
			}
		}
	}
}
