package integrations

import (
	"testing"

	"batchpipeline/internal/partial"
)

// TestDynamoRequests: each DynamoDB state is authorized by its own API's
// action on the table (service authorization reference, dynamodb:
// GetItem, PutItem, UpdateItem and DeleteItem each require a table), the
// table by name in the state machine's account and region or by ARN
// (https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html).
// Expected values are literals.
func TestDynamoRequests(t *testing.T) {
	const table = "arn:aws:dynamodb:ap-northeast-1:123456789012:table/jobs"
	for resource, action := range map[string]string{
		"arn:aws:states:::dynamodb:getItem":    "dynamodb:GetItem",
		"arn:aws:states:::dynamodb:putItem":    "dynamodb:PutItem",
		"arn:aws:states:::dynamodb:updateItem": "dynamodb:UpdateItem",
		"arn:aws:states:::dynamodb:deleteItem": "dynamodb:DeleteItem",
	} {
		for params, want := range map[string]string{
			"jobs": table,
			table:  table,
			"$.t":  "arn:aws:dynamodb:REGION:ACCOUNT_ID:table/TABLE",
		} {
			p := map[string]any{"TableName": params}
			if params == "$.t" {
				p = map[string]any{"TableName.$": params}
			}
			reqs := call(t, resource, p).Requests(nightlyEnv())
			if len(reqs) != 1 || reqs[0].Action != action || partial.Display(reqs[0].Resource) != want {
				t.Errorf("%s %v: %+v, want %s on %s", resource, p, reqs, action, want)
			}
		}
	}
	if _, ok := Read(TaskState{Resource: "arn:aws:states:::dynamodb:putItem.waitForTaskToken"}); ok {
		t.Error("dynamodb:putItem reads with .waitForTaskToken; connect-ddb.html supports request-response only")
	}
}
