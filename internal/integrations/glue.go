package integrations

import "batchpipeline/internal/partial"

// glueIAMPage is the policy of a state that runs a Glue job: glue:StartJobRun,
// and for .sync glue:GetJobRun, glue:GetJobRuns and glue:BatchStopJobRun,
// on "*" ("AWS Glue does not have resource-based control"); the service
// authorization reference gives each the job resource, job/NAME, which
// the model asks for (a grant on "*" allows it too). No managed rule:
// .sync polls (docs/research/integrations-passrole.md, section 3).
const glueIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/glue-iam.html"

// glueStartJobRun is the optimized integration glue:startJobRun,
// request-response, .sync and .waitForTaskToken
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html).
// It passes no role: the job's is set when the job is created.
//
// Peers: the CDK's GlueStartJobRun grants the actions of each pattern on
// job/NAME; serverless-step-functions the .sync set on "*" for both
// patterns; terraform-aws-modules follows AWS's page.
var glueStartJobRun = &Integration{
	Service:     "glue",
	Action:      "startJobRun",
	Patterns:    []Pattern{RequestResponse, Sync, WaitForTaskToken},
	Page:        glueIAMPage,
	IAMServices: []string{"glue", "sts"},
	Examples: []Example{
		{"named", TaskState{Resource: "arn:aws:states:::glue:startJobRun", Parameters: map[string]any{"JobName": "etl"}}},
		{"named, .sync", TaskState{Resource: "arn:aws:states:::glue:startJobRun.sync", Parameters: map[string]any{"JobName": "etl"}}},
		{"chosen at run time, callback", TaskState{Resource: "arn:aws:states:::glue:startJobRun.waitForTaskToken",
			Parameters: map[string]any{"JobName.$": "$.job", "Arguments": map[string]any{"--token.$": "$$.Task.Token"}}}},
	},
	requests: func(c Call, env Env) []Request {
		name := c.part("JobName", "JOB_NAME", partial.Name)
		job := env.Account().ARN("glue", "job/"+name)
		reqs := []Request{callRequest("glue:StartJobRun", job, "Step Functions starts the job run with glue:StartJobRun", glueIAMPage, "GlueJobs")}
		if c.Pattern != Sync {
			return reqs
		}
		for _, a := range []struct{ action, why string }{
			{"glue:GetJobRun", "Step Functions follows the job run with glue:GetJobRun until it ends"},
			{"glue:GetJobRuns", "Step Functions lists the job's runs with glue:GetJobRuns"},
			{"glue:BatchStopJobRun", "Step Functions stops the job run with glue:BatchStopJobRun when the execution is stopped"},
		} {
			reqs = append(reqs, callRequest(a.action, job, a.why, glueIAMPage, "GlueJobs"))
		}
		return reqs
	},
}
