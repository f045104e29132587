package integrations

import (
	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// snsIAMPage is the policy of a state that publishes to SNS:
// sns:Publish on the topic written in the definition, "Resource": "*"
// when the state chooses it at run time.
const snsIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/sns-iam.html"

// snsPublish is the optimized integration sns:publish, request-response
// and .waitForTaskToken
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html).
//
// A topic's access policy can allow a role of its own account what the
// role's identity policies do not (ResourcePolicy). An SSE-KMS topic also
// needs kms:GenerateDataKey* and kms:Decrypt on its key, which AWS's page
// for the integration does not list; the model does not read topics'
// keys yet. AWS's pages name no error of the integration worth a retry.
//
// Peers: the CDK's SnsPublish and serverless-step-functions grant
// sns:Publish on the topic, as AWS does; terraform-aws-modules/step-functions
// grants it on what the user lists. None checks an encrypted topic's key.
var snsPublish = &Integration{
	Service:     "sns",
	Action:      "publish",
	Patterns:    []Pattern{RequestResponse, WaitForTaskToken},
	Page:        snsIAMPage,
	IAMServices: []string{"sns", "sts"},
	Examples: []Example{
		{"a topic", TaskState{Resource: "arn:aws:states:::sns:publish",
			Parameters: map[string]any{"TopicArn": "arn:aws:sns:ap-northeast-1:123456789012:alerts", "Message.$": "$"}}},
		{"a topic, callback", TaskState{Resource: "arn:aws:states:::sns:publish.waitForTaskToken",
			Parameters: map[string]any{"TopicArn": "arn:aws:sns:ap-northeast-1:123456789012:alerts",
				"Message": map[string]any{"TaskToken.$": "$$.Task.Token"}}}},
		{"chosen at run time", TaskState{Resource: "arn:aws:states:::sns:publish", Parameters: map[string]any{"TopicArn.$": "$.topic"}}},
		{"a phone number", TaskState{Resource: "arn:aws:states:::sns:publish", Parameters: map[string]any{"PhoneNumber": "+15555550100"}}},
	},
	requests: publishRequests,
}

// publishRequests is sns:Publish on the topic (snsIAMPage). A message
// sent to a platform endpoint (TargetArn) or a phone number
// (PhoneNumber) names no topic: AWS's template then grants "*" and no
// page says which resource such a publish is authorized against, so the
// request is on an SNS resource not known, and unsure.
func publishRequests(c Call, env Env) []Request {
	acct := env.Account()
	topic := c.arnParam(acct, "TopicArn", "TOPIC", false, Account.TopicARN, func(s string) bool {
		a, ok := arn.Parse(s)
		return ok && a.Service == "sns"
	})
	unsure := ""
	if !c.Param("TopicArn").Set && (c.Param("TargetArn").Set || c.Param("PhoneNumber").Set) {
		const why = "the state publishes to an endpoint or a phone number, not a topic"
		topic = acct.ARN("sns", partial.Hole{Label: "RESOURCE", Class: partial.Any, Why: why}.String())
		unsure = "AWS does not document which resource a publish to an endpoint or a phone number is authorized against"
	}
	r := Request{
		Unsure:         unsure,
		Kind:           CallRequest,
		Action:         "sns:Publish",
		Resource:       topic,
		Why:            "Step Functions publishes the message with sns:Publish",
		Page:           snsIAMPage,
		ResourcePolicy: "the topic's access policy",
		Grant:          Grant{Sid: "PublishMessages"},
	}
	if partial.Known(topic) {
		r.Grant.Resource = topic
	}
	return []Request{r}
}
