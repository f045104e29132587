package integrations

import (
	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// bedrockIAMPage is the policy of a state that customizes a Bedrock
// model: bedrock:CreateModelCustomizationJob on the base model, the
// custom model and the job, iam:PassRole on its RoleArn, and for .sync
// bedrock:GetModelCustomizationJob and bedrock:StopModelCustomizationJob
// on the job; no managed rule (docs/research/integrations-passrole.md,
// section 7).
const bedrockIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html"

// BedrockService is the service principal Bedrock customization jobs run
// as: the principal of the job role's trust and of Bedrock's own policies
// that pass roles (iam:PassedToService = bedrock.amazonaws.com); Step
// Functions' template passes the role without a condition.
const BedrockService = "bedrock.amazonaws.com"

// bedrockCustomization is the optimized integration
// bedrock:createModelCustomizationJob, request-response and .sync.
//
// Peers: the CDK's BedrockCreateModelCustomizationJob grants the create
// action (with TagResource) on the base model, custom-model/* and
// model-customization-job/*, PassRole without condition, and no Get or
// Stop even for .sync; serverless-step-functions and terraform-aws-modules
// generate nothing.
var bedrockCustomization = &Integration{
	Service:     "bedrock",
	Action:      "createModelCustomizationJob",
	Patterns:    []Pattern{RequestResponse, Sync},
	Page:        bedrockIAMPage,
	IAMServices: []string{"bedrock", "iam", "sts"},
	Examples: []Example{
		{"a foundation model, .sync", TaskState{Resource: "arn:aws:states:::bedrock:createModelCustomizationJob.sync", Parameters: map[string]any{
			"BaseModelIdentifier": "amazon.titan-text-express-v1", "CustomModelName": "tuned", "JobName": "tune",
			"RoleArn": "arn:aws:iam::123456789012:role/bedrock-tune"}}},
		{"chosen at run time", TaskState{Resource: "arn:aws:states:::bedrock:createModelCustomizationJob", Parameters: map[string]any{
			"BaseModelIdentifier.$": "$.model", "CustomModelName.$": "$.name", "RoleArn.$": "$.role"}}},
	},
	requests: bedrockCustomizationRequests,
}

// bedrockCustomizationRequests is what a customization job needs: the
// service authorization reference requires both the base model (a
// foundation model, by ID or ARN) and the custom model for
// CreateModelCustomizationJob; the job's ARN is Bedrock's to choose.
func bedrockCustomizationRequests(c Call, env Env) []Request {
	acct := env.Account()
	base := partial.Hole{Label: "BASE_MODEL", Class: partial.Any, Why: c.notKnown("base model")}.String()
	if id, ok := c.Param("BaseModelIdentifier").Static(); ok {
		base = id
	}
	baseARN := base
	if a, ok := arn.Parse(base); !ok || a.Service != "bedrock" {
		// A foundation model's ARN has no account.
		baseARN = Account{Partition: acct.Partition, Region: acct.Region}.ARN("bedrock", "foundation-model/"+base)
	}
	name := partial.Hole{Label: "CUSTOM_MODEL", Class: partial.Any, Why: c.notKnown("custom model")}.String()
	if n, ok := c.Param("CustomModelName").Static(); ok {
		name = n
	}
	create := func(resource, what string) Request {
		return callRequest("bedrock:CreateModelCustomizationJob", resource,
			"Step Functions creates the customization job with bedrock:CreateModelCustomizationJob, authorized on "+what, bedrockIAMPage, "BedrockJobs")
	}
	reqs := []Request{
		create(baseARN, "the base model"),
		create(acct.ARN("bedrock", "custom-model/"+name), "the custom model"),
	}
	if role, ok := c.roleParam(env, "RoleArn"); ok {
		reqs = append(reqs, PassRoleTo(role, "RoleArn", BedrockService, "BedrockPassRoles",
			"Bedrock checks that the caller may pass the role the job runs as (iam:PassRole)", bedrockIAMPage))
	}
	if c.Pattern != Sync {
		return reqs
	}
	job := acct.ARN("bedrock", "model-customization-job/"+partial.Hole{Label: "JOB_ID", Class: partial.Name,
		Why: "Bedrock names the job when it creates it"}.String())
	for _, a := range []struct{ action, why string }{
		{"bedrock:GetModelCustomizationJob", "Step Functions follows the job with bedrock:GetModelCustomizationJob until it ends"},
		{"bedrock:StopModelCustomizationJob", "Step Functions stops the job with bedrock:StopModelCustomizationJob when the execution is stopped"},
	} {
		r := callRequest(a.action, job, a.why, bedrockIAMPage, "BedrockJobs")
		if jobs := acct.ARN("bedrock", "model-customization-job/*"); partial.Known(jobs) {
			r.Grant.Resource = jobs
		}
		reqs = append(reqs, r)
	}
	return reqs
}
