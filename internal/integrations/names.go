package integrations

// EventBridge rules that Step Functions manages in the account to learn
// when a .sync job ends. The state machine's role needs events:PutTargets,
// events:PutRule and events:DescribeRule on them.
const (
	// ECSEventsRule is the managed rule for ecs:runTask.sync
	// (https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html).
	ECSEventsRule = "StepFunctionsGetEventsForECSTaskRule"
	// CodeBuildEventsRule is the managed rule for codebuild:startBuild.sync
	// (https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html).
	// Note the singular "Event": the plural is a common mistake.
	CodeBuildEventsRule = "StepFunctionsGetEventForCodeBuildStartBuildRule"
)

// Service principals.
const (
	// ECSTasksService is the principal ECS task roles trust, and the value
	// of iam:PassedToService when ECS receives a role through RunTask.
	ECSTasksService = "ecs-tasks.amazonaws.com"
	// StatesService is the Step Functions principal.
	StatesService = "states.amazonaws.com"
)

// Services and actions of the optimized integrations the pipeline uses,
// as written in a Task state's Resource (arn:aws:states:::ecs:runTask.sync).
const (
	ServiceECS       = "ecs"
	ActionRunTask    = "runTask"
	ServiceCodeBuild = "codebuild"
	ActionStartBuild = "startBuild"
)

// Integration patterns
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html).
const (
	// PatternRequestResponse calls the API and moves on (no suffix).
	PatternRequestResponse = ""
	// PatternSync runs a job and waits for it to finish (".sync").
	PatternSync = "sync"
	// PatternSync2 is the second .sync variant some integrations have
	// (".sync:2", e.g. states:startExecution with parsed JSON output).
	PatternSync2 = "sync:2"
	// PatternWaitForTaskToken waits for SendTaskSuccess/Failure.
	PatternWaitForTaskToken = "waitForTaskToken"
)
