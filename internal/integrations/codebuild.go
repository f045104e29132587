package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
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
		needs:       func(c Call, env Env) []Need { return buildNeeds(c, env, calls) },
	}
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

// buildNeeds is what a build integration needs (codeBuildIAMPage): the
// starting action on the project, and for .sync the actions that follow
// and stop the build and the managed events rule.
//
// The AWS template and CDK's CodeBuildStartBuild also grant
// codebuild:BatchGetReports on the project. In the service authorization
// reference that action's resource type is report-group: a grant on a
// project ARN matches nothing, so no working stack depends on it, and it
// is neither required nor granted here.
func buildNeeds(c Call, env Env, calls buildCalls) []Need {
	acct := env.Account()
	projectARN, unknown := "", ""
	switch v := c.Param("ProjectName"); {
	case v.Dynamic:
		unknown = "the state chooses its project at run time"
	case !v.Set:
		unknown = "the state names no ProjectName"
	default:
		ref, ok := v.Static()
		switch {
		case !ok:
			unknown = "ProjectName is not a string"
		case arn.HasPrefix(ref):
			// CodeBuild accepts a project's ARN as its name.
			if _, isProject := ProjectFromARN(ref); isProject {
				projectARN = ref
			} else {
				unknown = "ProjectName is not a CodeBuild project ARN"
			}
		default:
			projectARN = acct.ProjectARN(ref)
		}
	}
	on := func(action, why string) Need {
		n := Need{
			Kind:     CallNeed,
			Action:   action,
			Resource: projectARN,
			Unknown:  unknown,
			Why:      why,
			Page:     codeBuildIAMPage,
			Grant:    iam.Statement{Sid: calls.sid, Effect: iam.Allow, Action: iam.Strings{action}},
		}
		if projectARN != "" {
			n.Grant.Resource = iam.Strings{projectARN}
		}
		return n
	}
	needs := []Need{on(calls.start, "Step Functions starts the build with "+calls.start+" on the project")}
	if c.Pattern == Sync {
		needs = append(needs,
			on(calls.follow, "Step Functions follows the build with "+calls.follow+" until it ends"),
			on(calls.stop, "Step Functions stops the build with "+calls.stop+" when the execution is stopped or the state times out"))
		needs = append(needs, eventsRuleNeeds(c, acct, calls.rule, codeBuildIAMPage)...)
	}
	return needs
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
