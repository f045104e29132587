package program

import (
	"reflect"
	"strings"
	"testing"

	"batchpipeline/components"
)

// lookupOf serves config values from a map, as a stack would.
func lookupOf(values map[string]string) Lookup {
	return func(key string) (string, bool) {
		v, ok := values[key]
		return v, ok
	}
}

func TestLoadWithoutConfigGivesDefaults(t *testing.T) {
	got, err := Load(lookupOf(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !reflect.DeepEqual(got, Defaults()) {
		t.Fatalf("Load() = %+v, want Defaults()", got)
	}
}

func TestLoadMergesObjectsAndReplacesLists(t *testing.T) {
	got, err := Load(lookupOf(map[string]string{
		"schedule":     `{"enabled": false}`,
		"parallelJobs": `[{"name": "only", "codebuild": {"projectName": "existing"}}]`,
		"tags":         `{"Team": "data"}`,
		"clusterName":  "shared",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got.Schedule.Expression != Defaults().Schedule.Expression {
		t.Errorf("schedule.expression = %q, want the default kept", got.Schedule.Expression)
	}
	if got.Schedule.Enabled == nil || *got.Schedule.Enabled {
		t.Errorf("schedule.enabled = %v, want false", got.Schedule.Enabled)
	}
	want := []components.JobArgs{{Name: "only", CodeBuild: &components.CodeBuildJobArgs{ProjectName: "existing"}}}
	if !reflect.DeepEqual(got.ParallelJobs, want) {
		t.Errorf("parallelJobs = %+v, want %+v", got.ParallelJobs, want)
	}
	if !reflect.DeepEqual(got.Tags, map[string]string{"Team": "data"}) {
		t.Errorf("tags = %v, want only Team", got.Tags)
	}
	if got.ClusterName != "shared" {
		t.Errorf("clusterName = %q", got.ClusterName)
	}
}

func TestLoadRejectsValuesThatDoNotFit(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]string
		want   []string
	}{
		{
			name:   "misspelt field",
			values: map[string]string{"parallelJobs": `[{"name": "a", "ecs": {"cpus": 512}}]`},
			want:   []string{"batchpipeline:parallelJobs", `unknown field "cpus"`},
		},
		{
			name:   "wrong type",
			values: map[string]string{"finalJob": `{"name": "f", "ecs": {"cpu": "big"}}`},
			want:   []string{"batchpipeline:finalJob", "cpu"},
		},
		{
			name:   "not JSON",
			values: map[string]string{"schedule": `cron(0 5 * * ? *)`},
			want:   []string{"batchpipeline:schedule", "not valid for this key"},
		},
		{
			name:   "two values",
			values: map[string]string{"alerts": `{} {}`},
			want:   []string{"batchpipeline:alerts", "data after the value"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(lookupOf(tt.values))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoadNeverEchoesTheValue(t *testing.T) {
	const secretish = "hunter2-do-not-print"
	_, err := Load(lookupOf(map[string]string{"alerts": `{"email": "` + secretish + `", "bogus": 1}`}))
	if err == nil {
		t.Fatal("Load succeeded, want an error")
	}
	if strings.Contains(err.Error(), secretish) {
		t.Fatalf("error %q echoes the config value", err)
	}
}
