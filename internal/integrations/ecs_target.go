package integrations

// Pages of the callers of RunTask outside Step Functions.
const (
	// eventsECSRolePage is the ECS page on the role EventBridge assumes to
	// run a task: "you must add iam:PassRole permissions for each task
	// execution role, task role, or task role override", trust
	// events.amazonaws.com.
	eventsECSRolePage = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html"
	// schedulerTargetPage lists Scheduler's templated targets, ECS RunTask
	// among them: "you must also grant permissions to the schedule's
	// execution role to perform the targeted API operation".
	schedulerTargetPage = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html"
)

// ECSTarget is a caller of ecs:RunTask outside Step Functions: an
// EventBridge rule target or an EventBridge Scheduler schedule target
// that runs an ECS task with the role its service assumes. Its parameters
// are read by the RunTask API's names, as a Task state's are (Cluster,
// TaskDefinition, LaunchType, NetworkConfiguration, PropagateTags, Tags,
// EnableECSManagedTags; runTaskAPIPage), so what the call needs is the
// same model's (docs/research/ecs-callers.md gathers the sources).
type ECSTarget struct {
	// Caller names the target in the model's texts: `EventTarget "nightly"`.
	Caller string
	// Service is the principal that assumes the target's role and calls
	// RunTask: EventsService or SchedulerService.
	Service string
	// Field is the property that holds the target's ECS parameters, for
	// messages: "ecsTarget", "target.ecsParameters".
	Field string
	// Params are the RunTask parameters the target sends. A key "Name.$"
	// marks the parameter Name as not known at this preview (an output of
	// a resource not created yet).
	Params map[string]any
}

// Page is the AWS page that says what the target's role needs.
func (t ECSTarget) Page() string {
	if t.Service == SchedulerService {
		return schedulerTargetPage
	}
	return eventsECSRolePage
}

// Call is the target's RunTask as a call of the model: Requests and
// Problems answer for it as for a Task state's ecs:runTask (no .sync: the
// target starts the task and does not follow it).
func (t ECSTarget) Call() Call {
	return Call{Integration: ecsRunTask, Pattern: RequestResponse, params: value{v: t.Params, set: t.Params != nil}, target: &t}
}
