package stackmodel

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/packtest"
)

// testAcct is the account of the test stacks' ARNs.
var testAcct = integrations.Account{Partition: "aws", Region: "ap-northeast-1", ID: "123456789012"}

// TestTaskDefsNamed finds the task definitions a RunTask reference names:
// by ARN, family, family:revision.
func TestTaskDefsNamed(t *testing.T) {
	s := New(packtest.Stack(
		packtest.New(TypeTaskDefinition, "a").Set("family", packtest.Str("fam")).Set("revision", packtest.Num(3)).
			Set("arn", packtest.Str(testAcct.TaskDefinitionARN("fam", 3))),
		packtest.New(TypeTaskDefinition, "b").Set("family", packtest.Str("other")).Unknown("arn"),
	))
	for ref, want := range map[string]int{
		"fam": 1, "fam:3": 1, "fam:2": 0, testAcct.TaskDefinitionARN("fam", 3): 1,
		"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/fam": 1, "other:9": 1, "missing": 0,
		testAcct.ClusterARN("fam"): 0,
	} {
		if got := len(s.taskDefsNamed(ref)); got != want {
			t.Errorf("TaskDefsNamed(%q) found %d, want %d", ref, got, want)
		}
	}
}

// TestTaskDefinitionTags reads a task definition's tags from tags or
// tagsAll (the provider's default tags).
func TestTaskDefinitionTags(t *testing.T) {
	tag := packtest.Obj(map[string]property.Value{"k": packtest.Str("v")})
	empty := packtest.Obj(map[string]property.Value{})
	for _, tt := range []struct {
		name       string
		tags, all  property.Value
		want       integrations.Tri
		setAll     bool
		setTagsKey bool
	}{
		{name: "own tags", tags: tag, setTagsKey: true, want: integrations.Yes},
		{name: "default tags only", tags: empty, setTagsKey: true, all: tag, setAll: true, want: integrations.Yes},
		{name: "no tags", tags: empty, setTagsKey: true, all: empty, setAll: true, want: integrations.No},
		{name: "tagsAll unknown", tags: empty, setTagsKey: true, all: packtest.Unknown(), setAll: true, want: integrations.Maybe},
		{name: "nothing", want: integrations.No},
	} {
		r := packtest.New(TypeTaskDefinition, "td")
		if tt.setTagsKey {
			r.Set("tags", tt.tags)
		}
		if tt.setAll {
			r.Set("tagsAll", tt.all)
		}
		if got := newTaskDef(&Resource{AnalyzerResource: ptr(r.Build())}).Tagged; got != tt.want {
			t.Errorf("%s: tagged = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestExecutionRoleUse reads from containerDefinitions why ECS needs the
// execution role: a private ECR image or secrets, never quoting a secret
// definition, and says when the definitions cannot be read.
func TestExecutionRoleUse(t *testing.T) {
	ecr := `[{"name":"a","image":"busybox"},{"name":"b","image":"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/s3cr3t:1"}]`
	for _, tt := range []struct {
		name       string
		containers property.Value
		use        string // substring, "" for none
		known      bool
	}{
		{"public image", packtest.Str(`[{"name":"a","image":"busybox"}]`), "", true},
		{"private ECR image", packtest.Str(ecr), "dkr.ecr", true},
		{"secret definitions", packtest.Secret(packtest.Str(ecr)), "secret containerDefinitions", true},
		{"log secrets", packtest.Str(`[{"image":"x","logConfiguration":{"logDriver":"splunk","secretOptions":[{"name":"t"}]}}]`), "secrets", true},
		{"unknown", packtest.Unknown(), "", false},
		{"not JSON", packtest.Str(`[{`), "", false},
		{"not an array", packtest.Str(`{"image":"x"}`), "", false},
	} {
		td := newTaskDef(&Resource{AnalyzerResource: ptr(packtest.New(TypeTaskDefinition, "td").Set("containerDefinitions", tt.containers).Build())})
		use, known := td.ExecutionRoleUse()
		if known != tt.known || (tt.use == "") != (use == "") || !strings.Contains(use, tt.use) {
			t.Errorf("%s: use %q, known %v; want %q, %v", tt.name, use, known, tt.use, tt.known)
		}
		if tt.name == "secret definitions" && strings.Contains(use, "s3cr3t") {
			t.Errorf("the use quotes the secret definitions: %q", use)
		}
	}
}
