package integrations

import "batchpipeline/internal/iam"

// codeBuildProjectActions are the actions codebuild:startBuild.sync needs
// on the project: StartBuild to start, BatchGetBuilds to follow the build,
// StopBuild to stop it with the execution, and BatchGetReports, which CDK's
// CodeBuildStartBuild also grants, for the build's reports.
func codeBuildProjectActions() []string {
	return []string{"codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds", "codebuild:BatchGetReports"}
}

// CodeBuildStartBuildStatements returns the statements a state machine role
// needs to run a build of project with codebuild:startBuild.sync
// (https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html):
// the build actions on the project and the events actions on the managed
// rule StepFunctionsGetEventForCodeBuildStartBuildRule (singular "Event").
func CodeBuildStartBuildStatements(a Account, project string) []iam.Statement {
	return []iam.Statement{
		{
			Sid:      "CodeBuildStartBuild" + sidPart(project),
			Effect:   iam.Allow,
			Action:   iam.Strings(codeBuildProjectActions()),
			Resource: iam.Strings{a.ProjectARN(project)},
		},
		{
			Sid:      "CodeBuildEventsRule",
			Effect:   iam.Allow,
			Action:   iam.Strings(eventsRuleActions()),
			Resource: iam.Strings{a.EventsRuleARN(CodeBuildEventsRule)},
		},
	}
}

// RequiredCodeBuild returns the permission checks for one
// codebuild:startBuild.sync Task state on the project with ARN projectARN:
// the same facts as CodeBuildStartBuildStatements, as concrete requests.
func RequiredCodeBuild(a Account, projectARN string) []Requirement {
	var reqs []Requirement
	for _, action := range codeBuildProjectActions() {
		reqs = append(reqs, Requirement{
			Action:   action,
			Resource: projectARN,
			Why:      "codebuild:startBuild.sync starts, follows and stops the build with " + action,
		})
	}
	for _, action := range eventsRuleActions() {
		reqs = append(reqs, Requirement{
			Action:   action,
			Resource: a.EventsRuleARN(CodeBuildEventsRule),
			Why:      "codebuild:startBuild.sync learns that the build ended through the managed EventBridge rule " + CodeBuildEventsRule,
		})
	}
	return reqs
}
