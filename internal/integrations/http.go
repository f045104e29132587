package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// httpTaskPage says what an HTTP Task needs of the state machine's role:
// "states:InvokeHTTPEndpoint, events:RetrieveConnectionCredentials,
// secretsmanager:GetSecretValue, secretsmanager:DescribeSecret", its
// example InvokeHTTPEndpoint on the state machine's own ARN with the
// condition keys states:HTTPMethod and states:HTTPEndpoint, and the
// secrets on events!connection/* (docs/research/integrations-passrole.md,
// section 9).
const httpTaskPage = "https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html"

// HTTPMethodKey and HTTPEndpointKey are the condition keys of
// states:InvokeHTTPEndpoint (httpTaskPage; the service authorization
// reference does not list them, nor a resource type for the action).
const (
	HTTPMethodKey   = "states:HTTPMethod"
	HTTPEndpointKey = "states:HTTPEndpoint"
)

// httpInvoke is the HTTP Task, arn:aws:states:::http:invoke,
// request-response.
//
// Peers: the CDK's HttpInvoke grants InvokeHTTPEndpoint on "*" with a
// StringLike on states:HTTPEndpoint and no method, the connection, and the
// connection's own secret; serverless-step-functions grants
// InvokeHTTPEndpoint on "*" without condition, the connection and
// events!connection/* secrets; terraform-aws-modules has no template.
var httpInvoke = &Integration{
	Service:     "http",
	Action:      "invoke",
	Patterns:    []Pattern{RequestResponse},
	Page:        httpTaskPage,
	IAMServices: []string{"states", "events", "secretsmanager", "sts"},
	Examples: []Example{
		{"a connection", TaskState{Resource: "arn:aws:states:::http:invoke", Parameters: map[string]any{
			"ApiEndpoint": "https://api.example.com/v1/reports", "Method": "POST",
			"Authentication": map[string]any{"ConnectionArn": "arn:aws:events:ap-northeast-1:123456789012:connection/api/0c6d1ea2-5a7b-4bbf-9a9e-8e1e3d6f1a2b"}}}},
		{"chosen at run time", TaskState{Resource: "arn:aws:states:::http:invoke", Parameters: map[string]any{
			"ApiEndpoint.$": "$.url", "Method.$": "$.method", "Authentication": map[string]any{"ConnectionArn.$": "$.connection"}}}},
	},
	requests: httpInvokeRequests,
}

// httpInvokeRequests is what an HTTP Task needs (httpTaskPage): to call
// the endpoint, states:InvokeHTTPEndpoint on the state machine's ARN with
// the method and the endpoint as condition keys; to read the connection's
// credentials, events:RetrieveConnectionCredentials on it; and the
// connection's secret, which EventBridge keeps in Secrets Manager under
// events!connection/NAME/..., secretsmanager:GetSecretValue and
// DescribeSecret on it ("Events.ConnectionResource.AccessDenied" when
// they are missing).
func httpInvokeRequests(c Call, env Env) []Request {
	acct := env.Account()
	self := acct.StateMachineARN(partial.Hole{Label: "NAME", Class: partial.Name, Why: "the state machine's name is not known here"}.String())
	if r, ok := env.(StateMachineResolver); ok {
		self = r.StateMachineARN()
	}
	invoke := callRequest("states:InvokeHTTPEndpoint", self, "Step Functions calls the endpoint with states:InvokeHTTPEndpoint",
		httpTaskPage, "HTTPEndpoints")
	invoke.ResourceType = "statemachine"
	ctx := map[string]string{}
	if v, ok := c.Param("Method").Static(); ok {
		ctx[HTTPMethodKey] = v
	}
	if v, ok := c.Param("ApiEndpoint").Static(); ok {
		ctx[HTTPEndpointKey] = v
	}
	if len(ctx) > 0 {
		invoke.Context = ctx
	}
	connection := c.arnParam(acct, "Authentication.ConnectionArn", "CONNECTION", false,
		func(a Account, name string) string { return a.ARN("events", "connection/"+name) },
		func(s string) bool {
			a, ok := arn.Parse(s)
			return ok && a.Service == "events" && strings.HasPrefix(a.Resource, "connection/")
		})
	reqs := []Request{invoke,
		callRequest("events:RetrieveConnectionCredentials", connection,
			"Step Functions reads the connection's credentials with events:RetrieveConnectionCredentials", httpTaskPage, "HTTPEndpoints")}
	owner := acct.Anywhere("the connection is not known before the run")
	name := partial.Hole{Label: "CONNECTION", Class: partial.Any, Why: "the connection is not known before the run"}.String()
	if a, ok := arn.Parse(connection); ok && partial.Known(connection) {
		owner = AccountOf(a)
		name, _, _ = strings.Cut(strings.TrimPrefix(a.Resource, "connection/"), "/")
	}
	secret := owner.ARN("secretsmanager", "secret:events!connection/"+name+"/"+
		partial.Hole{Label: "SECRET_ID", Class: partial.Any, Why: "EventBridge names the connection's secret"}.String())
	for _, action := range []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"} {
		r := callRequest(action, secret, "Step Functions reads the connection's secret, which EventBridge keeps in Secrets Manager, with "+action,
			httpTaskPage, "HTTPConnectionSecrets")
		r.Fails = "The state fails with Events.ConnectionResource.AccessDenied"
		r.ResourcePolicy = "the secret's resource policy"
		if partial.Known(owner.ID) && partial.Known(owner.Region) {
			r.Grant.Resource = owner.ARN("secretsmanager", "secret:events!connection/*")
		}
		reqs = append(reqs, r)
	}
	return reqs
}
