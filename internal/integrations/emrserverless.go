package integrations

import (
	"batchpipeline/internal/partial"
)

// emrServerlessIAMPage is the policy of a state that runs an EMR
// Serverless job: emr-serverless:StartJobRun on the application,
// iam:PassRole on its ExecutionRoleArn towards
// emr-serverless.amazonaws.com, and for .sync emr-serverless:GetJobRun and
// emr-serverless:CancelJobRun on its job runs and the managed rule
// StepFunctionsGetEventsForEMRServerlessJobRule
// (docs/research/integrations-passrole.md, section 4).
const emrServerlessIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/emr-serverless-iam.html"

// EMRServerlessService is the service principal EMR Serverless jobs run
// as.
const EMRServerlessService = "emr-serverless.amazonaws.com"

// emrServerlessStartJobRun is the optimized integration
// emr-serverless:startJobRun, request-response and .sync ("The Wait for a
// Callback with Task Token integration pattern is not supported",
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-emr-serverless.html).
//
// Peers: none of the CDK (no task class), serverless-step-functions or
// terraform-aws-modules generates its policy.
var emrServerlessStartJobRun = &Integration{
	Service:     "emr-serverless",
	Action:      "startJobRun",
	Patterns:    []Pattern{RequestResponse, Sync},
	Page:        emrServerlessIAMPage,
	IAMServices: []string{"emr-serverless", "iam", "events", "sts"},
	Examples: []Example{
		{"an application, .sync", TaskState{Resource: "arn:aws:states:::emr-serverless:startJobRun.sync", Parameters: map[string]any{
			"ApplicationId": "00f1abc", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/emr-job"}}},
		{"chosen at run time", TaskState{Resource: "arn:aws:states:::emr-serverless:startJobRun", Parameters: map[string]any{
			"ApplicationId.$": "$.app", "ExecutionRoleArn.$": "$.role"}}},
	},
	requests: func(c Call, env Env) []Request {
		acct := env.Account()
		app := acct.ARN("emr-serverless", "/applications/"+c.part("ApplicationId", "APPLICATION_ID", partial.Name))
		reqs := []Request{callRequest("emr-serverless:StartJobRun", app, "Step Functions starts the job run with emr-serverless:StartJobRun",
			emrServerlessIAMPage, "EMRServerlessJobs")}
		if role, ok := c.roleParam(env, "ExecutionRoleArn"); ok {
			reqs = append(reqs, PassRoleTo(role, "ExecutionRoleArn", EMRServerlessService, "EMRServerlessPassRoles",
				"EMR Serverless checks that the caller may pass the role the job runs as (iam:PassRole towards "+EMRServerlessService+")",
				emrServerlessIAMPage))
		}
		if c.Pattern != Sync {
			return reqs
		}
		run := app + "/jobruns/" + partial.Hole{Label: "JOB_RUN_ID", Class: partial.Name, Why: "EMR Serverless names the job run when it starts"}.String()
		for _, a := range []struct{ action, why string }{
			{"emr-serverless:GetJobRun", "Step Functions follows the job run with emr-serverless:GetJobRun until it ends"},
			{"emr-serverless:CancelJobRun", "Step Functions cancels the job run with emr-serverless:CancelJobRun when the execution is stopped"},
		} {
			r := callRequest(a.action, run, a.why, emrServerlessIAMPage, "EMRServerlessJobs")
			if partial.Known(app) {
				r.Grant.Resource = app + "/jobruns/*"
			}
			reqs = append(reqs, r)
		}
		return appendEventsRule(reqs, c, acct, "StepFunctionsGetEventsForEMRServerlessJobRule", emrServerlessIAMPage)
	},
}
