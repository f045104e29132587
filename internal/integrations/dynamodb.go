package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// dynamoIAMPage is the policy of a state that calls DynamoDB. Its template
// grants dynamodb:GetItem, PutItem, UpdateItem and DeleteItem on the
// table whichever the state calls; each call is authorized by its own
// action only (the service authorization reference lists each API's
// action), which is what the model asks for.
const dynamoIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html"

// The optimized DynamoDB integrations, request-response only
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html).
// A table's resource-based policy can allow a role of its own account
// what the role's identity policies do not (ResourcePolicy). AWS's pages
// name no error of the integration worth a retry; the component does not
// write such states.
//
// Peers: the CDK's DynamoGetItem (and the others) and
// serverless-step-functions grant the one action of the state, as the
// model asks; terraform-aws-modules' template grants the four, as AWS's
// does. More than the request needs is not a gap.
var (
	dynamoGetItem    = dynamoIntegration("getItem", "dynamodb:GetItem")
	dynamoPutItem    = dynamoIntegration("putItem", "dynamodb:PutItem")
	dynamoUpdateItem = dynamoIntegration("updateItem", "dynamodb:UpdateItem")
	dynamoDeleteItem = dynamoIntegration("deleteItem", "dynamodb:DeleteItem")
)

// dynamoIntegration is the optimized integration dynamodb:action, which
// IAM authorizes as iamAction on the table.
func dynamoIntegration(action, iamAction string) *Integration {
	resource := "arn:aws:states:::dynamodb:" + action
	return &Integration{
		Service:     "dynamodb",
		Action:      action,
		Patterns:    []Pattern{RequestResponse},
		Page:        dynamoIAMPage,
		IAMServices: []string{"dynamodb", "sts"},
		Examples: []Example{
			{"by name", TaskState{Resource: resource, Parameters: map[string]any{"TableName": "jobs", "Key": map[string]any{}}}},
			{"by ARN", TaskState{Resource: resource, Parameters: map[string]any{"TableName": "arn:aws:dynamodb:eu-west-1:210987654321:table/central"}}},
			{"chosen at run time", TaskState{Resource: resource, Parameters: map[string]any{"TableName.$": "$.table"}}},
		},
		requests: func(c Call, env Env) []Request {
			table := c.arnParam(env.Account(), "TableName", "TABLE", true, Account.TableARN, func(s string) bool {
				a, ok := arn.Parse(s)
				return ok && a.Service == "dynamodb" && strings.HasPrefix(a.Resource, "table/")
			})
			r := Request{
				Kind:           CallRequest,
				Action:         iamAction,
				Resource:       table,
				Why:            "Step Functions calls " + action + " on the table, which IAM authorizes as " + iamAction,
				Page:           dynamoIAMPage,
				ResourcePolicy: "the table's resource-based policy",
				Grant:          Grant{Sid: "DynamoDBItems"},
			}
			if partial.Known(table) {
				r.Grant.Resource = table
			}
			return []Request{r}
		},
	}
}

// TableARN returns the ARN of a DynamoDB table.
func (a Account) TableARN(name string) string { return a.ARN("dynamodb", "table/"+name) }
