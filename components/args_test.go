package components

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TestJSONKeysAreLowerCamelCase walks every Args type: each field has a
// lowerCamelCase json key, the config key path errors name.
func TestJSONKeysAreLowerCamelCase(t *testing.T) {
	key := regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if !f.IsExported() {
				continue // not config: encoding/json never sees it
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" && f.Type.Implements(reflect.TypeFor[pulumi.Input]()) && strings.HasSuffix(f.Name, "Input") {
				continue // a pulumi Input for a program, beside its config key
			}
			if !key.MatchString(name) {
				t.Errorf("%s.%s has json key %q, want lowerCamelCase", typ.Name(), f.Name, name)
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeOf(PipelineArgs{}))
	if len(seen) < 8 {
		t.Errorf("walked %d struct types, want every Args type", len(seen))
	}
}

// TestConfigObjectLoads decodes a config object as the program receives it.
func TestConfigObjectLoads(t *testing.T) {
	config := `{
		"name": "nightly",
		"schedule": {"expression": "cron(0 5 * * ? *)", "timezone": "Asia/Tokyo", "enabled": false, "deadLetterQueue": true},
		"parallelJobs": [
			{"name": "build", "timeoutSeconds": 900, "maxAttempts": 0, "codebuild": {"buildspec": "version: 0.2", "environment": {"STAGE": "prod"}}},
			{"name": "task", "ecs": {"image": "repo/app:1", "cpu": 1024, "memory": 2048, "command": ["run"],
				"secrets": {"PW": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/pw"}}},
			{"name": "legacy", "ecs": {"existing": {"family": "legacy", "executionRoleArn": "arn:aws:iam::123456789012:role/e", "taskRoleArn": "arn:aws:iam::123456789012:role/t"}}}
		],
		"finalJob": {"name": "final", "codebuild": {"projectName": "final-project"}},
		"network": {"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"], "assignPublicIp": true},
		"clusterName": "shared",
		"alerts": {"email": "ops@example.com"},
		"logging": {"level": "ALL", "includeExecutionData": true, "retentionDays": 90},
		"tags": {"team": "data"}
	}`
	a, err := DecodePipelineArgs([]byte(config))
	if err != nil {
		t.Fatalf("DecodePipelineArgs: %v", err)
	}
	if err := a.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if *a.Schedule.Enabled || !a.Schedule.DeadLetterQueue || *a.ParallelJobs[0].MaxAttempts != 0 ||
		a.ParallelJobs[1].ECS.CPU != 1024 || a.ParallelJobs[2].ECS.Existing.Family != "legacy" ||
		a.FinalJob.CodeBuild.ProjectName != "final-project" || !a.Network.AssignPublicIP ||
		a.Logging.RetentionDays != 90 || a.Tags["team"] != "data" || a.ClusterName != "shared" {
		t.Errorf("decoded %+v", a)
	}
	if _, err := DecodePipelineArgs([]byte(`{"name": "x", "parallelJobs": [{"name": "t", "ecs": {"cpus": 512}}]}`)); err == nil ||
		!strings.Contains(err.Error(), `unknown field "cpus"`) {
		t.Errorf("a misspelt key decoded: %v", err)
	}
	if _, err := DecodePipelineArgs([]byte(`{"name": "x"} {}`)); err == nil {
		t.Error("trailing data decoded")
	}
}

// TestSeedRoundTrips checks that the seed survives JSON, as the program's
// config would carry it.
func TestSeedRoundTrips(t *testing.T) {
	seed := SeedPipelineArgs()
	data, err := json.Marshal(seed)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodePipelineArgs(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, seed) {
		t.Errorf("round trip changed the seed:\n got %+v\nwant %+v", back, seed)
	}
}
