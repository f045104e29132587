package integrations

import (
	"testing"

	"batchpipeline/internal/iam"
)

func TestARNBuilders(t *testing.T) {
	a := testAccount
	tests := []struct{ got, want string }{
		{a.RoleARN("/", "job"), "arn:aws:iam::123456789012:role/job"},
		{a.RoleARN("/svc/", "job"), "arn:aws:iam::123456789012:role/svc/job"},
		{a.RoleARN("svc", "job"), "arn:aws:iam::123456789012:role/svc/job"},
		{a.RoleARN("", "job"), "arn:aws:iam::123456789012:role/job"},
		{a.ManagedPolicyARN("service-role", "X"), "arn:aws:iam::aws:policy/service-role/X"},
		{a.ClusterARN("batch"), "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch"},
		{a.TaskDefinitionFamilyARN("nightly"), "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly:*"},
		{a.TaskDefinitionARN("nightly", 7), "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly:7"},
		{a.TaskARN("batch", "abc"), "arn:aws:ecs:ap-northeast-1:123456789012:task/batch/abc"},
		{a.ClusterTasksPattern("batch"), "arn:aws:ecs:ap-northeast-1:123456789012:task/batch/*"},
		{a.ProjectARN("build"), "arn:aws:codebuild:ap-northeast-1:123456789012:project/build"},
		{a.EventsRuleARN(ECSEventsRule), "arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule"},
		{a.StateMachineARN("pipeline"), "arn:aws:states:ap-northeast-1:123456789012:stateMachine:pipeline"},
		{a.QueueARN("dlq"), "arn:aws:sqs:ap-northeast-1:123456789012:dlq"},
		{a.TopicARN("alerts"), "arn:aws:sns:ap-northeast-1:123456789012:alerts"},
		{a.LogGroupARN("/aws/states/pipeline"), "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/states/pipeline"},
		{Account{Region: "us-east-1", ID: "1"}.ClusterARN("c"), "arn:aws:ecs:us-east-1:1:cluster/c"},
		{Account{Partition: "aws-cn", Region: "cn-north-1", ID: "1"}.RoleARN("/", "r"), "arn:aws-cn:iam::1:role/r"},
		{ExecutionRolePolicyARN(Account{Partition: "aws-us-gov"}), "arn:aws-us-gov:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestTaskDefinitionFamilyARNCoversRevisions(t *testing.T) {
	a := testAccount
	pattern := a.TaskDefinitionFamilyARN("nightly")
	for _, tt := range []struct {
		arn  string
		want bool
	}{
		{a.TaskDefinitionARN("nightly", 1), true},
		{a.TaskDefinitionARN("nightly", 42), true},
		{a.TaskDefinitionARN("nightly-other", 1), false},
		{a.TaskDefinitionARN("nightl", 1), false},
	} {
		if got := iam.MatchResource(pattern, tt.arn); got != tt.want {
			t.Errorf("MatchResource(%q, %q) = %v, want %v", pattern, tt.arn, got, tt.want)
		}
	}
}

func TestARNParsers(t *testing.T) {
	for in, want := range map[string][2]string{
		"arn:aws:ecs:r:1:task-definition/f:3": {"f", "3"},
		"arn:aws:ecs:r:1:task-definition/f":   {"f", ""},
		"arn:aws:ecs:r:1:cluster/f":           {"", ""},
	} {
		f, r, _ := TaskDefinitionFromARN(in)
		if f != want[0] || r != want[1] {
			t.Errorf("TaskDefinitionFromARN(%q) = %q %q", in, f, r)
		}
	}
	if n, ok := ClusterFromARN("arn:aws:ecs:r:1:cluster/batch"); !ok || n != "batch" {
		t.Errorf("ClusterFromARN = %q", n)
	}
	if n, ok := ProjectFromARN("arn:aws:codebuild:r:1:project/p"); !ok || n != "p" {
		t.Errorf("ProjectFromARN = %q", n)
	}
	if n, ok := StateMachineFromARN("arn:aws:states:r:1:stateMachine:m"); !ok || n != "m" {
		t.Errorf("StateMachineFromARN = %q", n)
	}
	if _, ok := StateMachineFromARN("arn:aws:states:r:1:execution:m:e"); ok {
		t.Error("StateMachineFromARN accepted an execution ARN")
	}
}

func TestSecretReference(t *testing.T) {
	tests := []struct {
		in, service, resource string
		ok                    bool
	}{
		{"arn:aws:secretsmanager:r:123456789012:secret:db-AbCdEf", "secretsmanager", "arn:aws:secretsmanager:r:123456789012:secret:db-AbCdEf", true},
		{"arn:aws:secretsmanager:r:123456789012:secret:db-AbCdEf:password::", "secretsmanager", "arn:aws:secretsmanager:r:123456789012:secret:db-AbCdEf", true},
		{"arn:aws:ssm:r:123456789012:parameter/app/key", "ssm", "arn:aws:ssm:r:123456789012:parameter/app/key", true},
		{"arn:aws:ssm:r:123456789012:parameter/", "", "", false},
		{"arn:aws:s3:::bucket/key", "", "", false},
		{"plain", "", "", false},
	}
	for _, tt := range tests {
		s, r, ok := SecretReference(tt.in)
		if s != tt.service || r != tt.resource || ok != tt.ok {
			t.Errorf("SecretReference(%q) = %q %q %v", tt.in, s, r, ok)
		}
	}
}
