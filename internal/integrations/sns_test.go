package integrations

import (
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

// TestPublishRequests: sns:Publish on the topic a state names, as AWS's
// policy for the integration grants it
// (https://docs.aws.amazon.com/step-functions/latest/dg/sns-iam.html:
// "Resource": the topic for a static TopicArn, "*" for a dynamic one).
// Expected values are literals.
func TestPublishRequests(t *testing.T) {
	const topic = "arn:aws:sns:ap-northeast-1:123456789012:alerts"
	tests := []struct {
		name   string
		params map[string]any
		want   string // the request's resource, holes by label
		unsure bool
	}{
		{"a topic", map[string]any{"TopicArn": topic, "Message": "done"}, topic, false},
		{"a topic of another account", map[string]any{"TopicArn": "arn:aws:sns:eu-west-1:210987654321:x"},
			"arn:aws:sns:eu-west-1:210987654321:x", false},
		{"chosen at run time", map[string]any{"TopicArn.$": "$.topic"}, "arn:aws:sns:REGION:ACCOUNT_ID:TOPIC", false},
		{"not an SNS ARN", map[string]any{"TopicArn": "arn:aws:sqs:ap-northeast-1:123456789012:q"}, "arn:aws:sns:REGION:ACCOUNT_ID:TOPIC", false},
		{"a phone number", map[string]any{"PhoneNumber": "+15555550100", "Message": "x"}, "arn:aws:sns:ap-northeast-1:123456789012:RESOURCE", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqs := call(t, "arn:aws:states:::sns:publish", tt.params).Requests(nightlyEnv())
			if len(reqs) != 1 || reqs[0].Action != "sns:Publish" {
				t.Fatalf("requests %+v, want one sns:Publish", reqs)
			}
			r := reqs[0]
			if got := partial.Display(r.Resource); got != tt.want {
				t.Errorf("on %q, want %q", got, tt.want)
			}
			if (r.Unsure != "") != tt.unsure {
				t.Errorf("Unsure %q, want unsure %v", r.Unsure, tt.unsure)
			}
			if r.ResourcePolicy != "the topic's access policy" {
				t.Errorf("ResourcePolicy %q", r.ResourcePolicy)
			}
		})
	}
	// AWS's template for a static topic allows the request; one on another
	// topic does not.
	r := call(t, "arn:aws:states:::sns:publish", map[string]any{"TopicArn": topic}).Requests(nightlyEnv())[0]
	for resource, want := range map[string]iam.Decision{topic: iam.Allowed, topic + "-other": iam.ImplicitDeny, "*": iam.Allowed} {
		doc := iam.Document{Statement: []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"sns:Publish"}, Resource: iam.Strings{resource}}}}
		if got := iam.Evaluate(request(r), []iam.Document{doc}, nil); got.Decision != want || len(got.Uncertain) > 0 {
			t.Errorf("a grant on %s: %v %v, want %v", resource, got.Decision, got.Uncertain, want)
		}
	}
}
