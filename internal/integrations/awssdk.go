package integrations

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"batchpipeline/internal/integrations/reference"
	"batchpipeline/internal/partial"
)

// awsSDKPage is Step Functions' page on AWS SDK integrations:
// arn:aws:states:::aws-sdk:serviceName:apiAction[.waitForTaskToken], the
// API action in camel case; "Step Functions can't autogenerate IAM
// policies for AWS SDK integrations" (docs/research/aws-sdk-integrations.md).
const awsSDKPage = "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html"

// awsSDK is every AWS SDK integration the optimized ones of the registry
// (aws-sdk:ecs:runTask) do not cover: a call of API apiAction of the
// service the SDK names serviceName, request-response or
// .waitForTaskToken (AWS SDK integrations have no .sync,
// https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html).
//
// What IAM authorizes it by comes from AWS's data, vendored in package
// reference, never from a hand list of services:
//   - the IAM prefix of serviceName (reference.SDKServicePrefix: sfn is
//     states, cloudwatchlogs logs, eventbridge events);
//   - the IAM action: the API action with its first letter upper-cased,
//     when the service authorization reference has that action (96% of
//     the APIs), else an exception of sdkActions, each from the service's
//     API reference; an API with neither is not judged (Survey names it);
//   - the resource: "*" for an action that takes no resource type; else,
//     per required resource type, its ARN format with the caller's
//     partition, region and account and every other placeholder a part
//     not known (the model does not map parameters to ARN placeholders:
//     AWS's data does not say which parameter fills which). So a role
//     without any statement for the action is denied, one with a
//     statement on "*" or on every resource of the type allowed, and one
//     with a statement on some resources undecided. An action whose types
//     are all optional authorizes against one of them, which the model
//     cannot tell: any resource.
//
// Within one account most services' resources may have a resource-based
// policy that allows what the role's identity policies do not
// (docs/research/resource-policies.md); a gap is then undecided unless
// the service is one AWS documents without resource-based policies
// (noResourcePolicies).
//
// Peers: the CDK's CallAwsService maps 7 SDK names to their IAM prefix and
// otherwise emits the SDK name (eventbridge:, cognitoidentityprovider:,
// emrserverless:, which IAM does not know), never translates an action
// name unless told (iamAction), and takes the resources from the user;
// serverless-step-functions grants about 20 hand-listed calls and nothing
// for the others; terraform-aws-modules has no AWS SDK support
// (docs/research/aws-sdk-integrations.md, section 4). The model takes
// every name from AWS's data instead.
var awsSDK = &Integration{
	Service:  "aws-sdk",
	Action:   "*",
	Patterns: []Pattern{RequestResponse, WaitForTaskToken},
	Page:     awsSDKPage,
	// The services of the Examples' requests.
	IAMServices: []string{"s3", "states", "logs", "sqs", "sts"},
	Examples: []Example{
		{"an action of its own name", TaskState{Resource: "arn:aws:states:::aws-sdk:s3:getObject",
			Parameters: map[string]any{"Bucket": "reports", "Key": "latest.csv"}}},
		{"an action named otherwise", TaskState{Resource: "arn:aws:states:::aws-sdk:s3:listObjectsV2",
			Parameters: map[string]any{"Bucket": "reports"}}},
		{"a service whose IAM prefix differs, callback", TaskState{Resource: "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess.waitForTaskToken",
			Parameters: map[string]any{"TaskToken.$": "$.token", "Output": "{}"}}},
		{"an action without resource type", TaskState{Resource: "arn:aws:states:::aws-sdk:cloudwatchlogs:describeLogGroups"}},
		{"a batch API", TaskState{Resource: "arn:aws:states:::aws-sdk:sqs:sendMessageBatch",
			Parameters: map[string]any{"QueueUrl": "https://sqs.ap-northeast-1.amazonaws.com/123456789012/jobs", "Entries": []any{}}}},
	},
	requests: awsSDKRequests,
	accepts:  awsSDKAccepts,
}

// sdkActions are the APIs whose IAM action is not their name, from each
// service's API reference: "To use this operation, you must have ... the
// s3:ListBucket action" (ListObjectsV2, ListObjects, HeadBucket), "you
// must have the s3:GetObject permission" (HeadObject), s3:ListAllMyBuckets
// (ListBuckets) (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html);
// lambda:InvokeFunction for Invoke
// (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html); the
// SQS batch APIs are authorized by the action of one message
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html).
// Keyed by "serviceName:apiAction" as a Resource writes it.
var sdkActions = map[string]string{
	"s3:listObjectsV2":                 "s3:ListBucket",
	"s3:listObjects":                   "s3:ListBucket",
	"s3:headBucket":                    "s3:ListBucket",
	"s3:headObject":                    "s3:GetObject",
	"s3:listBuckets":                   "s3:ListAllMyBuckets",
	"lambda:invoke":                    "lambda:InvokeFunction",
	"sqs:sendMessageBatch":             "sqs:SendMessage",
	"sqs:deleteMessageBatch":           "sqs:DeleteMessage",
	"sqs:changeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
}

// noResourcePolicies are the IAM prefixes of services whose resources
// have no resource-based policy ("AWS services that work with IAM",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html;
// docs/research/resource-policies.md, section 2): a gap of the
// role's identity policies is certain there.
var noResourcePolicies = map[string]bool{"states": true, "ecs": true, "batch": true}

// camelAction is an API action as a Resource writes it.
var camelAction = regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)

// awsSDKAccepts says why the model cannot judge an AWS SDK Resource, ""
// when it can.
func awsSDKAccepts(p ResourceParts) string {
	sdk, ok := strings.CutPrefix(p.Service, "aws-sdk:")
	if !ok {
		return "not an AWS SDK integration"
	}
	if _, ok := reference.SDKServicePrefix(sdk); !ok {
		return "the run-time model does not know the IAM prefix of the AWS SDK service " + sdk
	}
	if !camelAction.MatchString(p.Action) {
		return "the API action " + p.Action + " is not written in camel case, as AWS SDK integrations name it"
	}
	if _, ok := sdkIAMAction(sdk, p.Action); !ok {
		return "the IAM action of " + sdk + ":" + p.Action + " is not its name, and the run-time model does not know it"
	}
	return ""
}

// sdkIAMAction returns the IAM action of an API of an SDK service, with
// its data in the service authorization reference.
func sdkIAMAction(sdk, api string) (reference.ActionInfo, bool) {
	if action, ok := sdkActions[sdk+":"+api]; ok {
		return reference.Action(action)
	}
	prefix, ok := reference.SDKServicePrefix(sdk)
	if !ok {
		return reference.ActionInfo{}, false
	}
	r, size := utf8.DecodeRuneInString(api)
	return reference.Action(prefix + ":" + string(unicode.ToUpper(r)) + api[size:])
}

// awsSDKRequests is what an AWS SDK call needs: its IAM action on the
// resources of the action's required types (or any resource).
func awsSDKRequests(c Call, env Env) []Request {
	p, _ := ParseTaskResource(c.Resource)
	sdk := strings.TrimPrefix(p.Service, "aws-sdk:")
	info, _ := sdkIAMAction(sdk, p.Action)
	action := info.Service + ":" + info.Name
	base := Request{
		Kind:   CallRequest,
		Action: action,
		Why:    "Step Functions calls the " + sdk + " API " + p.Action + ", which IAM authorizes as " + action,
		Page:   awsSDKPage,
		Grant:  Grant{Sid: "SDKCalls"},
	}
	if !noResourcePolicies[info.Service] && len(info.ResourceTypes) > 0 {
		// A request on "*" acts on no resource, which no resource-based
		// policy can allow.
		base.ResourcePolicy = "the resource-based policy of the " + sdk + " resource"
	}
	passed := sdkRolesPassed(c, env, sdk, p.Action)
	var required []reference.ResourceType
	for _, rt := range info.ResourceTypes {
		if rt.Required {
			required = append(required, rt)
		}
	}
	switch {
	case len(info.ResourceTypes) == 0:
		base.Resource, base.Grant.Resource = "*", "*"
		return append([]Request{base}, passed...)
	case len(required) == 0:
		base.Resource = partial.Hole{Label: "RESOURCE", Class: partial.Any,
			Why: "the action authorizes against one of several resource types, which the model does not tell from the parameters"}.String()
		return append([]Request{base}, passed...)
	}
	reqs := make([]Request, 0, len(required))
	for _, rt := range required {
		r := base
		why := "the model does not map " + sdk + "'s parameters to the " + rt.Name + " ARN"
		r.Resource = arnOfFormat(rt.ARNFormats[0], env.Account().Anywhere(why), why)
		reqs = append(reqs, r)
	}
	return append(reqs, passed...)
}

// placeholder matches a ${...} placeholder of an ARN format.
var placeholder = regexp.MustCompile(`\$\{[^}]*\}`)

// arnOfFormat fills an ARN format of the service authorization reference:
// ${Partition}, ${Region} and ${Account} with acct's (each known in part),
// any other placeholder with a part not known, labelled by its name
// (${QueueName} as QUEUE_NAME).
func arnOfFormat(format string, acct Account, why string) string {
	acct = acct.WithPartition()
	return placeholder.ReplaceAllStringFunc(format, func(ph string) string {
		switch name := ph[2 : len(ph)-1]; name {
		case "Partition":
			return acct.Partition
		case "Region":
			return acct.Region
		case "Account":
			return acct.ID
		default:
			return partial.Hole{Label: upperSnake(name), Class: partial.Any, Why: why}.String()
		}
	})
}

// upperSnake turns QueueName into QUEUE_NAME.
func upperSnake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) && !unicode.IsUpper(rune(s[i-1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}
