package integrations

import (
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

// TestQueueARNOfURL: the queue a URL names, in each form of SQS's page on
// queue identifiers
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html)
// and the legacy hosts. Expected values are literals.
func TestQueueARNOfURL(t *testing.T) {
	for url, want := range map[string]string{
		"https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue":              "arn:aws:sqs:us-east-2:123456789012:MyQueue",
		"https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q":                "arn:aws-cn:sqs:cn-north-1:123456789012:q",
		"https://us-west-2.queue.amazonaws.com/123456789012/q.fifo":             "arn:aws:sqs:us-west-2:123456789012:q.fifo",
		"https://queue.amazonaws.com/123456789012/q":                            "arn:aws:sqs:us-east-1:123456789012:q",
		"https://vpce-1a2b3c4d.sqs.eu-west-1.vpce.amazonaws.com/123456789012/q": "arn:aws:sqs:eu-west-1:123456789012:q",
		"https://sqs.us-gov-west-1.amazonaws.com/123456789012/q":                "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q",
		"https://example.com/123456789012/q":                                    "arn:aws:sqs:REGION:123456789012:q",
		"https://sqs.us-east-2.amazonaws.com/not-an-account/q":                  "arn:aws:sqs:us-east-2:ACCOUNT_ID:QUEUE",
		"%%%": "arn:aws:sqs:REGION:ACCOUNT_ID:QUEUE",
	} {
		if got := partial.Display(QueueARNOfURL(url)); got != want {
			t.Errorf("QueueARNOfURL(%q) = %q, want %q", url, got, want)
		}
	}
}

// TestSendMessageRequests: sqs:SendMessage on the queue, as AWS's policy
// for the integration grants it
// (https://docs.aws.amazon.com/step-functions/latest/dg/sqs-iam.html).
func TestSendMessageRequests(t *testing.T) {
	const queue = "arn:aws:sqs:ap-northeast-1:123456789012:jobs"
	reqs := call(t, "arn:aws:states:::sqs:sendMessage", map[string]any{
		"QueueUrl": "https://sqs.ap-northeast-1.amazonaws.com/123456789012/jobs", "MessageBody": "x"}).Requests(nightlyEnv())
	if len(reqs) != 1 || reqs[0].Action != "sqs:SendMessage" || reqs[0].Resource != queue || reqs[0].Grant.Resource != queue {
		t.Fatalf("requests %+v, want sqs:SendMessage on %s", reqs, queue)
	}
	template := iam.Document{Statement: []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"sqs:SendMessage"}, Resource: iam.Strings{queue}}}}
	if got := iam.Evaluate(request(reqs[0]), []iam.Document{template}, nil); got.Decision != iam.Allowed || len(got.Uncertain) > 0 {
		t.Errorf("AWS's template does not allow it: %v", got.Decision)
	}
	dynamic := call(t, "arn:aws:states:::sqs:sendMessage", map[string]any{"QueueUrl.$": "$.q"}).Requests(nightlyEnv())[0]
	if got := partial.Display(dynamic.Resource); got != "arn:aws:sqs:REGION:ACCOUNT_ID:QUEUE" || dynamic.Grant.Resource != "" {
		t.Errorf("a queue chosen at run time: %q (grant %q)", got, dynamic.Grant.Resource)
	}
}
