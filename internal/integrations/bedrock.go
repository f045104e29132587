package integrations

import (
	"strings"

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
	base := c.part("BaseModelIdentifier", "BASE_MODEL", partial.Any)
	baseARN := base
	if a, ok := arn.Parse(base); !ok || a.Service != "bedrock" {
		// A foundation model's ARN has no account.
		baseARN = Account{Partition: acct.Partition, Region: acct.Region}.ARN("bedrock", "foundation-model/"+base)
	}
	name := c.part("CustomModelName", "CUSTOM_MODEL", partial.Any)
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

// bedrockInvokeModel is the optimized integration bedrock:invokeModel,
// request-response: bedrock:InvokeModel on the model (ModelId: a
// foundation model's ID, whose ARN has no account, or a model's ARN), and
// when the state reads its input from S3 (Input.S3Uri) or writes its
// output there (Output.S3Uri), s3:GetObject or s3:PutObject on the object
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html).
//
// Peers: the CDK's BedrockInvokeModel grants InvokeModel (and the S3
// actions, a guardrail's); serverless-step-functions grants InvokeModel
// only, and crashes on a ModelId chosen at run time;
// terraform-aws-modules has no template.
var bedrockInvokeModel = &Integration{
	Service:     "bedrock",
	Action:      "invokeModel",
	Patterns:    []Pattern{RequestResponse},
	Page:        bedrockIAMPage,
	IAMServices: []string{"bedrock", "s3", "sts"},
	Examples: []Example{
		{"a foundation model, S3 in and out", TaskState{Resource: "arn:aws:states:::bedrock:invokeModel", Parameters: map[string]any{
			"ModelId": "amazon.titan-text-express-v1", "Input": map[string]any{"S3Uri": "s3://prompts/in.json"},
			"Output": map[string]any{"S3Uri": "s3://answers/out.json"}}}},
		{"a model chosen at run time", TaskState{Resource: "arn:aws:states:::bedrock:invokeModel", Parameters: map[string]any{
			"ModelId.$": "$.model", "Body": map[string]any{}}}},
	},
	requests: func(c Call, env Env) []Request {
		acct := env.Account()
		model := c.part("ModelId", "MODEL", partial.Any)
		if a, ok := arn.Parse(model); !ok || a.Service != "bedrock" {
			model = Account{Partition: acct.Partition, Region: acct.Region}.ARN("bedrock", "foundation-model/"+model)
		}
		reqs := []Request{callRequest("bedrock:InvokeModel", model, "Step Functions invokes the model with bedrock:InvokeModel",
			bedrockIAMPage, "BedrockModels")}
		for _, io := range []struct{ field, action, why string }{
			{"Input", "s3:GetObject", "Step Functions reads the model's input from S3 with s3:GetObject"},
			{"Output", "s3:PutObject", "Step Functions writes the model's output to S3 with s3:PutObject"},
		} {
			v := c.Param(io.field, "S3Uri")
			if !v.Set {
				continue
			}
			object := partial.Hole{Label: "OBJECT", Class: partial.Any, Why: c.notKnown(strings.ToLower(io.field) + " location")}.String()
			if uri, ok := v.Static(); ok {
				if rest, isS3 := strings.CutPrefix(uri, "s3://"); isS3 {
					object = rest
				}
			}
			r := callRequest(io.action, acct.BucketARN(object), io.why, bedrockIAMPage, "BedrockModelIO")
			r.ResourcePolicy = "the bucket's policy"
			reqs = append(reqs, r)
		}
		return reqs
	},
}
