package integrations

import (
	"batchpipeline/internal/iam"
)

// Integration describes one Step Functions service integration, such as
// ecs:runTask or codebuild:startBuild: how its Task states are written and
// read, which errors of it are worth a retry, and what AWS authorizes for
// each call it makes. One file of this package defines each integration;
// registry.go lists them.
type Integration struct {
	// Service and Action are the integration as a Task state's Resource
	// names it: arn:aws:states:::ecs:runTask.sync is "ecs", "runTask";
	// AWS SDK integrations have the service "aws-sdk:ecs".
	Service, Action string
	// Patterns are the integration patterns Step Functions supports for it.
	Patterns []Pattern
	// Page is the AWS page that documents the integration and its IAM.
	Page string
	// RetryErrors are the error names of the integration that say "try
	// again later", for a Retrier.
	RetryErrors []string
	// needs returns what a call of the integration needs in env.
	needs func(c Call, env Env) []Need
	// problems returns the reasons every run of a call fails for reasons
	// other than IAM (a parameter ECS rejects, say).
	problems func(c Call, env Env) []string
}

// Name is the integration as written in a Resource, without partition and
// pattern: "ecs:runTask", "aws-sdk:ecs:runTask".
func (i *Integration) Name() string { return i.Service + ":" + i.Action }

// Resource returns the Task state Resource that calls the integration in a
// partition with a pattern.
func (i *Integration) Resource(partition string, p Pattern) string {
	return TaskResource(partition, i.Service, i.Action, string(p))
}

// supports reports whether Step Functions accepts the pattern for it.
func (i *Integration) supports(p Pattern) bool {
	for _, q := range i.Patterns {
		if q == p {
			return true
		}
	}
	return false
}

// Pattern is a service integration pattern
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html).
type Pattern string

// The integration patterns.
const (
	// RequestResponse calls the API and moves on (no suffix).
	RequestResponse Pattern = ""
	// Sync runs a job and waits for it to finish (".sync").
	Sync Pattern = "sync"
	// WaitForTaskToken waits for SendTaskSuccess or SendTaskFailure
	// (".waitForTaskToken").
	WaitForTaskToken Pattern = "waitForTaskToken"
)

// Kind says what a need authorizes.
type Kind int

const (
	// CallNeed authorizes an API call the integration makes.
	CallNeed Kind = iota
	// PassRoleNeed lets the caller hand a role to the service
	// (iam:PassRole). AWS checks it only when the call is made.
	PassRoleNeed
	// AssumeRoleNeed lets the state machine's role assume the role of a
	// Task state's Credentials.
	AssumeRoleNeed
)

// Principal says whose permissions a need is checked against.
type Principal int

const (
	// MachineRole is the state machine's execution role.
	MachineRole Principal = iota
	// CredentialsRole is the role of the Task state's Credentials.RoleArn,
	// which Step Functions assumes to make the state's calls.
	CredentialsRole
)

// Need is one IAM request a call is authorized by, and the least
// statement that allows it.
type Need struct {
	Kind Kind
	// By is whose permissions AWS checks.
	By Principal
	// Action is the IAM action, "ecs:RunTask".
	Action string
	// Resource is the ARN the request is authorized against; "" when it
	// cannot be known before the call (then the need cannot be decided).
	Resource string
	// Context holds the condition keys whose values in the request are
	// known, with those values. Other keys are of unknown value.
	Context map[string]string
	// Target is the Key of the task definition, role or project the
	// request acts on, as Env gave it ("" for anything else).
	Target string
	// Role is the role passed or assumed (PassRoleNeed, AssumeRoleNeed).
	Role Role
	// Via names where a passed role comes from: "executionRoleArn",
	// "taskRoleArn", "Overrides.TaskRoleArn", "Credentials.RoleArn"; ""
	// for the roles of a task definition that cannot be read (Role.Unknown
	// then says why, as a phrase whose subject is the state).
	// TaskDefinition is the Key of the task definition it belongs to.
	Via, TaskDefinition string
	// Why says in one line why AWS checks it; Page is the AWS page that
	// says so.
	Why, Page string
	// Unsure says why AWS may not check this request at all ("" when it
	// certainly does): a gap is then reported as unverified, never as a
	// violation.
	Unsure string
	// Unknown says why Resource is "" (the value is chosen at run time).
	// It may quote values of the definition.
	Unknown string
	// Grant is the least statement that allows the request.
	Grant iam.Statement
}

// Env is what the model asks about the resources a state machine's Task
// states name. The policy pack answers from the stack's resources; the
// component answers from its jobs. One Env describes one account: when the
// account of a state machine is not known yet, the pack asks with one Env
// per candidate account.
type Env interface {
	// Account is where the state machine runs: its partition, region and
	// account.
	Account() Account
	// TaskDefinitions describes the task definitions of the stack a
	// RunTask reference (a family, family:revision or an ARN) names: none
	// when it names one outside the stack, more than one when the stack
	// has several of that family.
	TaskDefinitions(ref string) []TaskDefinition
	// Role describes the role an ARN or a role name names.
	Role(ref string) Role
}

// Tri is a fact that may not be known yet.
type Tri int

// The values of a Tri, ordered so that max picks the strongest: a Yes
// wins over an Unknown, which wins over a No.
const (
	No Tri = iota
	Unknown
	Yes
)

// TaskDefinition is what Env knows about a task definition.
type TaskDefinition struct {
	// Key identifies it to the Env ("" when it is not a resource the Env
	// knows: a task definition outside the stack).
	Key string
	// ARN is the revisioned ARN RunTask is authorized against
	// (task-definition/FAMILY:REVISION), "" when unknown.
	ARN string
	// Family is the task definition's family, "" when unknown.
	Family string
	// ExecutionRole and TaskRole are its roles; a zero Role (Set false)
	// when it has none. Found says whether the roles could be read, and
	// Unknown why not.
	ExecutionRole, TaskRole Role
	Found                   bool
	Unknown                 string
	// Tagged says whether it has tags, which RunTask copies to the task
	// with PropagateTags TASK_DEFINITION.
	Tagged Tri
	// AWSVPC says whether it uses the awsvpc network mode (every Fargate
	// task does).
	AWSVPC bool
	// revisionGuessed is set when ARN names revision 1 of a family
	// outside the stack that a RunTask names without revision.
	revisionGuessed bool
}

// Role is what Env knows about a role.
type Role struct {
	// Set is false when there is no role.
	Set bool
	// Key identifies it to the Env ("" outside the stack).
	Key string
	// ARN is the role's ARN in the Env's account; "" when it cannot be
	// known (then Unknown says why).
	ARN     string
	Unknown string
	// Secret is set when the Env knows the role's name or ARN as a
	// secret: it may decide, but must never be printed.
	Secret bool
}
