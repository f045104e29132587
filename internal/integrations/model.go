package integrations

import (
	"batchpipeline/internal/iam"
)

// Integration describes one Step Functions service integration, such as
// ecs:runTask or codebuild:startBuild: how its Task states are written and
// read, which errors of it are worth a retry, and what AWS authorizes for
// each call it makes. One file of this package defines each integration,
// with the ARN builders of what it names and example Task states;
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
	// IAMServices are the service prefixes of the IAM actions its calls
	// need ("ecs", "iam", "events"): the services of AWS's service
	// authorization reference the tests check it against
	// (reference/generate.sh vendors the registry's).
	IAMServices []string
	// Examples are Task states that, together, take every branch of
	// requests: the reference check runs them all.
	Examples []Example
	// requests returns what a call of the integration needs in env.
	requests func(c Call, env Env) []Request
	// problems returns the reasons every run of a call fails for reasons
	// other than IAM (a parameter ECS rejects, say).
	problems func(c Call, env Env) []string
	// legacy, when set, recognises a Task state Resource that calls the
	// integration without naming it as arn:PARTITION:states:::SERVICE:ACTION
	// (a Lambda function's own ARN), with the pattern it runs.
	legacy func(resource string) (Pattern, bool)
	// accepts, when set, makes the integration take every Resource of
	// the form arn:PARTITION:states:::SERVICE:ACTION that no other
	// integration takes and for which it returns "" (otherwise why it
	// cannot judge it): the AWS SDK integrations.
	accepts func(p ResourceParts) string
	// unjudged, when set, says why the model cannot judge a call it reads
	// ("" when it can): a Survey names it as not checked.
	unjudged func(c Call) string
	// implied returns, for a resource of the stack (by Env Key) that a
	// definition unknown at this preview is built from, what running it
	// through this integration certainly needs: the roles a task
	// definition passes. nil when the integration has nothing to say.
	implied func(env Env, key string) []Request
}

// Example is a Task state of an integration, for its tests.
type Example struct {
	// Name says what branch it takes.
	Name  string
	State TaskState
}

// Name is the integration as written in a Resource, without partition and
// pattern: "ecs:runTask", "aws-sdk:ecs:runTask"; "activity" for an
// activity task.
func (i *Integration) Name() string {
	if i.Action == "" {
		return i.Service // a Task state whose Resource is not an integration's: an activity
	}
	return i.Service + ":" + i.Action
}

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
	// Sync2 runs a child execution and waits for it, its output parsed
	// as JSON (".sync:2", states:startExecution only).
	Sync2 Pattern = "sync:2"
	// WaitForTaskToken waits for SendTaskSuccess or SendTaskFailure
	// (".waitForTaskToken").
	WaitForTaskToken Pattern = "waitForTaskToken"
)

// Kind says what a request authorizes.
type Kind int

const (
	// CallRequest authorizes an API call the caller makes.
	CallRequest Kind = iota
	// PassRoleRequest lets the caller hand a role to the service
	// (iam:PassRole). AWS checks it only when the call is made.
	PassRoleRequest
	// AssumeRoleRequest is sts:AssumeRole on a role: the role's trust
	// policy decides, with the identity policies of the caller when the
	// caller is a role (the state machine's role assuming a Task state's
	// Credentials role).
	AssumeRoleRequest
)

// Principal says whose permissions a request is checked against.
type Principal int

const (
	// CallerRole is the caller's own role: the state machine's execution
	// role, or the role of the EventBridge target or schedule.
	CallerRole Principal = iota
	// CredentialsRole is the role of the Task state's Credentials.RoleArn,
	// which Step Functions assumes to make the state's calls.
	CredentialsRole
	// ServicePrincipal is an AWS service (Request.Service) assuming a
	// role for one of its resources.
	ServicePrincipal
)

// Request is one IAM request AWS evaluates for a caller, whatever made
// it (a Task state's call, an EventBridge or Scheduler target, a service
// assuming a role): whose permissions decide, the action, the resource
// and condition keys, why AWS checks it with the page that says so, and
// the least statement that grants it.
//
// Resource and the values of Context are values known in part (package
// partial) where the model knows their form but not every part: the
// cluster a state chooses at run time, the account of a resource not
// created yet. Each hole says why it is not known.
type Request struct {
	Kind Kind
	// By is whose permissions AWS checks; Service names the service of a
	// ServicePrincipal.
	By      Principal
	Service string
	// Action is the IAM action, "ecs:RunTask".
	Action string
	// Resource is the ARN the request is authorized against.
	Resource string
	// ResourceType names, in AWS's service authorization reference, the
	// resource type Resource is of when it is not one the reference lists
	// for the action ("" otherwise): a qualified Lambda function ARN is a
	// "function alias" or "function version", which Lambda authorizes
	// lambda:InvokeFunction against (lambda.go).
	ResourceType string
	// Context holds the condition keys the request carries, with their
	// values. A key not in it has a value the model does not know.
	Context map[string]string
	// Target is the Key of the task definition, role or project the
	// request acts on, as Env gave it ("" for anything else).
	Target string
	// Role is the role passed or assumed (PassRoleRequest,
	// AssumeRoleRequest).
	Role Role
	// Via names where a passed role comes from: "executionRoleArn",
	// "taskRoleArn", "Overrides.TaskRoleArn", "Credentials.RoleArn"; ""
	// for the roles of a task definition that cannot be read.
	// TaskDefinition is the Key of the task definition it belongs to.
	Via, TaskDefinition string
	// Why says in one line why AWS checks it; Page is the AWS page that
	// says so.
	Why, Page string
	// Fails says, as a sentence without its period, what AWS does when
	// the request is denied, "" for the default: the call fails when it
	// is made.
	Fails string
	// ResourcePolicy names the resource-based policy AWS also evaluates
	// for the request ("the topic's access policy"), "" when the resource
	// has none: within one account it can allow what the caller's
	// identity policies do not.
	ResourcePolicy string
	// Deploy is set when AWS checks the request when the state machine is
	// created or updated rather than when it runs (the managed rules of
	// .sync): the grant must then be in place before the state machine
	// is.
	Deploy bool
	// Unsure says why AWS may not check this request at all ("" when it
	// certainly does): a gap is then reported as unverified, never as a
	// violation.
	Unsure string
	// Grant is the least statement that allows the request, in parts
	// (Statement builds it): for an AssumeRoleRequest by a service, the
	// statement of the role's trust policy.
	Grant Grant
}

// Grant is the least statement that allows a request, in the parts that
// vary: its action is the request's, its effect Allow.
type Grant struct {
	// Sid groups the statements Grants merges.
	Sid string
	// Resource is the ARN or pattern it names, "" for none: a resource
	// chosen at run time, or a trust statement (which names a principal,
	// the request's Service).
	Resource string
	// Op, Key and Value are its one condition, when Op is set:
	// {"Op": {"Key": ["Value"]}}.
	Op, Key, Value string
}

// Statement returns the least statement that allows r.
func (r *Request) Statement() iam.Statement {
	st := iam.Statement{Sid: r.Grant.Sid, Effect: iam.Allow, Action: iam.Strings{r.Action}}
	if r.By == ServicePrincipal {
		st.Principal = &iam.Principal{ByType: map[string]iam.Strings{"Service": {r.Service}}}
	}
	if r.Grant.Resource != "" {
		st.Resource = iam.Strings{r.Grant.Resource}
	}
	if r.Grant.Op != "" {
		st.Condition = map[string]map[string]iam.Strings{r.Grant.Op: {r.Grant.Key: {r.Grant.Value}}}
	}
	return st
}

// Env is what the model asks about the resources a caller names, in
// the caller's account. The policy pack answers from the stack's
// resources, the component from its jobs. Resources of one kind are
// resolved through small optional interfaces an integration asks for
// (TaskDefinitionResolver), so that a new kind of resource does not
// change Env for the others.
type Env interface {
	// Account is where the caller runs: its partition, region and
	// account, each a value known in part when not known yet.
	Account() Account
	// Role describes the role an ARN or a role name names.
	Role(ref string) Role
}

// TaskDefinitionResolver is the Env of a stack that holds ECS task
// definitions.
type TaskDefinitionResolver interface {
	// TaskDefinitions describes the task definitions of the stack a
	// RunTask reference (a family, family:revision, an ARN or a Key)
	// names: none when it names one outside the stack, more than one when
	// the stack has several of that family.
	TaskDefinitions(ref string) []TaskDefinition
}

// Tri is a fact that may not be known yet.
type Tri int

// The values of a Tri, ordered so that max picks the strongest: a Yes
// wins over a Maybe, which wins over a No.
const (
	No Tri = iota
	Maybe
	Yes
)

// TaskDefinition is what Env knows about a task definition.
type TaskDefinition struct {
	// Key identifies it to the Env ("" when it is not a resource the Env
	// knows: a task definition outside the stack).
	Key string
	// ARN is the revisioned ARN RunTask is authorized against
	// (task-definition/FAMILY:REVISION), known in part when its family,
	// revision or account is not known yet.
	ARN string
	// Family is the task definition's family, "" when unknown.
	Family string
	// ExecutionRole and TaskRole are its roles; a zero Role (Set false)
	// when it has none.
	ExecutionRole, TaskRole Role
	// RolesUnread, when set, says why its roles cannot be read (a task
	// definition outside the stack, or chosen at run time); then whether
	// it names roles at all is not known either.
	RolesUnread string
	// Tagged says whether it has tags, which RunTask copies to the task
	// with PropagateTags TASK_DEFINITION.
	Tagged Tri
	// AWSVPC says whether it uses the awsvpc network mode (every Fargate
	// task does).
	AWSVPC bool
}

// Role is what Env knows about a role.
type Role struct {
	// Set is false when there is no role.
	Set bool
	// Key identifies it to the Env ("" outside the stack).
	Key string
	// ARN is the role's ARN, known in part when its name, path or account
	// is not known yet.
	ARN string
	// Secret is set when the Env knows the role's name or ARN as a
	// secret: it may decide, but must never be printed.
	Secret bool
}
