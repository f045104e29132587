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

// callerIAMServices are the service prefixes of the IAM actions the model
// grants or checks outside the integrations' own calls: states
// (StartExecution by a schedule or rule target), events and scheduler
// (their targets' roles), iam and sts (PassRole, AssumeRole), logs and
// xray (a state machine's logging and tracing), sqs (a dead-letter queue),
// sns (the alert topic), secretsmanager and ssm (a task's secrets), kms
// (the keys of encrypted secrets and queues, whose condition keys the
// reference's own tests read).
var callerIAMServices = []string{"states", "events", "scheduler", "iam", "sts", "logs", "xray", "sqs", "sns",
	"secretsmanager", "ssm", "kms"}
