package integrations

// Service principals
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services).
const (
	// StatesService is the Step Functions principal: a state machine's
	// role trusts it.
	StatesService = "states.amazonaws.com"
	// SchedulerService is the EventBridge Scheduler principal: a
	// schedule's role trusts it.
	SchedulerService = "scheduler.amazonaws.com"
	// EventsService is the EventBridge principal: a rule target's role
	// trusts it, and an SNS topic lets it publish.
	EventsService = "events.amazonaws.com"
	// CodeBuildService is the CodeBuild principal: a project's service
	// role trusts it.
	CodeBuildService = "codebuild.amazonaws.com"
)
