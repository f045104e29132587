package integrations

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		resource string
		want     string // integration name, "" when Read reports false
		pattern  Pattern
	}{
		{"arn:aws:states:::ecs:runTask.sync", "ecs:runTask", Sync},
		{"arn:aws:states:::ecs:runTask", "ecs:runTask", RequestResponse},
		{"arn:aws-cn:states:::ecs:runTask.waitForTaskToken", "ecs:runTask", WaitForTaskToken},
		{"arn:aws:states:::aws-sdk:ecs:runTask", "aws-sdk:ecs:runTask", RequestResponse},
		{"arn:aws:states:::aws-sdk:ecs:runTask.waitForTaskToken", "aws-sdk:ecs:runTask", WaitForTaskToken},
		{"arn:aws:states:::aws-sdk:ecs:runTask.sync", "", ""}, // no .sync for SDK integrations
		{"arn:aws:states:::codebuild:startBuild.sync", "codebuild:startBuild", Sync},
		{"arn:aws:states:::codebuild:startBuild", "codebuild:startBuild", RequestResponse},
		{"arn:aws:states:::codebuild:startBuild.waitForTaskToken", "", ""},
		{"arn:aws:states:::codebuild:startBuildBatch.sync", "codebuild:startBuildBatch", Sync},
		{"arn:aws:states:::lambda:invoke", "lambda:invoke", RequestResponse},
		{"arn:aws:states:::lambda:invoke.waitForTaskToken", "lambda:invoke", WaitForTaskToken},
		{"arn:aws:states:::lambda:invoke.sync", "", ""}, // "Not supported" (connect-lambda.html)
		{"arn:aws:states:::sns:publish", "sns:publish", RequestResponse},
		{"arn:aws:states:::sns:publish.sync", "", ""}, // request-response and callback only (connect-sns.html)
		{"arn:aws:states:::states:startExecution.sync:2", "states:startExecution", Sync2},
		{"arn:aws:states:::mediaconvert:createJob", "", ""},
		{"arn:aws:states:::activity:a", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		c, ok := Read(TaskState{Resource: tt.resource})
		got := ""
		if ok {
			got = c.Integration.Name()
		}
		if got != tt.want || (ok && c.Pattern != tt.pattern) {
			t.Errorf("Read(%q) = %q %q, %v; want %q %q", tt.resource, got, c.Pattern, ok, tt.want, tt.pattern)
		}
		if ok && c.Integration.Resource("aws", c.Pattern) != tt.resource && strings.HasPrefix(tt.resource, "arn:aws:") {
			t.Errorf("Resource of %s %q = %q, want %q back", got, c.Pattern, c.Integration.Resource("aws", c.Pattern), tt.resource)
		}
	}
	// Resources that are ARNs of what Step Functions runs: a function,
	// qualified or not, request-response (connect-lambda.html); an activity
	// (concepts-activities.html); not another service's.
	for resource, want := range map[string]string{
		"arn:aws:lambda:us-east-1:123456789012:function:f":      "lambda:invoke",
		"arn:aws:lambda:us-east-1:123456789012:function:f:live": "lambda:invoke",
		"arn:aws:states:us-east-1:123456789012:activity:f":      "activity",
		"arn:aws:states:us-east-1:123456789012:activity:":       "",
		"arn:aws:states:::activity:f":                           "",
		"arn:aws:states:us-east-1:123456789012:stateMachine:f":  "",
		"arn:aws:lambda:us-east-1:123456789012:layer:f":         "",
	} {
		c, ok := Read(TaskState{Resource: resource})
		got := ""
		if ok {
			got = c.Integration.Name()
		}
		if got != want || (ok && c.Pattern != RequestResponse) {
			t.Errorf("Read(%q) = %q %q; want %q, request-response", resource, got, c.Pattern, want)
		}
	}
}

func TestParam(t *testing.T) {
	params := map[string]any{
		"Cluster":        "batch",
		"TaskDefinition": map[string]any{"not": "a string"},
		"Overrides": map[string]any{
			"TaskRoleArn.$":    "$.role",
			"ExecutionRoleArn": "arn:aws:iam::123456789012:role/exec",
		},
		"Tags.$":               "$.tags",
		"EnableECSManagedTags": true,
		"Null":                 nil,
	}
	jsonata := map[string]any{
		"Cluster":   "{% $states.input.cluster %}",
		"Overrides": "{% $states.input.overrides %}",
		"Literal":   "batch",
		"Open":      "  {% unclosed",
	}
	tests := []struct {
		name    string
		jsonata bool
		params  any
		path    []string
		want    Value
	}{
		{"literal", false, params, []string{"Cluster"}, Value{Set: true, Literal: "batch", Raw: "batch"}},
		{"absent", false, params, []string{"LaunchType"}, Value{}},
		{"null is absent", false, params, []string{"Null"}, Value{}},
		{"not a string", false, params, []string{"TaskDefinition"}, Value{Set: true, Raw: map[string]any{"not": "a string"}}},
		{"JSONPath .$ key", false, params, []string{"Tags"}, Value{Set: true, Dynamic: true}},
		{"nested .$ key", false, params, []string{"Overrides", "TaskRoleArn"}, Value{Set: true, Dynamic: true}},
		{"nested literal", false, params, []string{"Overrides", "ExecutionRoleArn"},
			Value{Set: true, Literal: "arn:aws:iam::123456789012:role/exec", Raw: "arn:aws:iam::123456789012:role/exec"}},
		{"into a non-object", false, params, []string{"Cluster", "x"}, Value{}},
		{"bool", false, params, []string{"EnableECSManagedTags"}, Value{Set: true, Raw: true}},
		{"JSONata expression", true, jsonata, []string{"Cluster"}, Value{Set: true, Dynamic: true}},
		{"JSONata expression object", true, jsonata, []string{"Overrides", "TaskRoleArn"}, Value{Set: true, Dynamic: true}},
		{"JSONata literal", true, jsonata, []string{"Literal"}, Value{Set: true, Literal: "batch", Raw: "batch"}},
		{"JSONata unclosed expression is not a literal", true, jsonata, []string{"Open"}, Value{Set: true, Dynamic: true}},
		{"JSONata arguments as one expression", true, "{% $states.input %}", []string{"Cluster"}, Value{Set: true, Dynamic: true}},
		{"no parameters", false, nil, []string{"Cluster"}, Value{}},
		{"a .$ key under JSONata is a plain key", true, map[string]any{"Cluster.$": "$.c"}, []string{"Cluster"}, Value{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := Read(TaskState{Resource: "arn:aws:states:::ecs:runTask", JSONata: tt.jsonata, Parameters: tt.params})
			if !ok {
				t.Fatal("Read = false")
			}
			got := c.Param(tt.path...)
			if got.Set != tt.want.Set || got.Dynamic != tt.want.Dynamic || got.Literal != tt.want.Literal {
				t.Errorf("Param(%q) = %+v, want %+v", tt.path, got, tt.want)
			}
			_, static := got.Static()
			_, wantStatic := tt.want.Raw.(string)
			if static != (wantStatic && tt.want.Set && !tt.want.Dynamic) {
				t.Errorf("Static() = %v", static)
			}
		})
	}
}

func TestCredentials(t *testing.T) {
	role := "arn:aws:iam::123456789012:role/other"
	tests := []struct {
		name    string
		jsonata bool
		creds   any
		want    Value
	}{
		{"none", false, nil, Value{}},
		{"literal", false, map[string]any{"RoleArn": role}, Value{Set: true, Literal: role, Raw: role}},
		{"JSONPath", false, map[string]any{"RoleArn.$": "$.role"}, Value{Set: true, Dynamic: true}},
		{"JSONata", true, map[string]any{"RoleArn": "{% $role %}"}, Value{Set: true, Dynamic: true}},
	}
	for _, tt := range tests {
		c, _ := Read(TaskState{Resource: "arn:aws:states:::ecs:runTask", JSONata: tt.jsonata, Credentials: tt.creds})
		if got := c.Credentials; got.Set != tt.want.Set || got.Dynamic != tt.want.Dynamic || got.Literal != tt.want.Literal {
			t.Errorf("%s: Credentials = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// FuzzRead: Read and Param never panic, whatever the JSON values.
func FuzzRead(f *testing.F) {
	f.Add("arn:aws:states:::ecs:runTask.sync", "Overrides", "TaskRoleArn", true)
	f.Add("arn:aws:states:::codebuild:startBuild", "ProjectName.$", "", false)
	f.Fuzz(func(t *testing.T, resource, key, nested string, jsonata bool) {
		params := map[string]any{key: map[string]any{nested: "{% x %}", nested + ".$": 1.0}, nested: []any{nil, true}}
		c, ok := Read(TaskState{Resource: resource, JSONata: jsonata, Parameters: params, Credentials: params})
		if !ok {
			return
		}
		for _, p := range [][]string{{key}, {key, nested}, {nested}, {nested, key}} {
			v := c.Param(p...)
			if v.Dynamic && !v.Set {
				t.Fatalf("Param(%q) = %+v: dynamic but not set", p, v)
			}
			if s, ok := v.Static(); ok && s != v.Literal {
				t.Fatalf("Static() = %q, Literal %q", s, v.Literal)
			}
		}
		_ = c.Requests(nightlyEnv())
		_ = c.Problems(nightlyEnv())
	})
}
