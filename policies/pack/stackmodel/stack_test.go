package stackmodel

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/policies/pack/packtest"
)

// allowAll is a policy document as a program writes it.
const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// roleStack is a role with one document of every origin New links: an
// inline policy, a RolePolicy, a RolePolicyAttachment and a
// PolicyAttachment of a Policy of the stack, an AWS managed policy the
// pack carries, one it does not, an external policy, and a boundary.
func roleStack() []*packtest.Resource {
	policy := packtest.New(TypePolicy, "shared").Set("name", packtest.Str("shared")).
		Set("arn", packtest.Str(testAcct.ManagedPolicyARN("/", "shared"))).Set("policy", packtest.Str(allowAll))
	return []*packtest.Resource{
		packtest.New(TypeRole, "sfn").Set("name", packtest.Str("sfn")).
			Set("arn", packtest.Str(testAcct.RoleARN("/", "sfn"))).
			Set("inlinePolicies", packtest.List(packtest.Obj(map[string]property.Value{
				"name": packtest.Str("run"), "policy": packtest.Str(allowAll)}))).
			Set("managedPolicyArns", packtest.Strs(
				"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
				"arn:aws:iam::aws:policy/NotCarriedByThePack",
				"arn:aws:iam::210987654321:policy/elsewhere")).
			Set("permissionsBoundary", packtest.Str(testAcct.ManagedPolicyARN("/", "shared"))),
		packtest.New(TypeRolePolicy, "inline-resource").Set("role", packtest.Str("sfn")).Set("policy", packtest.Str(`not json`)),
		packtest.New(TypeRolePolicyAttachment, "by-arn").Set("role", packtest.Str(testAcct.RoleARN("/", "sfn"))).
			Set("policyArn", packtest.Str(testAcct.ManagedPolicyARN("/", "shared"))),
		packtest.New(TypePolicyAttachment, "by-list").Set("roles", packtest.Strs("sfn")).
			Unknown("policyArn").DependsOn("policyArn", policy.URN()),
		policy,
	}
}

// TestRoleDocuments: New links to a role every document that applies to
// it, in stack order, each with a label a reader can find and its kind.
func TestRoleDocuments(t *testing.T) {
	s := New(packtest.Stack(roleStack()...))
	if len(s.Roles) != 1 {
		t.Fatalf("%d roles, want 1", len(s.Roles))
	}
	ro := s.Roles[0]
	type source struct {
		label string
		kind  DocKind
	}
	want := []source{
		{`inline policy "run" of role "sfn"`, DocKnown},
		{"AWS managed policy arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy (managedPolicyArns of role \"sfn\")", DocKnown},
		{"AWS managed policy arn:aws:iam::aws:policy/NotCarriedByThePack (managedPolicyArns of role \"sfn\")", DocExternal},
		{"managed policy arn:aws:iam::210987654321:policy/elsewhere (managedPolicyArns of role \"sfn\")", DocExternal},
		{`RolePolicy "inline-resource"`, DocInvalid},
		{`Policy "shared" (attached by RolePolicyAttachment "by-arn")`, DocKnown},
		{`Policy "shared" (attached by PolicyAttachment "by-list")`, DocKnown},
	}
	var got []source
	for _, d := range ro.Sources {
		got = append(got, source{d.Label, d.Kind()})
	}
	if !slices.Equal(got, want) {
		t.Errorf("sources\n%v\nwant\n%v", got, want)
	}
	if ro.Boundary == nil || ro.Boundary.Kind() != DocKnown || ro.Boundary.Label != `Policy "shared" (permissionsBoundary of role "sfn")` {
		t.Errorf("boundary = %+v", ro.Boundary)
	}
	v := ro.View()
	if len(v.Parsed) != 4 || len(v.External) != 2 || len(v.Invalid) != 1 || v.Boundary == nil {
		t.Errorf("view: %d parsed, %d external, %d invalid, boundary %v; want 4, 2, 1, set",
			len(v.Parsed), len(v.External), len(v.Invalid), v.Boundary != nil)
	}
}

// TestResolveRole: a role reference resolves by ARN, by path and name
// while the ARN is unknown (in the account the stack's known ARNs show),
// by the one role an unknown value is built from, and says why when it
// cannot.
func TestResolveRole(t *testing.T) {
	known := packtest.New(TypeRole, "known").Set("name", packtest.Str("known")).Set("arn", packtest.Str(testAcct.RoleARN("/", "known")))
	fresh := packtest.New(TypeRole, "fresh").Set("name", packtest.Str("fresh")).Set("path", packtest.Str("/svc/")).Unknown("arn")
	unnamed := packtest.New(TypeRole, "unnamed").Unknown("name").Unknown("arn")
	s := New(packtest.Stack(known, fresh, unnamed))
	tests := []struct {
		name     string
		ref      ARNRef
		wantRole string // the Pulumi name of the role found, "" for none
		wantARN  string
		wantWhy  string
	}{
		{"known ARN", ARNRef{Prop: "roleArn", Knownness: Known, ARN: testAcct.RoleARN("/", "known")},
			"known", testAcct.RoleARN("/", "known"), ""},
		{"ARN of a role not deployed yet", ARNRef{Prop: "roleArn", Knownness: Known, ARN: testAcct.RoleARN("/svc/", "fresh")},
			"fresh", testAcct.RoleARN("/svc/", "fresh"), ""},
		{"outside the stack", ARNRef{Prop: "roleArn", Knownness: Known, ARN: testAcct.RoleARN("/", "other")},
			"", testAcct.RoleARN("/", "other"), "is not a Role of this stack"},
		{"not an ARN", ARNRef{Prop: "roleArn", Knownness: Known, ARN: "arn:aws:s3:::bucket"}, "", "", "is not an IAM role ARN or name"},
		{"a name", ARNRef{Prop: "taskRoleArn", Knownness: Known, ARN: "fresh"}, "fresh", testAcct.RoleARN("/svc/", "fresh"), ""},
		{"unknown, built from one role", ARNRef{Prop: "roleArn", Knownness: Unknown, Deps: URNSet{fresh.URN()}},
			"fresh", testAcct.RoleARN("/svc/", "fresh"), ""},
		{"unknown, built from a role without a name", ARNRef{Prop: "roleArn", Knownness: Unknown, Deps: URNSet{unnamed.URN()}},
			"unnamed", "", "the name of role \"unnamed\" is unknown at this preview"},
		{"unknown, built from no role", ARNRef{Prop: "roleArn", Knownness: Unknown}, "", "", "depends on no Role of this stack"},
		{"not set", ARNRef{Prop: "roleArn"}, "", "", "roleArn is not set"},
		{"mistyped", ARNRef{Prop: "roleArn", Knownness: Mistyped}, "", "", "roleArn is not a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr := s.ResolveRole(tt.ref)
			got := ""
			if rr.Role != nil {
				got = rr.Role.Resource.Name
			}
			if got != tt.wantRole || rr.ARN != tt.wantARN || !contains(rr.Why, tt.wantWhy) {
				t.Errorf("ResolveRole = role %q, ARN %q, why %q; want %q, %q, %q", got, rr.ARN, rr.Why, tt.wantRole, tt.wantARN, tt.wantWhy)
			}
		})
	}
}

// TestTargetMachine: a starter's target resolves to the state machine of
// the stack it names, by ARN, by name or through its dependencies.
func TestTargetMachine(t *testing.T) {
	m := packtest.New(TypeStateMachine, "m").Set("name", packtest.Str("nightly")).Unknown("arn")
	byName := packtest.New(TypeEventTarget, "by-name").Set("arn", packtest.Str(testAcct.StateMachineARN("nightly")))
	byDeps := packtest.New(TypeSchedule, "by-deps").Unknown("target").DependsOn("target", m.URN())
	other := packtest.New(TypeEventTarget, "other").Set("arn", packtest.Str(testAcct.StateMachineARN("elsewhere")))
	notMachine := packtest.New(TypeEventTarget, "queue").Set("arn", packtest.Str("arn:aws:sqs:ap-northeast-1:123456789012:q"))
	s := New(packtest.Stack(m, byName, byDeps, other, notMachine))
	want := map[string]struct {
		found   bool
		outside string
	}{
		"by-name": {true, ""},
		"by-deps": {true, ""},
		"other":   {false, "state machine " + testAcct.StateMachineARN("elsewhere") + " is not in this stack"},
		"queue":   {false, ""},
	}
	if len(s.Starters) != len(want) {
		t.Fatalf("%d starters, want %d", len(s.Starters), len(want))
	}
	for _, sr := range s.Starters {
		got, outside := s.TargetMachine(sr)
		w := want[sr.Resource.Name]
		if (got != nil) != w.found || outside != w.outside {
			t.Errorf("%s: machine %v, outside %q; want found %v, %q", sr.Resource.Name, got != nil, outside, w.found, w.outside)
		}
	}
}

// contains reports whether s holds sub; an empty sub wants an empty s.
func contains(s, sub string) bool {
	if sub == "" {
		return s == ""
	}
	return strings.Contains(s, sub)
}

// TestECSTargetParameters: an EventTarget's ecsTarget and a Schedule's
// target.ecsParameters become the RunTask parameters of the run-time
// model; a value unknown at this preview or secret is marked unknown, and
// a task definition unknown at this preview resolves through the
// dependencies to the one it is built from.
func TestECSTargetParameters(t *testing.T) {
	td := packtest.New(TypeTaskDefinition, "td").Set("family", packtest.Str("report")).Unknown("arn")
	events := packtest.New(TypeEventTarget, "events").Set("arn", packtest.Str(testAcct.ClusterARN("batch"))).
		Set("ecsTarget", packtest.Obj(map[string]property.Value{
			"taskDefinitionArn":    packtest.WithDeps(packtest.Unknown(), td.URN()),
			"launchType":           packtest.Str("FARGATE"),
			"propagateTags":        packtest.Secret(packtest.Str("TASK_DEFINITION")),
			"tags":                 packtest.Obj(map[string]property.Value{"team": packtest.Str("batch")}),
			"networkConfiguration": packtest.Obj(map[string]property.Value{"subnets": packtest.Strs("subnet-0abc")}),
		})).DependsOn("ecsTarget", td.URN())
	sched := packtest.New(TypeSchedule, "sched").Set("target", packtest.Obj(map[string]property.Value{
		"arn": packtest.Unknown(), "roleArn": packtest.Str(testAcct.RoleARN("/", "r")),
		"ecsParameters": packtest.Obj(map[string]property.Value{
			"taskDefinitionArn": packtest.Str(testAcct.TaskDefinitionARN("report", 2)), "enableEcsManagedTags": packtest.Bool(true)}),
	}))
	queue := packtest.New(TypeEventTarget, "queue").Set("arn", packtest.Str("arn:aws:sqs:ap-northeast-1:123456789012:q"))
	s := New(packtest.Stack(td, events, sched, queue))
	want := map[string]map[string]any{
		"events": {"Cluster": testAcct.ClusterARN("batch"), "TaskDefinition": td.URN(), "LaunchType": "FARGATE",
			"PropagateTags.$": "", "Tags": map[string]any{"team": "batch"},
			"NetworkConfiguration": map[string]any{"subnets": []any{"subnet-0abc"}}},
		"sched": {"Cluster.$": "", "TaskDefinition": testAcct.TaskDefinitionARN("report", 2), "EnableECSManagedTags": true},
		"queue": nil,
	}
	for _, sr := range s.Starters {
		w := want[sr.Resource.Name]
		switch {
		case w == nil && sr.ECS != nil:
			t.Errorf("%s: ECS target %+v, want none", sr.Resource.Name, sr.ECS)
		case w != nil && (sr.ECS == nil || !reflect.DeepEqual(sr.ECS.Params, w)):
			t.Errorf("%s: ECS target %+v, want params %v", sr.Resource.Name, sr.ECS, w)
		}
	}
	if got := s.taskDefsNamed(td.URN()); len(got) != 1 {
		t.Errorf("the task definition by URN: %d found", len(got))
	}
}

// TestTrustAndSources: a role's trust policy is read as a document (known,
// unknown, or none), and a starter names the schedule group or the rule
// and bus the service gives as aws:SourceArn ("default" when unset, ""
// when not known).
func TestTrustAndSources(t *testing.T) {
	trust := packtest.JSON(map[string]any{"Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"}}})
	known := packtest.New(TypeRole, "known").Set("name", packtest.Str("known")).Set("assumeRolePolicy", trust)
	unknown := packtest.New(TypeRole, "unknown").Set("name", packtest.Str("unknown")).Unknown("assumeRolePolicy")
	none := packtest.New(TypeRole, "none").Set("name", packtest.Str("none"))
	target := func(name string, props map[string]property.Value) *packtest.Resource {
		r := packtest.New(TypeEventTarget, name).Set("arn", packtest.Str(testAcct.ClusterARN("batch")))
		for k, v := range props {
			r.Set(k, v)
		}
		return r
	}
	sched := func(name string, group property.Value) *packtest.Resource {
		r := packtest.New(TypeSchedule, name).Set("target", packtest.Obj(map[string]property.Value{
			"arn": packtest.Str(testAcct.ClusterARN("batch")), "roleArn": packtest.Str(testAcct.RoleARN("/", "known"))}))
		if !group.IsNull() {
			r.Set("groupName", group)
		}
		return r
	}
	s := New(packtest.Stack(known, unknown, none,
		target("plain", map[string]property.Value{"rule": packtest.Str("nightly")}),
		target("on-bus", map[string]property.Value{"rule": packtest.Str("nightly"), "eventBusName": packtest.Str("orders")}),
		target("unknown-rule", map[string]property.Value{"rule": packtest.Unknown()}),
		target("secret-bus", map[string]property.Value{"rule": packtest.Str("nightly"), "eventBusName": packtest.Secret(packtest.Str("b"))}),
		sched("default-group", property.Value{}),
		sched("group", packtest.Str("batch")),
		sched("unknown-group", packtest.Unknown()),
	))
	kinds := map[string]string{}
	for _, ro := range s.Roles {
		switch {
		case ro.Trust == nil:
			kinds[ro.Resource.Name] = "none"
		case ro.Trust.Kind() == DocKnown && len(ro.Trust.Parsed().Statement) == 1:
			kinds[ro.Resource.Name] = "known"
		case ro.Trust.Kind() == DocUnknown:
			kinds[ro.Resource.Name] = "unknown"
		}
	}
	if want := map[string]string{"known": "known", "unknown": "unknown", "none": "none"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("trust policies %v, want %v", kinds, want)
	}
	type source struct{ group, rule, bus string }
	want := map[string]source{
		"plain": {"", "nightly", "default"}, "on-bus": {"", "nightly", "orders"}, "unknown-rule": {"", "", "default"},
		"secret-bus": {"", "nightly", ""}, "default-group": {"default", "", ""}, "group": {"batch", "", ""},
		"unknown-group": {"", "", ""},
	}
	for _, sr := range s.Starters {
		if got := (source{sr.Group, sr.Rule, sr.Bus}); got != want[sr.Resource.Name] {
			t.Errorf("%s: group, rule, bus = %+v, want %+v", sr.Resource.Name, got, want[sr.Resource.Name])
		}
	}
}

// TestSameTextParsedOnce: documents of one text, such as the trust
// policies of many roles, are parsed once and share the result; an
// invalid one shares its error, never with a secret one of the same text.
func TestSameTextParsedOnce(t *testing.T) {
	trust := `{"Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	var resources []*packtest.Resource
	for i, v := range []property.Value{packtest.Str(trust), packtest.Str(trust), packtest.Str(`{`), packtest.Secret(packtest.Str(`{`))} {
		name := fmt.Sprintf("r%d", i)
		resources = append(resources,
			packtest.New(TypeRole, name).Set("name", packtest.Str(name)).Set("assumeRolePolicy", v),
			packtest.New(TypeStateMachine, name).Set("roleArn", packtest.Str(testAcct.RoleARN("/", name))))
	}
	s := New(packtest.Stack(resources...))
	docs := map[string]*Document{}
	for _, ro := range s.Roles {
		docs[ro.Resource.Name] = ro.Trust
	}
	a, b := docs["r0"].Parsed(), docs["r1"].Parsed()
	if len(a.Statement) != 1 || len(b.Statement) != 1 || &a.Statement[0] != &b.Statement[0] {
		t.Errorf("two trust policies of one text were parsed apart: %+v, %+v", a, b)
	}
	if docs["r2"].Kind() != DocInvalid || docs["r3"].Kind() != DocInvalid || docs["r2"].Why() == docs["r3"].Why() {
		t.Errorf("invalid texts: %q and (secret) %q, want both invalid, the secret one without the parser's words",
			docs["r2"].Why(), docs["r3"].Why())
	}
}
