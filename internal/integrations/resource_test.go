package integrations

import (
	"strings"
	"testing"
)

func TestTaskResource(t *testing.T) {
	tests := []struct {
		partition, service, action, pattern, want string
	}{
		{"aws", "ecs", "runTask", "sync", "arn:aws:states:::ecs:runTask.sync"},
		{"", "ecs", "runTask", "sync", "arn:aws:states:::ecs:runTask.sync"},
		{"aws-cn", "codebuild", "startBuild", "sync", "arn:aws-cn:states:::codebuild:startBuild.sync"},
		{"aws", "states", "startExecution", "sync:2", "arn:aws:states:::states:startExecution.sync:2"},
		{"aws", "lambda", "invoke", "", "arn:aws:states:::lambda:invoke"},
		{"aws", "sqs", "sendMessage", "waitForTaskToken", "arn:aws:states:::sqs:sendMessage.waitForTaskToken"},
	}
	for _, tt := range tests {
		if got := TaskResource(tt.partition, tt.service, tt.action, tt.pattern); got != tt.want {
			t.Errorf("TaskResource(%q, %q, %q, %q) = %q, want %q", tt.partition, tt.service, tt.action, tt.pattern, got, tt.want)
		}
	}
	if got := ECSRunTask().Resource("aws-us-gov", Sync); got != "arn:aws-us-gov:states:::ecs:runTask.sync" {
		t.Errorf("ECSRunTask().Resource = %q", got)
	}
	if got := CodeBuildStartBuild().Resource("aws", Sync); got != "arn:aws:states:::codebuild:startBuild.sync" {
		t.Errorf("CodeBuildStartBuild().Resource = %q", got)
	}
}

func TestParseTaskResource(t *testing.T) {
	tests := []struct {
		in   string
		want ResourceParts
		ok   bool
	}{
		{"arn:aws:states:::ecs:runTask.sync", ResourceParts{"ecs", "runTask", Sync}, true},
		{"arn:aws-cn:states:::ecs:runTask.sync", ResourceParts{"ecs", "runTask", Sync}, true},
		{"arn:aws-us-gov:states:::codebuild:startBuild.sync", ResourceParts{"codebuild", "startBuild", Sync}, true},
		{"arn:aws:states:::ecs:runTask", ResourceParts{"ecs", "runTask", ""}, true},
		{"arn:aws:states:::ecs:runTask.waitForTaskToken", ResourceParts{"ecs", "runTask", "waitForTaskToken"}, true},
		{"arn:aws:states:::states:startExecution.sync:2", ResourceParts{"states", "startExecution", "sync:2"}, true},
		{"arn:aws:states:::aws-sdk:s3:getObject", ResourceParts{"aws-sdk:s3", "getObject", ""}, true},
		{"arn:aws:states:::ecs:runTask.async", ResourceParts{}, false},
		{"arn:aws:states:::ecs:runTask.", ResourceParts{}, false},
		{"arn:aws:states:::ecs:", ResourceParts{}, false},
		{"arn:aws:states:::ecs", ResourceParts{}, false},
		{"arn:aws:states:::runTask.sync", ResourceParts{}, false},
		{"arn:aws:states::::runTask", ResourceParts{}, false},
		{"arn:aws:states:::a::b", ResourceParts{}, false},
		{"arn:aws:states:us-east-1:123456789012:activity:work", ResourceParts{}, false},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", ResourceParts{}, false},
		{"arn::states:::ecs:runTask.sync", ResourceParts{}, false},
		{"ecs:runTask.sync", ResourceParts{}, false},
		{"", ResourceParts{}, false},
		{":::::", ResourceParts{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseTaskResource(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseTaskResource(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok && strings.HasPrefix(tt.in, "arn:aws:") {
			if back := got.Resource("aws"); back != tt.in {
				t.Errorf("Resource of %+v = %q, want %q back", got, back, tt.in)
			}
		}
	}
}

func FuzzParseTaskResource(f *testing.F) {
	f.Add("arn:aws:states:::ecs:runTask.sync")
	f.Add("arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken")
	f.Add("arn:aws:states:::states:startExecution.sync:2")
	f.Fuzz(func(t *testing.T, s string) {
		in, ok := ParseTaskResource(s)
		if !ok {
			return
		}
		again, ok := ParseTaskResource(in.Resource("aws"))
		if !ok || again != in {
			t.Fatalf("%q parsed to %+v, whose resource %q parses to %+v, %v", s, in, in.Resource("aws"), again, ok)
		}
	})
}
