package integrations

// Condition keys a service sets when it assumes a role for one of its
// resources: "The calling service passes the account ID [the ARN] of the
// original resource to the called service"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount).
const (
	SourceAccountKey = "aws:SourceAccount"
	SourceARNKey     = "aws:SourceArn"
)

// Assumption is an AWS service assuming a caller's role to act for one of
// its resources: Step Functions for a state machine, EventBridge for a
// rule target, EventBridge Scheduler for a schedule, ECS for a task (its
// execution role and its task role). The role's trust
// policy must let the service principal call sts:AssumeRole; the keys it
// sets are those each service's confused-deputy page names
// (docs/research/ecs-callers.md, section 7).
type Assumption struct {
	// Service is the principal that assumes the role: StatesService,
	// EventsService, SchedulerService or ECSTasksService.
	Service string
	// Property is, for ECSTasksService, the task definition property that
	// names the role: "executionRoleArn" or "taskRoleArn".
	Property string
	// Account is the ID of the resource's account (aws:SourceAccount),
	// known in part when its candidates are, "" when not known at all.
	Account string
	// SourceARN is what the service gives as aws:SourceArn (known in
	// part, or "" when not known at all): the state machine's ARN (StateMachineARN), the rule's
	// (RuleARN: "For EventBridge event bus rule targets, the value of
	// aws:SourceArn must be the rule ARN"), the schedule group's
	// (ScheduleGroupARN: "The value of aws:SourceArn must be your
	// EventBridge Scheduler schedule group ARN"). ECS gives "the Amazon
	// Resource Name (ARN) of your Amazon ECS task", which exists only once
	// the task runs: always "" for ECSTasksService.
	SourceARN string
}

// Request returns the sts:AssumeRole request the service makes on role,
// with the keys the assumption knows (each value may be known in part); a
// key it does not know is left out, so that a condition on it is
// undecided, not false. Its Statement is the trust statement the service's
// page shows.
func (as Assumption) Request(role Role) Request {
	ctx := make(map[string]string, 2)
	if as.Account != "" {
		ctx[SourceAccountKey] = as.Account
	}
	if as.SourceARN != "" {
		ctx[SourceARNKey] = as.SourceARN
	}
	return Request{
		Kind:     AssumeRoleRequest,
		By:       ServicePrincipal,
		Service:  as.Service,
		Action:   "sts:AssumeRole",
		Resource: role.ARN,
		Context:  ctx,
		Target:   role.Key,
		Role:     role,
		Via:      as.Property,
		Why:      as.Service + " assumes the role to act for its resource",
		Page:     as.Page(),
		Fails:    as.Failure(),
		// The trust statement the service's page shows: its principal
		// and sts:AssumeRole (Statement).
	}
}

// KeyLabel names the value the service gives key: "the schedule group's
// ARN", "the account".
func (as Assumption) KeyLabel(key string) string {
	if key != SourceARNKey {
		return "the account"
	}
	switch as.Service {
	case StatesService:
		return "the state machine's ARN"
	case SchedulerService:
		return "the schedule group's ARN"
	case ECSTasksService:
		return "the task's ARN"
	default:
		return "the rule's ARN"
	}
}

// Page returns the AWS page that shows the trust policy of the role the
// service assumes.
func (as Assumption) Page() string {
	switch as.Service {
	case StatesService:
		return "https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html"
	case SchedulerService:
		return schedulerRolePage
	case ECSTasksService:
		if as.Property == "executionRoleArn" {
			return executionRolePage
		}
		return taskRolePage
	default:
		return "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-iam-roles.html"
	}
}

// Failure says, as a sentence without its period, what AWS does with a
// role its service cannot assume
// (docs/research/ecs-callers.md, sections 7d to 7f and 8b). Step
// Functions and Scheduler check when the resource is created; EventBridge
// does not check a target's role until the rule fires, nor ECS a task
// definition's until a task starts.
func (as Assumption) Failure() string {
	switch as.Service {
	case StatesService:
		return "Creating the state machine fails with AccessDeniedException (\"Neither the global service principal " +
			"states.amazonaws.com, nor the regional one is authorized to assume the provided role.\")"
	case ECSTasksService:
		return "Registering the task definition does not check it: every task fails to start (\"ECS was unable to " +
			"assume the role '...' that was provided for this task. Please verify that the role being passed has the " +
			"proper trust relationship and permissions and that your IAM user has permissions to pass this role.\")"
	case SchedulerService:
		return "Creating the schedule fails with ValidationException (\"The execution role you provide must allow " +
			"AWS EventBridge Scheduler to assume the role.\")"
	default:
		return "PutTargets does not check it: the deploy succeeds and every invocation of the target fails " +
			"(FailedInvocations; the event goes to the target's dead-letter queue, if it has one)"
	}
}
