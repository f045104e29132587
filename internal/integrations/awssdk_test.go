package integrations

import (
	"reflect"
	"strings"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

// TestAWSSDKRequests: an AWS SDK Task state is authorized by the IAM
// action of its API in the service's IAM prefix, on the resources of the
// action's required types, as AWS's data says; literal expectations from
// the service authorization reference (list_awsstepfunctions.html:
// SendTaskSuccess takes no resource; list_amazonsqs.html: SendMessage
// requires a queue; list_amazondynamodb.html: PutItem requires a table)
// and the services' API references (S3 ListObjectsV2 "must have
// permission to perform the s3:ListBucket action"; Lambda Invoke is
// lambda:InvokeFunction).
func TestAWSSDKRequests(t *testing.T) {
	type want struct{ action, resource string }
	tests := []struct {
		resource       string
		want           []want
		resourcePolicy bool
	}{
		{"arn:aws:states:::aws-sdk:sfn:sendTaskSuccess", []want{{"states:SendTaskSuccess", "*"}}, false},
		{"arn:aws:states:::aws-sdk:sfn:startExecution", []want{{"states:StartExecution",
			"arn:aws:states:REGION:ACCOUNT_ID:stateMachine:STATE_MACHINE_NAME"}}, false},
		{"arn:aws:states:::aws-sdk:cloudwatchlogs:describeLogGroups", []want{{"logs:DescribeLogGroups", "*"}}, false},
		{"arn:aws:states:::aws-sdk:sqs:sendMessageBatch", []want{{"sqs:SendMessage", "arn:aws:sqs:REGION:ACCOUNT_ID:QUEUE_NAME"}}, true},
		{"arn:aws:states:::aws-sdk:dynamodb:putItem", []want{{"dynamodb:PutItem", "arn:aws:dynamodb:REGION:ACCOUNT_ID:table/TABLE_NAME"}}, true},
		{"arn:aws:states:::aws-sdk:s3:listObjectsV2", []want{{"s3:ListBucket", "RESOURCE"}}, true},
		{"arn:aws:states:::aws-sdk:lambda:invoke.waitForTaskToken", []want{{"lambda:InvokeFunction",
			"arn:aws:lambda:REGION:ACCOUNT_ID:function:FUNCTION_NAME"}}, true},
		{"arn:aws-cn:states:::aws-sdk:eventbridge:putEvents", []want{{"events:PutEvents", "RESOURCE"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			c, ok := Read(TaskState{Resource: tt.resource})
			if !ok || c.Integration != awsSDK {
				t.Fatalf("Read(%q) = %v, %v; want the AWS SDK integration", tt.resource, c.Integration, ok)
			}
			var got []want
			for _, r := range c.Requests(nightlyEnv()) {
				got = append(got, want{r.Action, partial.Display(r.Resource)})
				if (r.ResourcePolicy != "") != tt.resourcePolicy {
					t.Errorf("%s: ResourcePolicy %q, want set: %v", r.Action, r.ResourcePolicy, tt.resourcePolicy)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("requests %v, want %v", got, tt.want)
			}
		})
	}
}

// TestAWSSDKNotJudged: what the model cannot map is not read, and Survey
// says why: a service whose IAM prefix it does not know, an API whose IAM
// action is not its name and not in its exceptions (S3's CopyObject needs
// s3:GetObject and s3:PutObject), a .sync (AWS SDK integrations have
// none), an action not in camel case.
func TestAWSSDKNotJudged(t *testing.T) {
	for resource, why := range map[string]string{
		"arn:aws:states:::aws-sdk:nosuch:doThing":    "the run-time model does not know the IAM prefix of the AWS SDK service nosuch",
		"arn:aws:states:::aws-sdk:s3:copyObject":     "the IAM action of s3:copyObject is not its name, and the run-time model does not know it",
		"arn:aws:states:::aws-sdk:s3:getObject.sync": "the run-time model knows aws-sdk:* only with the patterns request-response, .waitForTaskToken",
		"arn:aws:states:::aws-sdk:s3:GetObject":      "the API action GetObject is not written in camel case, as AWS SDK integrations name it",
		"arn:aws:states:::aws-sdk:ecs:runTask.sync":  "the run-time model knows aws-sdk:ecs:runTask only with the patterns request-response, .waitForTaskToken",
	} {
		if _, ok := Read(TaskState{Resource: resource}); ok {
			t.Errorf("Read(%q) reads it", resource)
		}
		if _, _, got := lookup(resource); got != why {
			t.Errorf("lookup(%q): %q, want %q", resource, got, why)
		}
	}
}

// TestAWSSDKDecisions: what AWS's data settles is decided: a role with no
// statement for the action is denied; one with the action on "*", or on
// every resource of the type, allowed; one on a single queue undecided,
// since the model does not know which queue the parameters name.
func TestAWSSDKDecisions(t *testing.T) {
	c, _ := Read(TaskState{Resource: "arn:aws:states:::aws-sdk:sqs:sendMessageBatch"})
	r := c.Requests(nightlyEnv())[0]
	for resource, want := range map[string]string{
		"":                        "denied",
		"*":                       "allowed",
		"arn:aws:sqs:*:*:*":       "allowed",
		testAccount.QueueARN("q"): "undecided",
	} {
		var docs []iam.Document
		if resource != "" {
			docs = []iam.Document{{Statement: []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"sqs:SendMessage"}, Resource: iam.Strings{resource}}}}}
		}
		res := iam.Evaluate(request(r), docs, nil)
		got := "denied"
		switch {
		case len(res.Uncertain) > 0:
			got = "undecided"
		case res.Decision == iam.Allowed:
			got = "allowed"
		}
		if got != want {
			t.Errorf("a statement on %q: %s, want %s", resource, got, want)
		}
	}
}

// TestAWSSDKRolesPassed: an AWS SDK call that names a role asks
// iam:PassRole on it. For the APIs whose service's AWS managed policy
// says towards which service (scheduler:createSchedule's Target.RoleArn
// to scheduler.amazonaws.com, AmazonEventBridgeSchedulerFullAccess; a
// schedule created without the right to pass it fails,
// serverless-step-functions #606) it is certain, with that
// iam:PassedToService (sfn:createStateMachine's: AWS says the role is
// passed, not towards which service, so the value is not known); a
// RoleArn field of another API is unsure, since
// AWS's data does not say which APIs pass a role or towards which
// service. Expected values are literals.
func TestAWSSDKRolesPassed(t *testing.T) {
	tests := []struct {
		name     string
		resource string
		params   map[string]any
		want     []string
	}{
		{"a schedule's role", "arn:aws:states:::aws-sdk:scheduler:createSchedule", map[string]any{
			"Name": "x", "FlexibleTimeWindow": map[string]any{"Mode": "OFF"}, "ScheduleExpression": "rate(1 day)",
			"Target": map[string]any{"Arn": "arn:aws:sqs:ap-northeast-1:123456789012:q", "RoleArn": "arn:aws:iam::123456789012:role/sched"}},
			[]string{"scheduler:CreateSchedule arn:aws:scheduler:REGION:ACCOUNT_ID:schedule/GROUP_NAME/SCHEDULE_NAME",
				"iam:PassRole arn:aws:iam::123456789012:role/sched to scheduler.amazonaws.com"}},
		{"a schedule's role chosen at run time", "arn:aws:states:::aws-sdk:scheduler:updateSchedule",
			map[string]any{"Target": map[string]any{"RoleArn.$": "$.role"}},
			[]string{"scheduler:UpdateSchedule arn:aws:scheduler:REGION:ACCOUNT_ID:schedule/GROUP_NAME/SCHEDULE_NAME",
				"iam:PassRole arn:aws:iam::ACCOUNT_ID:role/ROLE to scheduler.amazonaws.com"}},
		{"a state machine's role", "arn:aws:states:::aws-sdk:sfn:createStateMachine",
			map[string]any{"Name": "child", "Definition": "{}", "RoleArn": "arn:aws:iam::123456789012:role/child"},
			[]string{"states:CreateStateMachine arn:aws:states:REGION:ACCOUNT_ID:stateMachine:STATE_MACHINE_NAME",
				"iam:PassRole arn:aws:iam::123456789012:role/child to SERVICE"}},
		{"another API's RoleArn", "arn:aws:states:::aws-sdk:sagemaker:createPipeline",
			map[string]any{"PipelineName": "p", "RoleArn": "arn:aws:iam::123456789012:role/pipe"},
			[]string{"sagemaker:CreatePipeline arn:aws:sagemaker:REGION:ACCOUNT_ID:pipeline/PIPELINE_NAME",
				"iam:PassRole? arn:aws:iam::123456789012:role/pipe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describeRequests(call(t, tt.resource, tt.params).Requests(nightlyEnv())); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("requests\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestSDKPassedRolesAreKnownAPIs: every API of sdkPassedRoles
// (awssdk_roles.go) is an AWS SDK API whose IAM action the vendored
// reference has, and passes its role to a service principal, cited by an
// AWS page.
func TestSDKPassedRolesAreKnownAPIs(t *testing.T) {
	for api, roles := range sdkPassedRoles {
		sdk, name, _ := strings.Cut(api, ":")
		if _, ok := sdkIAMAction(sdk, name); !ok {
			t.Errorf("awssdk_roles.go: %s is no AWS SDK API the reference knows", api)
		}
		for _, r := range roles {
			if (r.service != "" && !strings.HasSuffix(r.service, ".amazonaws.com")) || !strings.HasPrefix(r.page, "https://docs.aws.amazon.com/") || r.path == "" {
				t.Errorf("awssdk_roles.go: %s: %+v needs a parameter, a service principal and the AWS page that says so", api, r)
			}
		}
	}
}
