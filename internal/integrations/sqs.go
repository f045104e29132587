package integrations

import (
	"net/url"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// sqsIAMPage is the policy of a state that sends to SQS: sqs:SendMessage
// on the queue written in the definition, "Resource": "*" when the state
// chooses it at run time.
const sqsIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/sqs-iam.html"

// sqsSendMessage is the optimized integration sqs:sendMessage,
// request-response and .waitForTaskToken
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html).
//
// A queue's access policy can allow a role of its own account what the
// role's identity policies do not (ResourcePolicy). An SSE-KMS queue also
// needs kms:GenerateDataKey* and kms:Decrypt on its key, which AWS's page
// for the integration does not list; the model does not read queues'
// keys yet. AWS's pages name no error of the integration worth a retry.
//
// Peers: the CDK's SqsSendMessage grants sqs:SendMessage on the queue and
// the KMS actions on an encrypted queue's key (its v2.127.0 dropped
// sqs:SendMessage, aws/aws-cdk#29203, since fixed);
// serverless-step-functions derives the queue's ARN from QueueUrl, "*"
// when it is chosen at run time, as AWS does; terraform-aws-modules grants
// what the user lists.
var sqsSendMessage = &Integration{
	Service:     "sqs",
	Action:      "sendMessage",
	Patterns:    []Pattern{RequestResponse, WaitForTaskToken},
	Page:        sqsIAMPage,
	IAMServices: []string{"sqs", "sts"},
	Examples: []Example{
		{"a queue", TaskState{Resource: "arn:aws:states:::sqs:sendMessage",
			Parameters: map[string]any{"QueueUrl": "https://sqs.ap-northeast-1.amazonaws.com/123456789012/jobs", "MessageBody.$": "$"}}},
		{"a queue, callback", TaskState{Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
			Parameters: map[string]any{"QueueUrl": "https://sqs.ap-northeast-1.amazonaws.com/123456789012/jobs",
				"MessageBody": map[string]any{"TaskToken.$": "$$.Task.Token"}}}},
		{"chosen at run time", TaskState{Resource: "arn:aws:states:::sqs:sendMessage", Parameters: map[string]any{"QueueUrl.$": "$.queue"}}},
	},
	requests: sendMessageRequests,
}

// sendMessageRequests is sqs:SendMessage on the queue whose URL the state
// names (sqsIAMPage).
func sendMessageRequests(c Call, env Env) []Request {
	acct := env.Account()
	queue := acct.Anywhere(c.notKnown("queue")).QueueARN(partial.Hole{Label: "QUEUE", Class: partial.Name, Why: c.notKnown("queue")}.String())
	switch v := c.Param("QueueUrl"); {
	case !v.Set:
		why := c.who() + " names no QueueUrl"
		queue = acct.Anywhere(why).QueueARN(partial.Hole{Label: "QUEUE", Class: partial.Name, Why: why}.String())
	case !v.Dynamic:
		ref, _ := v.Static()
		queue = QueueARNOfURL(ref)
	}
	r := Request{
		Kind:           CallRequest,
		Action:         "sqs:SendMessage",
		Resource:       queue,
		Why:            "Step Functions sends the message with sqs:SendMessage",
		Page:           sqsIAMPage,
		ResourcePolicy: "the queue's access policy",
		Grant:          Grant{Sid: "SendMessages"},
	}
	if partial.Known(queue) {
		r.Grant.Resource = queue
	}
	return []Request{r}
}

// QueueARNOfURL returns the ARN of the queue a queue URL names
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html): https://sqs.REGION.amazonaws.com[.cn]/ACCOUNT_ID/NAME, or
// the legacy https://REGION.queue.amazonaws.com/... and
// https://queue.amazonaws.com/... (us-east-1), or a VPC endpoint's
// https://vpce-ID.sqs.REGION.vpce.amazonaws.com/.... What it cannot read
// (a region in another host, a path that is no ACCOUNT_ID/NAME) is a hole.
func QueueARNOfURL(s string) string {
	const why = "QueueUrl is not a queue URL of a form AWS documents"
	hole := func(label string, class partial.Class) string {
		return partial.Hole{Label: label, Class: class, Why: why}.String()
	}
	u, err := url.Parse(s)
	account, name := hole("ACCOUNT_ID", partial.AccountID), hole("QUEUE", partial.Name)
	region := hole("REGION", partial.Region)
	if err != nil {
		return Account{Region: region, ID: account}.QueueARN(name)
	}
	if id, n, ok := strings.Cut(strings.Trim(u.Path, "/"), "/"); ok && arn.IsAccountID(id) && n != "" && !strings.Contains(n, "/") {
		account, name = id, n
	}
	labels := strings.Split(strings.ToLower(u.Hostname()), ".")
	for i, l := range labels {
		switch {
		case l == "sqs" && i+1 < len(labels) && labels[i+1] != "amazonaws":
			region = labels[i+1]
		case l == "queue" && i == 1:
			region = labels[0]
		case l == "queue" && i == 0 && u.Hostname() == "queue.amazonaws.com":
			region = "us-east-1"
		}
	}
	partition := ""
	if partial.Known(region) {
		partition = arn.PartitionOf(region)
	}
	return Account{Partition: partition, Region: region, ID: account}.QueueARN(name)
}
