package integrations

import "batchpipeline/internal/partial"

// emrServerlessApplicationRule is the managed rule of the EMR Serverless
// application integrations' .sync (emrServerlessIAMPage).
const emrServerlessApplicationRule = "StepFunctionsGetEventsForEMRServerlessApplicationRule"

// The optimized EMR Serverless application integrations and
// cancelJobRun, request-response and .sync
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-emr-serverless.html;
// no callback). AWS's templates (emrServerlessIAMPage): startApplication
// StartApplication, .sync adding GetApplication and StopApplication;
// stopApplication StopApplication, .sync adding GetApplication;
// deleteApplication DeleteApplication, .sync adding GetApplication, each
// on /applications/ID and, for .sync, the application rule;
// createApplication CreateApplication (the reference gives it no resource
// type), .sync adding GetApplication and DeleteApplication on
// /applications/* and the rule, and iam:CreateServiceLinkedRole of EMR
// Serverless's service-linked role "during the creation of the first ever
// application in your account" (unsure: only then); cancelJobRun
// CancelJobRun, .sync adding GetJobRun, on the job run, and the job rule
// (docs/research/integrations-passrole.md, section 4).
//
// Peers: none of the CDK, serverless-step-functions or
// terraform-aws-modules generates a policy for them.
var (
	emrServerlessCreateApplication = &Integration{
		Service:     "emr-serverless",
		Action:      "createApplication",
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        emrServerlessIAMPage,
		IAMServices: []string{"emr-serverless", "iam", "events", "sts"},
		Examples: []Example{
			{"request-response", TaskState{Resource: "arn:aws:states:::emr-serverless:createApplication", Parameters: map[string]any{
				"Name": "nightly", "ReleaseLabel": "emr-7.1.0", "Type": "SPARK"}}},
			{".sync", TaskState{Resource: "arn:aws:states:::emr-serverless:createApplication.sync", Parameters: map[string]any{
				"Name": "nightly", "ReleaseLabel": "emr-7.1.0", "Type": "SPARK"}}},
		},
		requests: func(c Call, env Env) []Request {
			acct := env.Account()
			reqs := []Request{callRequest("emr-serverless:CreateApplication", "*",
				"Step Functions creates the application with emr-serverless:CreateApplication", emrServerlessIAMPage, "EMRServerlessApplications")}
			slr := callRequest("iam:CreateServiceLinkedRole",
				acct.RoleARN("/aws-service-role/ops.emr-serverless.amazonaws.com/", "AWSServiceRoleForAmazonEMRServerless"),
				"EMR Serverless creates its service-linked role with the caller's iam:CreateServiceLinkedRole", emrServerlessIAMPage, "EMRServerlessApplications")
			slr.Context = map[string]string{"iam:AWSServiceName": "ops.emr-serverless.amazonaws.com"}
			slr.Unsure = "EMR Serverless creates its service-linked role only with the first application of the account"
			reqs = append(reqs, slr)
			if c.Pattern != Sync {
				return reqs
			}
			apps := acct.ARN("emr-serverless", "/applications/"+partial.Hole{Label: "APPLICATION_ID", Class: partial.Name,
				Why: "EMR Serverless names the application when it creates it"}.String())
			for _, a := range []struct{ action, why string }{
				{"emr-serverless:GetApplication", "Step Functions follows the application with emr-serverless:GetApplication until it is created"},
				{"emr-serverless:DeleteApplication", "Step Functions deletes the application with emr-serverless:DeleteApplication when the execution is stopped"},
			} {
				r := callRequest(a.action, apps, a.why, emrServerlessIAMPage, "EMRServerlessApplications")
				if all := acct.ARN("emr-serverless", "/applications/*"); partial.Known(all) {
					r.Grant.Resource = all
				}
				reqs = append(reqs, r)
			}
			return appendEventsRule(reqs, c, acct, emrServerlessApplicationRule, emrServerlessIAMPage)
		},
	}
	emrServerlessStartApplication = emrServerlessApplication("startApplication", "emr-serverless:StartApplication",
		"Step Functions starts the application with emr-serverless:StartApplication", "emr-serverless:StopApplication")
	emrServerlessStopApplication = emrServerlessApplication("stopApplication", "emr-serverless:StopApplication",
		"Step Functions stops the application with emr-serverless:StopApplication", "")
	emrServerlessDeleteApplication = emrServerlessApplication("deleteApplication", "emr-serverless:DeleteApplication",
		"Step Functions deletes the application with emr-serverless:DeleteApplication", "")
	emrServerlessCancelJobRun = &Integration{
		Service:     "emr-serverless",
		Action:      "cancelJobRun",
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        emrServerlessIAMPage,
		IAMServices: []string{"emr-serverless", "events", "sts"},
		Examples: []Example{
			{"a job run, .sync", TaskState{Resource: "arn:aws:states:::emr-serverless:cancelJobRun.sync", Parameters: map[string]any{
				"ApplicationId": "00f1abc", "JobRunId": "00f2def"}}},
			{"chosen at run time", TaskState{Resource: "arn:aws:states:::emr-serverless:cancelJobRun", Parameters: map[string]any{
				"ApplicationId.$": "$.app", "JobRunId.$": "$.run"}}},
		},
		requests: func(c Call, env Env) []Request {
			acct := env.Account()
			run := acct.ARN("emr-serverless", "/applications/"+c.part("ApplicationId", "APPLICATION_ID", partial.Name)+
				"/jobruns/"+c.part("JobRunId", "JOB_RUN_ID", partial.Name))
			reqs := []Request{callRequest("emr-serverless:CancelJobRun", run, "Step Functions cancels the job run with emr-serverless:CancelJobRun",
				emrServerlessIAMPage, "EMRServerlessJobs")}
			if c.Pattern != Sync {
				return reqs
			}
			reqs = append(reqs, callRequest("emr-serverless:GetJobRun", run, "Step Functions follows the job run with emr-serverless:GetJobRun until it is cancelled",
				emrServerlessIAMPage, "EMRServerlessJobs"))
			return appendEventsRule(reqs, c, acct, "StepFunctionsGetEventsForEMRServerlessJobRule", emrServerlessIAMPage)
		},
	}
)

// emrServerlessApplication is the integration on the application
// ApplicationId names: action, and for .sync emr-serverless:GetApplication,
// stop (when not "") to undo it when the execution is stopped, and the
// application rule.
func emrServerlessApplication(api, action, why, stop string) *Integration {
	resource := "arn:aws:states:::emr-serverless:" + api
	return &Integration{
		Service:     "emr-serverless",
		Action:      api,
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        emrServerlessIAMPage,
		IAMServices: []string{"emr-serverless", "events", "sts"},
		Examples: []Example{
			{"an application, .sync", TaskState{Resource: resource + ".sync", Parameters: map[string]any{"ApplicationId": "00f1abc"}}},
			{"chosen at run time", TaskState{Resource: resource, Parameters: map[string]any{"ApplicationId.$": "$.app"}}},
		},
		requests: func(c Call, env Env) []Request {
			acct := env.Account()
			app := acct.ARN("emr-serverless", "/applications/"+c.part("ApplicationId", "APPLICATION_ID", partial.Name))
			reqs := []Request{callRequest(action, app, why, emrServerlessIAMPage, "EMRServerlessApplications")}
			if c.Pattern != Sync {
				return reqs
			}
			reqs = append(reqs, callRequest("emr-serverless:GetApplication", app,
				"Step Functions follows the application with emr-serverless:GetApplication until it is done", emrServerlessIAMPage, "EMRServerlessApplications"))
			if stop != "" {
				reqs = append(reqs, callRequest(stop, app, "Step Functions stops the application with "+stop+" when the execution is stopped",
					emrServerlessIAMPage, "EMRServerlessApplications"))
			}
			return appendEventsRule(reqs, c, acct, emrServerlessApplicationRule, emrServerlessIAMPage)
		},
	}
}
