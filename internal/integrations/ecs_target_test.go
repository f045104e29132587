package integrations

import (
	"slices"
	"strings"
	"testing"
)

// eventsTarget is an EventBridge rule target running the nightly task
// with params.
func eventsTarget(params map[string]any) ECSTarget {
	return ECSTarget{Caller: `EventTarget "nightly"`, Service: EventsService, Field: "ecsTarget", Params: params}
}

// schedulerTarget is an EventBridge Scheduler target running the nightly
// task with params.
func schedulerTarget(params map[string]any) ECSTarget {
	return ECSTarget{Caller: `Schedule "nightly"`, Service: SchedulerService, Field: "target.ecsParameters", Params: params}
}

// targetParams are the RunTask parameters of a Fargate target of the
// nightly task on cluster batch, tags propagated from the task definition.
func targetParams() map[string]any {
	return map[string]any{
		"Cluster": testAccount.ClusterARN("batch"), "TaskDefinition": testAccount.TaskDefinitionARN("nightly", 3),
		"LaunchType": "FARGATE", "PropagateTags": "TASK_DEFINITION",
		"NetworkConfiguration": map[string]any{"AwsvpcConfiguration": map[string]any{"Subnets": []any{"subnet-0abc"}}},
	}
}

// with returns params with key set to v (deleted when v is nil).
func with(params map[string]any, key string, v any) map[string]any {
	if v == nil {
		delete(params, key)
	} else {
		params[key] = v
	}
	return params
}

// TestECSTargetNeeds: a target's RunTask needs what a Task state's does,
// without what .sync adds, with the texts naming the target.
func TestECSTargetNeeds(t *testing.T) {
	a := testAccount
	env := nightlyEnv()
	env.tds[a.TaskDefinitionARN("nightly", 3)] = env.tds["nightly"]
	tests := []struct {
		name    string
		target  ECSTarget
		actions []string
		check   func(t *testing.T, needs []Request)
	}{
		{"events, tags propagated", eventsTarget(targetParams()),
			[]string{"ecs:RunTask", "iam:PassRole", "iam:PassRole", "ecs:TagResource"},
			func(t *testing.T, needs []Request) {
				run := find(needs, "ecs:RunTask")[0]
				if run.Resource != a.TaskDefinitionARN("nightly", 3) || run.Context["ecs:cluster"] != a.ClusterARN("batch") {
					t.Errorf("RunTask need %+v", run)
				}
				for _, p := range find(needs, "iam:PassRole") {
					if p.Context["iam:PassedToService"] != ECSTasksService || p.Resource == "" {
						t.Errorf("PassRole need %+v", p)
					}
				}
				tag := find(needs, "ecs:TagResource")[0]
				if tag.Resource != a.TaskARN("batch", sampleTaskID) || tag.Context["ecs:CreateAction"] != "RunTask" || tag.Unsure != "" {
					t.Errorf("TagResource need %+v", tag)
				}
			}},
		{"scheduler, no tags", schedulerTarget(with(targetParams(), "PropagateTags", nil)),
			[]string{"ecs:RunTask", "iam:PassRole", "iam:PassRole"}, nil},
		{"managed tags only: unsure", schedulerTarget(with(with(targetParams(), "PropagateTags", nil), "EnableECSManagedTags", true)),
			[]string{"ecs:RunTask", "iam:PassRole", "iam:PassRole", "ecs:TagResource"},
			func(t *testing.T, needs []Request) {
				if u := find(needs, "ecs:TagResource")[0].Unsure; !strings.Contains(u, "EnableECSManagedTags") {
					t.Errorf("managed tags only: Unsure %q", u)
				}
			}},
		{"cluster unknown at this preview", eventsTarget(with(with(targetParams(), "Cluster", nil), "Cluster.$", "")),
			[]string{"ecs:RunTask", "iam:PassRole", "iam:PassRole", "ecs:TagResource"},
			func(t *testing.T, needs []Request) {
				if u := whyOf(find(needs, "ecs:TagResource")[0].Resource); u != `the cluster of EventTarget "nightly" is not known at this preview` {
					t.Errorf("TagResource on a cluster not known because %q", u)
				}
			}},
		{"task definition unknown at this preview", eventsTarget(with(with(targetParams(), "TaskDefinition", nil), "TaskDefinition.$", "")),
			[]string{"ecs:RunTask", "iam:PassRole", "ecs:TagResource"},
			func(t *testing.T, needs []Request) {
				run := find(needs, "ecs:RunTask")[0]
				if !strings.HasPrefix(whyOf(run.Resource), `the task definition of EventTarget "nightly" is not known at this preview`) {
					t.Errorf("RunTask on a task definition not known because %q", whyOf(run.Resource))
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			needs := tt.target.Call().Requests(env)
			if got := actions(needs); !slices.Equal(got, tt.actions) {
				t.Fatalf("needs %q, want %q", got, tt.actions)
			}
			for _, n := range needs {
				if n.By != CallerRole {
					t.Errorf("%s checked against %v, want the target's own role", n.Action, n.By)
				}
			}
			if tt.check != nil {
				tt.check(t, needs)
			}
		})
	}
}

// TestECSTargetProblems: a Fargate or awsvpc target without a network
// configuration fails every run, and the message names the Pulumi
// property to set.
func TestECSTargetProblems(t *testing.T) {
	env := nightlyEnv()
	env.tds[testAccount.TaskDefinitionARN("nightly", 3)] = env.tds["nightly"]
	for _, tt := range []struct {
		name   string
		target ECSTarget
		want   string
	}{
		{"with a network", eventsTarget(targetParams()), ""},
		{"Fargate without", eventsTarget(with(targetParams(), "NetworkConfiguration", nil)),
			"launchType FARGATE needs ecsTarget.networkConfiguration (subnets, securityGroups)"},
		{"awsvpc task definition without", schedulerTarget(with(with(targetParams(), "NetworkConfiguration", nil), "LaunchType", nil)),
			"uses the awsvpc network mode, so the task needs target.ecsParameters.networkConfiguration"},
	} {
		got := strings.Join(tt.target.Call().Problems(env), "\n")
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: problems %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestECSTargetPage: each target's needs are documented on its service's
// page.
func TestECSTargetPage(t *testing.T) {
	if p := eventsTarget(nil).Page(); !strings.Contains(p, "CWE_IAM_role") {
		t.Errorf("events target page %q", p)
	}
	if p := schedulerTarget(nil).Page(); !strings.Contains(p, "managing-targets-templated") {
		t.Errorf("scheduler target page %q", p)
	}
}
