package integrations

import (
	"reflect"
	"testing"

	"batchpipeline/internal/iam"
)

// TestHTTPInvokeRequests: an HTTP Task needs what AWS's page lists
// (https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html):
// states:InvokeHTTPEndpoint on the state machine's own ARN, whose
// example policy conditions it on states:HTTPMethod and
// states:HTTPEndpoint; events:RetrieveConnectionCredentials on the
// connection; secretsmanager:GetSecretValue and DescribeSecret on the
// connection's secret (events!connection/...). The page's example policy,
// written here as a literal, allows the GET it describes and not a POST.
func TestHTTPInvokeRequests(t *testing.T) {
	const conn = "arn:aws:events:ap-northeast-1:123456789012:connection/api/0c6d1ea2"
	c := call(t, "arn:aws:states:::http:invoke", map[string]any{"ApiEndpoint": "https://api.example.com/v1/reports", "Method": "GET",
		"Authentication": map[string]any{"ConnectionArn": conn}})
	reqs := c.Requests(machineEnv{nightlyEnv()})
	want := []string{
		"states:InvokeHTTPEndpoint arn:aws:states:ap-northeast-1:123456789012:stateMachine:nightly",
		"events:RetrieveConnectionCredentials " + conn,
		"secretsmanager:GetSecretValue arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:events!connection/api/SECRET_ID",
		"secretsmanager:DescribeSecret arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:events!connection/api/SECRET_ID",
	}
	if got := describeRequests(reqs); !reflect.DeepEqual(got, want) {
		t.Fatalf("requests\n%q\nwant\n%q", got, want)
	}
	example := func(method string) iam.Document {
		return iam.Document{Statement: []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"states:InvokeHTTPEndpoint"},
			Resource: iam.Strings{"arn:aws:states:ap-northeast-1:123456789012:stateMachine:nightly"},
			Condition: map[string]map[string]iam.Strings{
				"StringEquals": {"states:HTTPMethod": {method}},
				"StringLike":   {"states:HTTPEndpoint": {"https://api.example.com/*"}}}}}}
	}
	for method, want := range map[string]iam.Decision{"GET": iam.Allowed, "POST": iam.ImplicitDeny} {
		if got := iam.Evaluate(request(reqs[0]), []iam.Document{example(method)}, nil); got.Decision != want || len(got.Uncertain) > 0 {
			t.Errorf("the page's example for %s: %v %v, want %v", method, got.Decision, got.Uncertain, want)
		}
	}
}
