package integrations

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

const syncRunTask = "arn:aws:states:::ecs:runTask.sync"

// runTaskParams are the Parameters of the component's ECS Task state.
func runTaskParams() map[string]any {
	return RunTask{
		Cluster: testAccount.ClusterARN("batch"), TaskDefinition: "nightly", LaunchType: "FARGATE",
		Subnets: []string{"subnet-0abc"}, PropagateTags: true,
	}.Parameters()
}

func TestRunTaskNeedsByPattern(t *testing.T) {
	tests := []struct {
		resource string
		want     []string
	}{
		{syncRunTask, []string{"ecs:RunTask", "iam:PassRole", "iam:PassRole", "ecs:TagResource",
			"ecs:StopTask", "ecs:DescribeTasks", "events:PutTargets", "events:PutRule", "events:DescribeRule"}},
		{"arn:aws:states:::ecs:runTask", []string{"ecs:RunTask", "iam:PassRole", "iam:PassRole", "ecs:TagResource"}},
		{"arn:aws:states:::ecs:runTask.waitForTaskToken", []string{"ecs:RunTask", "iam:PassRole", "iam:PassRole", "ecs:TagResource"}},
		{"arn:aws:states:::aws-sdk:ecs:runTask", []string{"ecs:RunTask", "iam:PassRole", "iam:PassRole", "ecs:TagResource"}},
	}
	for _, tt := range tests {
		needs := call(t, tt.resource, runTaskParams()).Requests(nightlyEnv())
		if got := actions(needs); !slices.Equal(got, tt.want) {
			t.Errorf("%s: needs %q, want %q", tt.resource, got, tt.want)
		}
		for _, n := range needs {
			if n.By != CallerRole || n.Why == "" || !strings.HasPrefix(n.Page, "https://docs.aws.amazon.com/") {
				t.Errorf("%s: need %s: By %v, Why %q, Page %q", tt.resource, n.Action, n.By, n.Why, n.Page)
			}
		}
	}
}

func TestRunTaskRequests(t *testing.T) {
	a := testAccount
	env := nightlyEnv()
	needs := call(t, syncRunTask, runTaskParams()).Requests(env)
	cluster := a.ClusterARN("batch")
	run := find(needs, "ecs:RunTask")[0]
	if run.Resource != a.TaskDefinitionARN("nightly", 3) || run.Context["ecs:cluster"] != cluster || run.Target != "td" {
		t.Errorf("RunTask need = %+v", run)
	}
	if got := run.Statement().Resource; !slices.Equal(got, iam.Strings{a.TaskDefinitionFamilyARN("nightly")}) {
		t.Errorf("RunTask grant on %q, want every revision of the family", got)
	}
	pass := find(needs, "iam:PassRole")
	td := env.tds["nightly"][0]
	for i, want := range []struct {
		role Role
		via  string
	}{{td.ExecutionRole, "executionRoleArn"}, {td.TaskRole, "taskRoleArn"}} {
		n := pass[i]
		if n.Kind != PassRoleRequest || n.Resource != want.role.ARN || n.Target != want.role.Key || n.Via != want.via ||
			n.TaskDefinition != "td" || n.Context["iam:PassedToService"] != ECSTasksService {
			t.Errorf("PassRole need %d = %+v", i, n)
		}
	}
	tag := find(needs, "ecs:TagResource")[0]
	if tag.Resource != a.TaskARN("batch", sampleTaskID) || tag.Context["ecs:CreateAction"] != "RunTask" || tag.Unsure != "" {
		t.Errorf("TagResource need = %+v", tag)
	}
	for _, action := range []string{"ecs:TagResource", "ecs:StopTask", "ecs:DescribeTasks"} {
		n := find(needs, action)[0]
		if got := n.Statement().Resource; !slices.Equal(got, iam.Strings{a.ClusterTasksPattern("batch")}) {
			t.Errorf("%s granted on %q, want the cluster's tasks", action, got)
		}
	}
	for _, n := range find(needs, "events:PutRule") {
		if n.Resource != a.EventsRuleARN(ECSEventsRule) {
			t.Errorf("events:PutRule on %s", n.Resource)
		}
	}
	// Every need is allowed by the statements that grant them.
	docs := []iam.Document{Policy(Grants(needs)...)}
	for _, n := range needs {
		if res := iam.Evaluate(request(n), docs, nil); res.Decision != iam.Allowed || len(res.Uncertain) > 0 {
			t.Errorf("%s on %s not allowed by the grants: %v %q", n.Action, n.Resource, res.Decision, res.Uncertain)
		}
	}
}

func TestRunTaskCluster(t *testing.T) {
	a := testAccount
	other := Account{Partition: "aws", Region: "eu-west-1", ID: "210987654321"}
	tests := []struct {
		name        string
		cluster     any // nil: absent
		wantCluster string
		wantTask    string
		unknown     bool
	}{
		{"ARN", a.ClusterARN("batch"), a.ClusterARN("batch"), a.TaskARN("batch", sampleTaskID), false},
		{"ARN of another account", other.ClusterARN("x"), other.ClusterARN("x"), other.TaskARN("x", sampleTaskID), false},
		{"name", "batch", a.ClusterARN("batch"), a.TaskARN("batch", sampleTaskID), false},
		{"absent: the default cluster", nil, a.ClusterARN("default"), a.TaskARN("default", sampleTaskID), false},
		// Not known: the cluster's name is a hole of the account's
		// cluster ARN.
		{"not a cluster ARN", "arn:aws:ecs:ap-northeast-1:123456789012:service/batch/x", "", "", true},
		{"ARN without account", "arn:aws:ecs:ap-northeast-1::cluster/batch", "", "", true},
		{"not a string", 3.0, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := runTaskParams()
			delete(p, "Cluster")
			if tt.cluster != nil {
				p["Cluster"] = tt.cluster
			}
			needs := call(t, syncRunTask, p).Requests(nightlyEnv())
			run := find(needs, "ecs:RunTask")[0]
			stop := find(needs, "ecs:StopTask")[0]
			if tt.unknown {
				// The cluster's name is a hole: a cluster ARN and a task
				// ARN of the account, with the name not known.
				if got := partial.Display(run.Context["ecs:cluster"]); got != a.ClusterARN("CLUSTER") {
					t.Errorf("ecs:cluster = %q, want the account's cluster ARN with a hole", got)
				}
				if got := partial.Display(stop.Resource); got != a.TaskARN("CLUSTER", sampleTaskID) || whyOf(stop.Resource) == "" {
					t.Errorf("StopTask on %q (not known: %q)", got, whyOf(stop.Resource))
				}
				if c := run.Statement().Condition; c != nil {
					t.Errorf("RunTask granted with a condition on an unknown cluster: %v", c)
				}
				return
			}
			if run.Context["ecs:cluster"] != tt.wantCluster {
				t.Errorf("ecs:cluster = %q, want %q", run.Context["ecs:cluster"], tt.wantCluster)
			}
			if stop.Resource != tt.wantTask {
				t.Errorf("StopTask on %q, want %q", stop.Resource, tt.wantTask)
			}
		})
	}
	dynamic := runTaskParams()
	delete(dynamic, "Cluster")
	dynamic["Cluster.$"] = "$.cluster"
	for _, n := range call(t, syncRunTask, dynamic).Requests(nightlyEnv()) {
		if strings.HasPrefix(n.Action, "ecs:") && n.Action != "ecs:RunTask" && whyOf(n.Resource) != "the state chooses its cluster at run time" {
			t.Errorf("%s with a dynamic cluster: Resource %q, not known because %q", n.Action, partial.Display(n.Resource), whyOf(n.Resource))
		}
	}
}

func TestRunTaskTagging(t *testing.T) {
	tests := []struct {
		name   string
		tagged Tri
		params map[string]any // set on top of runTaskParams without PropagateTags
		want   string         // "need", "unsure" or "none"
	}{
		{"propagated tags of a tagged task definition", Yes, map[string]any{"PropagateTags": "TASK_DEFINITION"}, "need"},
		{"propagated tags of an untagged task definition", No, map[string]any{"PropagateTags": "TASK_DEFINITION"}, "none"},
		{"propagated tags, tags not known yet", Maybe, map[string]any{"PropagateTags": "TASK_DEFINITION"}, "unsure"},
		{"PropagateTags NONE", Yes, map[string]any{"PropagateTags": "NONE"}, "none"},
		{"PropagateTags chosen at run time", Yes, map[string]any{"PropagateTags.$": "$.p"}, "unsure"},
		{"Tags of its own", No, map[string]any{"Tags": []any{map[string]any{"Key": "k", "Value": "v"}}}, "need"},
		{"an empty Tags list", No, map[string]any{"Tags": []any{}}, "none"},
		{"Tags chosen at run time", No, map[string]any{"Tags.$": "$.tags"}, "unsure"},
		{"ECS managed tags only", No, map[string]any{"EnableECSManagedTags": true}, "unsure"},
		{"ECS managed tags off", No, map[string]any{"EnableECSManagedTags": false}, "none"},
		{"ECS managed tags and propagated ones", Yes, map[string]any{"EnableECSManagedTags": true, "PropagateTags": "TASK_DEFINITION"}, "need"},
		{"no tags at all", Yes, nil, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := nightlyEnv()
			env.tds["nightly"][0].Tagged = tt.tagged
			p := runTaskParams()
			delete(p, "PropagateTags")
			for k, v := range tt.params {
				p[k] = v
			}
			tags := find(call(t, "arn:aws:states:::ecs:runTask", p).Requests(env), "ecs:TagResource")
			got := "none"
			switch {
			case len(tags) == 1 && tags[0].Unsure == "":
				got = "need"
			case len(tags) == 1:
				got = "unsure"
			case len(tags) > 1:
				t.Fatalf("%d TagResource needs", len(tags))
			}
			if got != tt.want {
				t.Errorf("TagResource: %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRunTaskTaskDefinitions(t *testing.T) {
	a := testAccount
	tests := []struct {
		name string
		ref  any // nil: TaskDefinition.$
		// wantARN is the RunTask resource as displayed (a hole by its
		// label); wantKnown whether it is known.
		wantARN   string
		wantKnown bool
		// wantRoles is how many PassRole requests name a known role.
		wantRoles int
	}{
		{"the stack's family", "nightly", a.TaskDefinitionARN("nightly", 3), true, 2},
		// RunTask runs the family's latest ACTIVE revision.
		{"a family outside the stack", "other", a.ARN("ecs", "task-definition/other:REVISION"), false, 0},
		{"family:revision outside the stack", "other:7", a.TaskDefinitionARN("other", 7), true, 0},
		{"an ARN outside the stack", "arn:aws:ecs:eu-west-1:210987654321:task-definition/x:2",
			"arn:aws:ecs:eu-west-1:210987654321:task-definition/x:2", true, 0},
		{"an ARN that is no task definition", "arn:aws:ecs:eu-west-1:210987654321:cluster/x",
			a.ARN("ecs", "task-definition/FAMILY:REVISION"), false, 0},
		{"chosen at run time", nil, a.ARN("ecs", "task-definition/FAMILY:REVISION"), false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := runTaskParams()
			delete(p, "TaskDefinition")
			if tt.ref == nil {
				p["TaskDefinition.$"] = "$.td"
			} else {
				p["TaskDefinition"] = tt.ref
			}
			needs := call(t, syncRunTask, p).Requests(nightlyEnv())
			run := find(needs, "ecs:RunTask")[0]
			if got := partial.Display(run.Resource); got != tt.wantARN || partial.Known(run.Resource) != tt.wantKnown {
				t.Errorf("RunTask on %q (known %v), want %q (known %v)", got, partial.Known(run.Resource), tt.wantARN, tt.wantKnown)
			}
			pass := find(needs, "iam:PassRole")
			known := 0
			for _, n := range pass {
				switch {
				case partial.Known(n.Resource):
					known++
				case whyOf(n.Resource) == "" || n.Unsure == "":
					// Roles not read: any role of the account, if it has
					// any, which is not certain.
					t.Errorf("PassRole of a role not known, without a reason or not unsure: %+v", n)
				}
			}
			if known != tt.wantRoles || len(pass) == 0 {
				t.Errorf("%d PassRole requests with a role ARN (of %d), want %d", known, len(pass), tt.wantRoles)
			}
		})
	}
}

func TestRunTaskOverrides(t *testing.T) {
	p := runTaskParams()
	p["Overrides"] = map[string]any{"TaskRoleArn": "arn:aws:iam::123456789012:role/override", "ExecutionRoleArn.$": "$.exec"}
	pass := find(call(t, syncRunTask, p).Requests(nightlyEnv()), "iam:PassRole")
	if len(pass) != 4 {
		t.Fatalf("%d PassRole needs, want 4 (two roles, two overrides)", len(pass))
	}
	if pass[2].Via != "Overrides.TaskRoleArn" || pass[2].Resource != "arn:aws:iam::123456789012:role/override" {
		t.Errorf("override need = %+v", pass[2])
	}
	// A role chosen at run time is one of the account's: PassRole
	// passes only roles of the caller's account.
	if pass[3].Via != "Overrides.ExecutionRoleArn" || partial.Display(pass[3].Resource) != testAccount.RoleARN("/", "ROLE") ||
		whyOf(pass[3].Resource) != "the state sets Overrides.ExecutionRoleArn at run time" {
		t.Errorf("dynamic override request = %+v", pass[3])
	}
}

func TestRunTaskCredentials(t *testing.T) {
	target := "arn:aws:iam::210987654321:role/runner"
	c, ok := Read(TaskState{Resource: syncRunTask, Parameters: runTaskParams(), Credentials: map[string]any{"RoleArn": target}})
	if !ok {
		t.Fatal("Read = false")
	}
	needs := c.Requests(nightlyEnv())
	assume := needs[0]
	if assume.Kind != AssumeRoleRequest || assume.By != CallerRole || assume.Action != "sts:AssumeRole" || assume.Resource != target {
		t.Errorf("first need = %+v, want sts:AssumeRole by the state machine's role", assume)
	}
	for _, n := range needs[1:] {
		if n.By != CredentialsRole {
			t.Errorf("%s checked against %v, want the Credentials role", n.Action, n.By)
		}
		// The cross-account .sync pattern polls: its EventBridge rule
		// needs are not certain.
		if strings.HasPrefix(n.Action, "events:") != (n.Unsure != "") {
			t.Errorf("%s with Credentials: Unsure %q", n.Action, n.Unsure)
		}
	}
	for _, n := range find(call(t, syncRunTask, runTaskParams()).Requests(nightlyEnv()), "events:PutRule") {
		if n.Unsure != "" {
			t.Errorf("events:PutRule without Credentials is unsure: %q", n.Unsure)
		}
	}
	c, _ = Read(TaskState{Resource: syncRunTask, Parameters: runTaskParams(), Credentials: map[string]any{"RoleArn.$": "$.role"}})
	if n := c.Requests(nightlyEnv())[0]; partial.Known(n.Resource) || whyOf(n.Resource) == "" {
		t.Errorf("dynamic Credentials: %+v", n)
	}
}

func TestRunTaskProblems(t *testing.T) {
	noNetwork := func(launchType string) map[string]any {
		p := runTaskParams()
		delete(p, "NetworkConfiguration")
		delete(p, "LaunchType")
		if launchType != "" {
			p["LaunchType"] = launchType
		}
		return p
	}
	env := nightlyEnv()
	ec2 := nightlyEnv()
	ec2.tds["nightly"][0].AWSVPC = false
	tests := []struct {
		name   string
		params map[string]any
		env    Env
		want   string
	}{
		{"with a network", runTaskParams(), env, ""},
		{"with the network read from the input", RunTask{Cluster: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/nightly",
			TaskDefinition: "nightly", LaunchType: "FARGATE", NetworkPath: "$.network"}.Parameters(), env, ""},
		{"Fargate without a network", noNetwork("FARGATE"), ec2, "LaunchType FARGATE needs Parameters.NetworkConfiguration"},
		{"awsvpc task definition without a network", noNetwork(""), env, "uses the awsvpc network mode"},
		{"bridge task definition without a network", noNetwork("EC2"), ec2, ""},
	}
	for _, tt := range tests {
		got := strings.Join(call(t, syncRunTask, tt.params).Problems(tt.env), "\n")
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: problems %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRunTaskNetworkPath: a RunTask whose network is read from the input
// writes NetworkConfiguration.$ alone, and its requests are those of the
// same task with a written network: IAM does not read the network.
func TestRunTaskNetworkPath(t *testing.T) {
	written := RunTask{Cluster: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/nightly", TaskDefinition: "nightly",
		LaunchType: "FARGATE", Subnets: []string{"subnet-0abc"}, PropagateTags: true}
	fromInput := written
	fromInput.Subnets, fromInput.NetworkPath = nil, "$.network"
	p := fromInput.Parameters()
	if p["NetworkConfiguration.$"] != "$.network" || p["NetworkConfiguration"] != nil {
		t.Errorf("parameters %v, want NetworkConfiguration.$ $.network alone", p)
	}
	if got := written.Parameters()["NetworkConfiguration"]; !reflect.DeepEqual(got, map[string]any{"AwsvpcConfiguration": map[string]any{
		"Subnets": []string{"subnet-0abc"}, "AssignPublicIp": "DISABLED"}}) {
		t.Errorf("written NetworkConfiguration = %v", got)
	}
	a := call(t, syncRunTask, written.Parameters()).Requests(nightlyEnv())
	b := call(t, syncRunTask, p).Requests(nightlyEnv())
	if !reflect.DeepEqual(a, b) {
		t.Errorf("requests with the network from the input:\n%+v\nwant those of the written network:\n%+v", b, a)
	}
}
