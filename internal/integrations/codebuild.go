package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// Pages of the CodeBuild integration.
const (
	codeBuildPage    = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-codebuild.html"
	codeBuildIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html"
)

// EventBridge rules Step Functions manages to learn that a build ended
// (codeBuildIAMPage). Note the singular "Event": the plural is a common
// mistake.
const (
	CodeBuildEventsRule      = "StepFunctionsGetEventForCodeBuildStartBuildRule"
	CodeBuildBatchEventsRule = "StepFunctionsGetEventForCodeBuildStartBuildBatchRule"
)

// codeBuildStartBuild and codeBuildStartBuildBatch are the optimized
// integrations codebuild:startBuild and codebuild:startBuildBatch: the
// same shape of calls on the project, a build or a batch of builds.
var (
	codeBuildStartBuild = buildIntegration("startBuild", buildCalls{
		start: "codebuild:StartBuild", stop: "codebuild:StopBuild", follow: "codebuild:BatchGetBuilds",
		rule: CodeBuildEventsRule, sid: "CodeBuildBuilds",
	})
	codeBuildStartBuildBatch = buildIntegration("startBuildBatch", buildCalls{
		start: "codebuild:StartBuildBatch", stop: "codebuild:StopBuildBatch", follow: "codebuild:BatchGetBuildBatches",
		rule: CodeBuildBatchEventsRule, sid: "CodeBuildBuildBatches",
	})
)

// buildIntegration is a CodeBuild integration that starts what calls
// name. Both support request-response and .sync, not .waitForTaskToken
// (codeBuildPage).
//
// RetryErrors: CodeBuild.AWSCodeBuildException is the service's generic
// exception (throttling, "Rate exceeded") and
// CodeBuild.AccountLimitExceededException the account's concurrent build
// limit. AWS's pages name no CodeBuild-specific error of the integration;
// these are the CodeBuild API's exceptions in Step Functions' form
// SERVICE.EXCEPTION. A build that runs and fails (States.TaskFailed) or
// times out is not retried.
func buildIntegration(action string, calls buildCalls) *Integration {
	return &Integration{
		Service:     "codebuild",
		Action:      action,
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        codeBuildIAMPage,
		RetryErrors: []string{"CodeBuild.AWSCodeBuildException", "CodeBuild.AccountLimitExceededException"},
		IAMServices: []string{"codebuild", "events", "sts"},
		Examples:    buildExamples("arn:aws:states:::codebuild:" + action),
		requests:    func(c Call, env Env) []Request { return buildRequests(c, env, calls) },
	}
}

// buildExamples are Task states that take every branch of buildRequests:
// the project by name, by ARN and chosen at run time, each pattern, with
// and without Credentials.
func buildExamples(resource string) []Example {
	var out []Example
	for _, suffix := range []string{"", ".sync"} {
		out = append(out,
			Example{"by name" + suffix, TaskState{Resource: resource + suffix, Parameters: map[string]any{"ProjectName": "report"}}},
			Example{"by ARN, Credentials" + suffix, TaskState{Resource: resource + suffix,
				Parameters:  map[string]any{"ProjectName": "arn:aws:codebuild:ap-northeast-1:123456789012:project/report"},
				Credentials: map[string]any{"RoleArn": "arn:aws:iam::210987654321:role/runner"}}},
			Example{"chosen at run time" + suffix, TaskState{Resource: resource + suffix, Parameters: map[string]any{"ProjectName.$": "$.p"}}},
		)
	}
	return out
}

// CodeBuildStartBuild returns the codebuild:startBuild integration.
func CodeBuildStartBuild() *Integration { return codeBuildStartBuild }

// StartBuild is how the component writes the Parameters of a
// codebuild:startBuild Task state.
type StartBuild struct {
	// ProjectName is the project's name.
	ProjectName string
}

// Parameters returns the state's Parameters.
func (s StartBuild) Parameters() map[string]any {
	return map[string]any{"ProjectName": s.ProjectName}
}

// buildCalls are the actions of one CodeBuild integration.
type buildCalls struct {
	start, stop, follow string
	rule                string
	sid                 string
}

// buildRequests is what a build integration needs (codeBuildIAMPage):
// the starting action on the project, and for .sync the actions that
// follow and stop the build and the managed events rule.
//
// The AWS template and CDK's CodeBuildStartBuild also grant
// codebuild:BatchGetReports on the project. In the service authorization
// reference that action's resource type is report-group: a grant on a
// project ARN matches nothing, so no working stack depends on it, and it
// is neither required nor granted here.
func buildRequests(c Call, env Env, calls buildCalls) []Request {
	acct := env.Account()
	unknown := func(why string) string {
		return acct.ProjectARN(partial.Hole{Label: "PROJECT", Class: partial.Name, Why: why}.String())
	}
	var project string
	switch v := c.Param("ProjectName"); {
	case v.Dynamic:
		project = unknown("the state chooses its project at run time")
	case !v.Set:
		project = unknown("the state names no ProjectName")
	default:
		ref, ok := v.Static()
		switch {
		case !ok:
			project = unknown("ProjectName is not a string")
		case arn.HasPrefix(ref):
			// CodeBuild accepts a project's ARN as its name.
			if _, isProject := ProjectFromARN(ref); isProject {
				project = ref
			} else {
				project = unknown("ProjectName is not a CodeBuild project ARN")
			}
		default:
			project = acct.ProjectARN(ref)
		}
	}
	on := func(action, why string) Request {
		r := Request{
			Kind:     CallRequest,
			Action:   action,
			Resource: project,
			Why:      why,
			Page:     codeBuildIAMPage,
			Grant:    Grant{Sid: calls.sid},
		}
		if partial.Known(project) {
			r.Grant.Resource = project
		}
		return r
	}
	reqs := make([]Request, 1, 6)
	reqs[0] = on(calls.start, "Step Functions starts the build with "+calls.start+" on the project")
	if c.Pattern == Sync {
		reqs = append(reqs,
			on(calls.follow, "Step Functions follows the build with "+calls.follow+" until it ends"),
			on(calls.stop, "Step Functions stops the build with "+calls.stop+" when the execution is stopped or the state times out"))
		reqs = appendEventsRule(reqs, c, acct, calls.rule, codeBuildIAMPage)
	}
	return reqs
}

// ProjectARN returns the ARN of a CodeBuild project.
func (a Account) ProjectARN(name string) string { return a.ARN("codebuild", "project/"+name) }

// ProjectFromARN returns the name of a CodeBuild project ARN,
// arn:aws:codebuild:REGION:ACCOUNT:project/NAME.
func ProjectFromARN(s string) (string, bool) {
	a, ok := arn.Parse(s)
	if !ok || a.Service != "codebuild" {
		return "", false
	}
	name, ok := strings.CutPrefix(a.Resource, "project/")
	return name, ok && name != ""
}
