package integrations

import (
	"strings"

	"batchpipeline/internal/partial"
)

// apiGatewayPage documents the API Gateway integration's AuthType: "The
// default method is NO_AUTH"; with IAM_ROLE "Step Functions assumes the
// role of the state machine, signs the request with Signature Version 4
// (SigV4), then calls the API. Cross-account support is unavailable for
// this authentication method"; with RESOURCE_POLICY the API's resource
// policy must allow "Service": "states.amazonaws.com", REST APIs only
// (docs/research/integrations-passrole.md, section 10).
const apiGatewayPage = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-api-gateway.html"

// apiGatewayInvoke is the optimized integration apigateway:invoke,
// request-response and .waitForTaskToken.
//
// Peers: the CDK's CallApiGateway*Endpoint grants execute-api:Invoke on
// the API's method unless authType is NO_AUTH, and so also when it is
// unset (which renders NO_AUTH) or RESOURCE_POLICY; serverless-step-functions
// generates nothing; terraform-aws-modules grants what the user lists.
// AWS's 2023 template names the resource "arn:[[region]]:[[accountId]]:*",
// which is no ARN; the model names the execute-api ARN of the method.
var apiGatewayInvoke = &Integration{
	Service:     "apigateway",
	Action:      "invoke",
	Patterns:    []Pattern{RequestResponse, WaitForTaskToken},
	Page:        apiGatewayPage,
	IAMServices: []string{"execute-api", "sts"},
	Examples: []Example{
		{"IAM_ROLE", TaskState{Resource: "arn:aws:states:::apigateway:invoke", Parameters: map[string]any{
			"ApiEndpoint": "a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com", "Method": "GET", "Stage": "prod", "Path": "/pets",
			"AuthType": "IAM_ROLE"}}},
		{"IAM_ROLE, chosen at run time, callback", TaskState{Resource: "arn:aws:states:::apigateway:invoke.waitForTaskToken", Parameters: map[string]any{
			"ApiEndpoint.$": "$.api", "Method": "POST", "Stage": "prod", "Path.$": "$.path", "AuthType": "IAM_ROLE"}}},
		{"NO_AUTH", TaskState{Resource: "arn:aws:states:::apigateway:invoke", Parameters: map[string]any{
			"ApiEndpoint": "a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com", "Method": "GET"}}},
	},
	requests: apiGatewayRequests,
	unjudged: func(c Call) string {
		switch v := c.Param("AuthType"); {
		case v.Dynamic:
			return "its AuthType is chosen at run time"
		case v.Literal == "RESOURCE_POLICY":
			return "with AuthType RESOURCE_POLICY the API's resource policy must allow states.amazonaws.com, which the pack does not read"
		}
		return ""
	},
}

// apiGatewayRequests is what calling an API needs of the state machine's
// role: nothing with NO_AUTH (the default); execute-api:Invoke on the
// method's ARN, arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH,
// with IAM_ROLE, the API in the state machine's account.
func apiGatewayRequests(c Call, env Env) []Request {
	if v, _ := c.Param("AuthType").Static(); v != "IAM_ROLE" {
		return nil
	}
	acct := env.Account()
	part := func(param, label string) string { return c.part(param, label, partial.Any) }
	api, region := part("ApiEndpoint", "API_ID"), acct.Region
	if host, ok := c.Param("ApiEndpoint").Static(); ok {
		// API_ID.execute-api.REGION.amazonaws.com
		labels := strings.Split(host, ".")
		api = labels[0]
		if len(labels) > 2 && labels[1] == "execute-api" {
			region = labels[2]
		}
	}
	path := strings.TrimPrefix(part("Path", "PATH"), "/")
	owner := Account{Partition: acct.Partition, Region: region, ID: acct.ID}
	method := owner.ARN("execute-api", api+"/"+part("Stage", "STAGE")+"/"+part("Method", "METHOD")+"/"+path)
	return []Request{callRequest("execute-api:Invoke", method,
		"with AuthType IAM_ROLE Step Functions signs the call with the state machine's role, which API Gateway authorizes with execute-api:Invoke",
		apiGatewayPage, "InvokeAPIs")}
}
