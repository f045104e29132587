package integrations

import (
	"strings"

	"batchpipeline/internal/partial"
)

// sageMakerCreateModelPage says of CreateModel's ExecutionRoleArn: "To be
// able to pass this role to SageMaker, the caller of this API must have
// the iam:PassRole permission."
const sageMakerCreateModelPage = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModel.html"

// The optimized SageMaker model and endpoint integrations,
// request-response only (connect-sagemaker.html lists .sync for the jobs
// alone): createModel, createEndpointConfig, createEndpoint and
// updateEndpoint. AWS's Step Functions page prints no template for them;
// the actions and resource types are the service authorization
// reference's, where CreateEndpoint and UpdateEndpoint require both the
// endpoint and the endpoint configuration (a grant on the endpoint alone
// is denied), and names are lower case in SageMaker's ARNs.
//
// Peers: the CDK's SageMakerCreateModel passes its role towards
// sagemaker.amazonaws.com, SageMakerCreateEndpoint and
// SageMakerUpdateEndpoint grant the action on the endpoint and the
// configuration (lower-casing both); serverless-step-functions and
// terraform-aws-modules generate nothing for them.
var (
	sageMakerCreateModel = sageMakerResource("createModel", "sagemaker:CreateModel", "Step Functions creates the model with sagemaker:CreateModel",
		[]sageMakerPart{{"model", "ModelName", "MODEL"}}, "ExecutionRoleArn", "")
	sageMakerCreateEndpointConfig = sageMakerResource("createEndpointConfig", "sagemaker:CreateEndpointConfig",
		"Step Functions creates the endpoint configuration with sagemaker:CreateEndpointConfig",
		[]sageMakerPart{{"endpoint-config", "EndpointConfigName", "CONFIG"}}, "ExecutionRoleArn",
		"SageMaker's API reference says so of CreateModel's role only; an endpoint configuration's is passed the same way")
	sageMakerCreateEndpoint = sageMakerResource("createEndpoint", "sagemaker:CreateEndpoint", "Step Functions creates the endpoint with sagemaker:CreateEndpoint",
		[]sageMakerPart{{"endpoint", "EndpointName", "ENDPOINT"}, {"endpoint-config", "EndpointConfigName", "CONFIG"}}, "", "")
	sageMakerUpdateEndpoint = sageMakerResource("updateEndpoint", "sagemaker:UpdateEndpoint", "Step Functions updates the endpoint with sagemaker:UpdateEndpoint",
		[]sageMakerPart{{"endpoint", "EndpointName", "ENDPOINT"}, {"endpoint-config", "EndpointConfigName", "CONFIG"}}, "", "")
)

// sageMakerPart is a resource a SageMaker call names: its resource type,
// the parameter that names it and the label of its name when not known.
type sageMakerPart struct{ kind, param, label string }

// sageMakerResource is the integration sagemaker:api, which makes action
// on each of parts, and passes the role in roleParam ("" for none),
// unsure with roleUnsure when set.
func sageMakerResource(api, action, why string, parts []sageMakerPart, roleParam, roleUnsure string) *Integration {
	resource := "arn:aws:states:::sagemaker:" + api
	params, dynamic := map[string]any{}, map[string]any{}
	for _, p := range parts {
		params[p.param] = "Nightly-" + p.kind
		dynamic[p.param+".$"] = "$." + p.kind
	}
	if roleParam != "" {
		params[roleParam] = "arn:aws:iam::123456789012:role/sagemaker-model"
		dynamic[roleParam+".$"] = "$.role"
	}
	return &Integration{
		Service:     "sagemaker",
		Action:      api,
		Patterns:    []Pattern{RequestResponse},
		Page:        sageMakerIAMPage,
		IAMServices: []string{"sagemaker", "iam", "sts"},
		Examples: []Example{
			{"named", TaskState{Resource: resource, Parameters: params}},
			{"chosen at run time", TaskState{Resource: resource, Parameters: dynamic}},
		},
		requests: func(c Call, env Env) []Request {
			acct := env.Account()
			var reqs []Request
			for _, p := range parts {
				name := c.part(p.param, p.label, partial.Name)
				if partial.Known(name) {
					name = strings.ToLower(name) // SageMaker's ARNs hold names in lower case
				}
				reqs = append(reqs, callRequest(action, acct.ARN("sagemaker", p.kind+"/"+name), why, sageMakerIAMPage, "SageMakerModels"))
			}
			if roleParam == "" {
				return reqs
			}
			if role, ok := c.roleParam(env, roleParam); ok {
				r := PassRoleTo(role, roleParam, SageMakerService, "SageMakerPassRoles",
					"SageMaker checks that the caller may pass the role (iam:PassRole towards "+SageMakerService+")", sageMakerCreateModelPage)
				r.Unsure = roleUnsure
				reqs = append(reqs, r)
			}
			return reqs
		},
	}
}
