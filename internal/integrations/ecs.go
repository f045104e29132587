package integrations

import (
	"fmt"
	"strconv"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// Pages of the ECS integration.
const (
	// ecsIAMPage lists the IAM the state machine role needs for it.
	ecsIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html"
	// ecsTaggingPage says which APIs need ecs:TagResource to tag what
	// they create, and since when.
	ecsTaggingPage = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html"
	// runTaskAPIPage is the RunTask API reference (parameters, defaults).
	runTaskAPIPage = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html"
	// passRolePage explains iam:PassRole and iam:PassedToService.
	passRolePage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"
)

// ECS facts the model uses.
const (
	// ECSTasksService is the principal ECS task roles trust, and the value
	// of iam:PassedToService when ECS receives a role through RunTask.
	ECSTasksService = "ecs-tasks.amazonaws.com"
	// ECSEventsRule is the EventBridge rule Step Functions manages in the
	// account to learn that a task started by ecs:runTask.sync stopped
	// (ecsIAMPage).
	ECSEventsRule = "StepFunctionsGetEventsForECSTaskRule"
	// defaultCluster is the cluster RunTask uses when none is given
	// (runTaskAPIPage: "If you do not specify a cluster, the default
	// cluster is assumed.").
	defaultCluster = "default"
	// sampleTaskID stands for the ID of a task not started yet: requests
	// on a task are evaluated against task/CLUSTER/sampleTaskID, which
	// only a pattern for every task of the cluster matches.
	sampleTaskID = "00000000000000000000000000000000"
)

// ClusterARN returns the ARN of an ECS cluster.
func (a Account) ClusterARN(name string) string { return a.ARN("ecs", "cluster/"+name) }

// TaskDefinitionFamilyARN returns the pattern matching every revision of a
// task definition family: arn:P:ecs:R:A:task-definition/FAMILY:*.
//
// ecs:RunTask is authorized against the revisioned ARN
// (task-definition/FAMILY:REV), even when the caller names the family
// only, so a policy naming task-definition/FAMILY without ":*" never
// matches and RunTask fails with AccessDenied. The Step Functions template
// names [[taskDefinition]]:[[revisionNumber]] (ecsIAMPage), and CDK's
// EcsRunTask grants getTaskDefinitionFamilyArn() + ':*' so that a new
// revision does not need a new policy
// (aws-cdk, packages/aws-cdk-lib/aws-stepfunctions-tasks/lib/ecs/run-task.ts,
// makePolicyStatements).
func (a Account) TaskDefinitionFamilyARN(family string) string {
	return a.ARN("ecs", "task-definition/"+family+":*")
}

// TaskDefinitionARN returns the ARN of one revision of a task definition.
func (a Account) TaskDefinitionARN(family string, revision int) string {
	return a.ARN("ecs", "task-definition/"+family+":"+strconv.Itoa(revision))
}

// TaskARN returns the ARN of an ECS task of a cluster, in the long form
// ECS uses for every task since 2021: task/CLUSTER/ID
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids).
func (a Account) TaskARN(cluster, id string) string { return a.ARN("ecs", "task/"+cluster+"/"+id) }

// ClusterTasksPattern returns the pattern of every task ARN of a cluster,
// task/CLUSTER/*.
func (a Account) ClusterTasksPattern(cluster string) string { return a.TaskARN(cluster, "*") }

// TaskDefinitionFromARN returns the family and revision ("" when the ARN
// names the family only) of a task definition ARN,
// arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION.
func TaskDefinitionFromARN(s string) (family, revision string, ok bool) {
	a, ok := arn.Parse(s)
	if !ok || a.Service != "ecs" {
		return "", "", false
	}
	rest, ok := strings.CutPrefix(a.Resource, "task-definition/")
	if !ok || rest == "" {
		return "", "", false
	}
	family, revision, _ = strings.Cut(rest, ":")
	return family, revision, family != ""
}

// ClusterFromARN returns the name of an ECS cluster ARN,
// arn:aws:ecs:REGION:ACCOUNT:cluster/NAME.
func ClusterFromARN(s string) (string, bool) {
	a, ok := arn.Parse(s)
	if !ok || a.Service != "ecs" {
		return "", false
	}
	name, ok := strings.CutPrefix(a.Resource, "cluster/")
	return name, ok && name != ""
}

// ecsRunTask is the optimized integration ecs:runTask
// (arn:aws:states:::ecs:runTask[.sync|.waitForTaskToken]).
var ecsRunTask = &Integration{
	Service:  "ecs",
	Action:   "runTask",
	Patterns: []Pattern{RequestResponse, Sync, WaitForTaskToken},
	Page:     ecsIAMPage,
	// ECS.AmazonECSException: RunTask answered with an ECS API exception
	// (throttling, ...); ECS.ServerException: a server-side error;
	// AmazonECS.Unknown: a .sync or .waitForTaskToken RunTask whose answer
	// lists Failures, such as no Fargate capacity ("If a non-empty Failures
	// field is encountered, the task is failed with an AmazonECS.Unknown
	// error", https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html).
	// The two ECS.* names are not listed on an AWS page; they are what Step
	// Functions reports for ECS API errors (seen in execution histories,
	// wellcomecollection/catalogue-pipeline#3554). A task whose container exits
	// non-zero (States.TaskFailed) or times out (States.Timeout) is not
	// retried: it would run the whole job again.
	RetryErrors: []string{"ECS.AmazonECSException", "ECS.ServerException", "AmazonECS.Unknown"},
	IAMServices: []string{"ecs", "iam", "events", "sts"},
	Examples:    runTaskExamples("arn:aws:states:::ecs:runTask", RequestResponse, Sync, WaitForTaskToken),
	requests:    runTaskRequests,
	problems:    runTaskProblems,
	implied:     runTaskImplied,
}

// ecsRunTaskSDK is the AWS SDK integration aws-sdk:ecs:runTask, which
// calls the same API with the same parameters; Step Functions supports
// no .sync for SDK integrations
// (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
var ecsRunTaskSDK = &Integration{
	Service:     "aws-sdk:ecs",
	Action:      "runTask",
	Patterns:    []Pattern{RequestResponse, WaitForTaskToken},
	Page:        "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html",
	IAMServices: []string{"ecs", "iam", "sts"},
	Examples:    runTaskExamples("arn:aws:states:::aws-sdk:ecs:runTask", RequestResponse, WaitForTaskToken),
	// No RetryErrors: the component never writes this integration.
	requests: runTaskRequests,
	problems: runTaskProblems,
}

// ECSRunTask returns the ecs:runTask integration.
func ECSRunTask() *Integration { return ecsRunTask }

// runTaskExamples are Task states that take every branch of
// runTaskRequests: the cluster by ARN, by name, absent and chosen at run
// time; the task definition by family, chosen at run time and outside
// the stack; tags by every means; overrides; Credentials; each pattern of
// the integration.
func runTaskExamples(resource string, patterns ...Pattern) []Example {
	a := Account{Partition: "aws", Region: "ap-northeast-1", ID: "123456789012"}
	base := func(edit func(p map[string]any)) map[string]any {
		p := RunTask{Cluster: a.ClusterARN("batch"), TaskDefinition: "nightly", LaunchType: "FARGATE",
			Subnets: []string{"subnet-0abc"}, PropagateTags: true}.Parameters()
		edit(p)
		return p
	}
	var out []Example
	for _, p := range patterns {
		suffix := ""
		if p != RequestResponse {
			suffix = "." + string(p)
		}
		out = append(out,
			Example{"tagged, with overrides" + suffix, TaskState{Resource: resource + suffix, Parameters: base(func(p map[string]any) {
				p["Tags"] = []any{map[string]any{"Key": "k", "Value": "v"}}
				p["EnableECSManagedTags"] = true
				p["Overrides"] = map[string]any{"TaskRoleArn": a.RoleARN("/", "o"), "ExecutionRoleArn.$": "$.exec"}
			})}},
			Example{"cluster by name, Credentials" + suffix, TaskState{Resource: resource + suffix, Parameters: base(func(p map[string]any) {
				p["Cluster"] = "batch"
			}), Credentials: map[string]any{"RoleArn": "arn:aws:iam::210987654321:role/runner"}}},
			Example{"default cluster, a family outside the stack" + suffix, TaskState{Resource: resource + suffix, Parameters: base(func(p map[string]any) {
				delete(p, "Cluster")
				p["TaskDefinition"] = "other"
			})}},
			Example{"chosen at run time" + suffix, TaskState{Resource: resource + suffix, Parameters: base(func(p map[string]any) {
				delete(p, "Cluster")
				delete(p, "TaskDefinition")
				p["Cluster.$"], p["TaskDefinition.$"] = "$.cluster", "$.td"
			}), Credentials: map[string]any{"RoleArn.$": "$.role"}}},
		)
	}
	return out
}

// RunTask is how the component writes the Parameters of an ecs:runTask
// Task state; the model reads them back by the same names.
type RunTask struct {
	// Cluster is the cluster's ARN.
	Cluster string
	// TaskDefinition is the family (its latest ACTIVE revision runs) or
	// an ARN.
	TaskDefinition string
	// LaunchType is FARGATE for every task of the pipeline.
	LaunchType string
	// Subnets, SecurityGroups and AssignPublicIP place an awsvpc task.
	Subnets, SecurityGroups []string
	AssignPublicIP          bool
	// NetworkPath, when set, is the JSONPath of the state's input that
	// holds the whole NetworkConfiguration (as NetworkConfiguration
	// writes it): the network is chosen at run time, and Subnets,
	// SecurityGroups and AssignPublicIP are not written.
	NetworkPath string
	// PropagateTags copies the task definition's tags to the task.
	PropagateTags bool
}

// Parameters returns the state's Parameters (runTaskAPIPage).
func (r RunTask) Parameters() map[string]any {
	p := map[string]any{
		"Cluster":        r.Cluster,
		"TaskDefinition": r.TaskDefinition,
		"LaunchType":     r.LaunchType,
	}
	if r.NetworkPath != "" {
		p["NetworkConfiguration.$"] = r.NetworkPath
	} else {
		p["NetworkConfiguration"] = r.NetworkConfiguration()
	}
	if r.PropagateTags {
		p["PropagateTags"] = "TASK_DEFINITION"
	}
	return p
}

// NetworkConfiguration is the RunTask NetworkConfiguration of Subnets,
// SecurityGroups and AssignPublicIP (runTaskAPIPage): what Parameters
// writes, and what the input at NetworkPath must hold.
func (r RunTask) NetworkConfiguration() map[string]any {
	assign := "DISABLED"
	if r.AssignPublicIP {
		assign = "ENABLED"
	}
	vpc := map[string]any{"Subnets": r.Subnets, "AssignPublicIp": assign}
	if len(r.SecurityGroups) > 0 {
		vpc["SecurityGroups"] = r.SecurityGroups
	}
	return map[string]any{"AwsvpcConfiguration": vpc}
}

// cluster is where a RunTask starts its task.
type cluster struct {
	// arn and name may hold a hole: the cluster a state chooses at run
	// time; known says they do not.
	arn, name string
	known     bool
	// account is the cluster's, where its tasks live.
	account Account
}

// clusterOf reads the Cluster parameter: an ARN, a name in the state
// machine's account and region, or none (the default cluster).
func clusterOf(c Call, acct Account) cluster {
	v := c.Param("Cluster")
	ref, static := v.Static()
	unknown := func(why string) cluster {
		name := partial.Hole{Label: "CLUSTER", Class: partial.Name, Why: why}.String()
		return cluster{arn: acct.ClusterARN(name), name: name, account: acct}
	}
	switch {
	case !v.Set:
		return cluster{arn: acct.ClusterARN(defaultCluster), name: defaultCluster, known: true, account: acct}
	case !static || ref == "":
		return unknown(c.notKnown("cluster"))
	}
	if a, ok := arn.Parse(ref); ok {
		name, isCluster := ClusterFromARN(ref)
		if !isCluster || !arn.IsAccountID(a.AccountID) || a.Region == "" {
			return unknown(c.field() + ".Cluster is not the ARN of a cluster with its account and region")
		}
		return cluster{arn: ref, name: name, known: true, account: AccountOf(a)}
	}
	return cluster{arn: acct.ClusterARN(ref), name: ref, known: true, account: acct}
}

// runTaskRequests is what an ecs:runTask call needs (ecsIAMPage):
// ecs:RunTask on the task definition, iam:PassRole on every role it hands
// to ECS, ecs:TagResource when the task is created with tags, and for
// .sync ecs:StopTask, ecs:DescribeTasks and the managed events rule.
func runTaskRequests(c Call, env Env) []Request {
	acct := env.Account()
	cl := clusterOf(c, acct)
	// RunTask, two roles, tagging; for .sync two task actions and three
	// on the rule: what a task definition of the stack needs.
	size := 4
	if c.Pattern == Sync {
		size += 5
	}
	reqs := make([]Request, 0, size)
	for _, td := range taskDefinitionsOf(c, env) {
		reqs = appendRunTask(reqs, acct, td, cl.arn)
		if r, ok := tagRequest(c, td, cl); ok {
			reqs = append(reqs, r)
		}
	}
	reqs = append(reqs, overrideRequests(c, env)...)
	if c.Pattern == Sync {
		reqs = append(reqs, taskRequest(cl, "ecs:StopTask",
			"Step Functions stops the task with ecs:StopTask when the execution is stopped or the state times out"))
		reqs = append(reqs, taskRequest(cl, "ecs:DescribeTasks",
			"Step Functions follows the task with ecs:DescribeTasks until it stops"))
		reqs = appendEventsRule(reqs, c, acct, ECSEventsRule, ecsIAMPage)
	}
	return reqs
}

// runTaskImplied is what a definition unknown at this preview certainly
// needs of a task definition it is built from: to pass its roles.
func runTaskImplied(env Env, key string) []Request {
	r, ok := env.(TaskDefinitionResolver)
	if !ok {
		return nil
	}
	tds := r.TaskDefinitions(key)
	if len(tds) != 1 {
		return nil
	}
	return RunTaskRequests(env.Account(), tds[0], "")[1:]
}

// taskDefinitionsOf returns the task definitions a RunTask may start: the
// stack's of that reference, or one outside the stack built from the
// reference, or one chosen at run time.
func taskDefinitionsOf(c Call, env Env) []TaskDefinition {
	v := c.Param("TaskDefinition")
	ref, static := v.Static()
	acct := env.Account()
	switch {
	case v.Dynamic:
		return []TaskDefinition{unknownTaskDefinition(acct, c.notKnown("task definition"))}
	case !v.Set:
		return []TaskDefinition{unknownTaskDefinition(acct, c.who()+" names no TaskDefinition")}
	case !static:
		return []TaskDefinition{unknownTaskDefinition(acct, c.who()+" has a TaskDefinition that is not a string")}
	}
	if r, ok := env.(TaskDefinitionResolver); ok {
		if tds := r.TaskDefinitions(ref); len(tds) > 0 {
			return tds
		}
	}
	return []TaskDefinition{outsideTaskDefinition(acct, ref)}
}

// unknownTaskDefinition is a task definition of which nothing is known:
// any family and revision of the account, roles not read.
func unknownTaskDefinition(acct Account, why string) TaskDefinition {
	family := partial.Hole{Label: "FAMILY", Class: partial.Name, Why: why}.String()
	revision := partial.Hole{Label: "REVISION", Class: partial.Digits, Why: why}.String()
	return TaskDefinition{ARN: acct.ARN("ecs", "task-definition/"+family+":"+revision), RolesUnread: why, Tagged: Maybe}
}

// outsideTaskDefinition describes a task definition the stack does not
// hold, from the reference alone: its ARN (in the reference's account, or
// acct for a family), but not its roles.
func outsideTaskDefinition(acct Account, ref string) TaskDefinition {
	why := fmt.Sprintf("the task definition %q is not in this stack", ref)
	family, revision, _ := strings.Cut(ref, ":")
	if arn.HasPrefix(ref) {
		f, r, ok := TaskDefinitionFromARN(ref)
		a, _ := arn.Parse(ref)
		if !ok {
			return unknownTaskDefinition(acct, fmt.Sprintf("%q is not a task definition ARN", ref))
		}
		family, revision, acct = f, r, AccountOf(a)
	}
	td := TaskDefinition{Family: family, RolesUnread: why, Tagged: Maybe}
	if n, err := strconv.Atoi(revision); err == nil && n > 0 {
		td.ARN = acct.TaskDefinitionARN(family, n)
		return td
	}
	// RunTask runs the family's latest ACTIVE revision, which only the
	// account knows.
	td.ARN = RevisionOf(acct, family, "RunTask runs the latest ACTIVE revision of "+family+", which is not known before the run")
	return td
}

// RevisionOf returns the ARN of a revision of family not known yet, for
// why.
func RevisionOf(acct Account, family, why string) string {
	rev := partial.Hole{Label: "REVISION", Class: partial.Digits, Why: why}
	return acct.ARN("ecs", "task-definition/"+family+":"+rev.String())
}

// RunTaskRequests returns what running a task of td on the cluster with
// ARN clusterARN (known in part, or "" for a caller that names none)
// needs, whoever calls RunTask: first ecs:RunTask on the task
// definition's revision, then iam:PassRole on its execution role and its
// task role, towards ECS tasks.
func RunTaskRequests(acct Account, td TaskDefinition, clusterARN string) []Request {
	return appendRunTask(make([]Request, 0, 3), acct, td, clusterARN)
}

// appendRunTask appends RunTaskRequests' answer to reqs.
func appendRunTask(reqs []Request, acct Account, td TaskDefinition, clusterARN string) []Request {
	run := Request{
		Kind:     CallRequest,
		Action:   "ecs:RunTask",
		Resource: td.ARN,
		Target:   td.Key,
		Why:      "ecs:RunTask is authorized against the revision of the task definition it starts",
		Page:     ecsIAMPage,
		Grant:    Grant{Sid: "ECSRunTask"},
	}
	// A grant on every revision of the family, so that a new revision
	// needs no new policy; a family-only name runs its latest ACTIVE
	// revision and is authorized against FAMILY:REVISION, so a grant on
	// task-definition/FAMILY without ":*" never matches. CDK's EcsRunTask
	// grants the same (aws-stepfunctions-tasks/lib/ecs/run-task.ts).
	switch {
	case td.Family != "":
		run.Grant.Resource = acct.TaskDefinitionFamilyARN(td.Family)
	case partial.Known(td.ARN):
		run.Grant.Resource = td.ARN
	}
	if clusterARN != "" {
		// ecs:cluster carries the ARN of the cluster the task starts on
		// (service authorization reference, ecs:RunTask).
		run.Context = map[string]string{"ecs:cluster": clusterARN}
		if partial.Known(clusterARN) {
			run.Grant.Op, run.Grant.Key, run.Grant.Value = "ArnEquals", "ecs:cluster", clusterARN
		}
	}
	reqs = append(reqs, run)
	if td.RolesUnread != "" {
		// Its roles cannot be read: any role of the account, if it names
		// one at all.
		role := Role{Set: true, ARN: acct.RoleARN("/", partial.Hole{Label: "ROLE", Class: partial.Any, Why: td.RolesUnread}.String())}
		r := passRoleRequest(role, "")
		r.TaskDefinition = td.Key
		r.Unsure = "whether the task definition names an execution or task role is not known: " + td.RolesUnread
		return append(reqs, r)
	}
	for _, ro := range []struct {
		via  string
		role Role
	}{{"executionRoleArn", td.ExecutionRole}, {"taskRoleArn", td.TaskRole}} {
		if ro.role.Set {
			r := passRoleRequest(ro.role, ro.via)
			r.TaskDefinition = td.Key
			reqs = append(reqs, r)
		}
	}
	return reqs
}

// passRoleRequest is the iam:PassRole that hands role to ECS: AWS checks
// it when RunTask is called, so a missing one fails every run while the
// deploy succeeds. The AWS template for the integration leaves it out of
// its JSON and mentions it in a sentence below (ecsIAMPage); AWS's own
// AmazonEC2ContainerServiceEventsRole scopes it with iam:PassedToService.
func passRoleRequest(role Role, via string) Request {
	return PassRoleTo(role, via, ECSTasksService, "ECSPassTaskRoles",
		"ECS checks when the task starts that the caller may pass the role (iam:PassRole towards "+ECSTasksService+")", passRolePage)
}

// PassedToServiceKey is the condition key of iam:PassRole that names the
// service a role is passed to.
const PassedToServiceKey = "iam:PassedToService"

// PassRoleTo is the iam:PassRole request of a call that hands role (read
// from the parameter via) to service, which AWS evaluates with
// iam:PassedToService = service
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html):
// the caller must be allowed to pass it. sid groups the grants; why and
// page say why AWS checks it.
func PassRoleTo(role Role, via, service, sid, why, page string) Request {
	r := Request{
		Kind:     PassRoleRequest,
		Action:   "iam:PassRole",
		Resource: role.ARN,
		Context:  map[string]string{PassedToServiceKey: service},
		Target:   role.Key,
		Role:     role,
		Via:      via,
		Why:      why,
		Page:     page,
		Grant:    Grant{Sid: sid, Op: "StringEquals", Key: PassedToServiceKey, Value: service},
	}
	if role.ARN != "" {
		// Known in part, it is the template a message shows
		// (ROLE, PATH/); the component's roles are always known.
		r.Grant.Resource = role.ARN
	}
	return r
}

// overrideRequests are the roles a state passes through its container
// overrides (Overrides.TaskRoleArn, Overrides.ExecutionRoleArn), which
// ECS uses instead of the task definition's.
func overrideRequests(c Call, env Env) []Request {
	var reqs []Request
	for _, key := range []string{"TaskRoleArn", "ExecutionRoleArn"} {
		v := c.Param("Overrides", key)
		via := "Overrides." + key
		switch ref, static := v.Static(); {
		case !v.Set:
		case !static:
			// A role passed to ECS is in the caller's account: "You can
			// only use the PassRole permission to pass an IAM role to a
			// service that shares the same AWS account" (passRolePage).
			hole := partial.Hole{Label: "ROLE", Class: partial.Any, Why: c.who() + " sets " + via + " at run time"}
			reqs = append(reqs, passRoleRequest(Role{Set: true, ARN: env.Account().RoleARN("/", hole.String())}, via))
		default:
			reqs = append(reqs, passRoleRequest(env.Role(ref), via))
		}
	}
	return reqs
}

// tagRequest is ecs:TagResource on the task RunTask creates with tags.
// ECS authorizes tagging on create since tag authorization became
// mandatory (2024-03-29, ecsTaggingPage): RunTask with PropagateTags
// TASK_DEFINITION copies the task definition's tags, Tags adds its own.
// Whether ECS's own managed tags (EnableECSManagedTags) alone need it is
// not documented: that request is reported as unsure.
func tagRequest(c Call, td TaskDefinition, cl cluster) (Request, bool) {
	r := Request{
		Kind:    CallRequest,
		Action:  "ecs:TagResource",
		Context: map[string]string{"ecs:CreateAction": "RunTask"},
		Why:     "RunTask creates the task with tags, and ECS authorizes tagging on create with ecs:TagResource (tag authorization, on for every account since 2024-03-29)",
		Page:    ecsTaggingPage,
		Grant:   Grant{Sid: "ECSTagTasksOnCreate", Op: "StringEquals", Key: "ecs:CreateAction", Value: "RunTask"},
	}
	setTaskResource(&r, cl)
	tagged := No
	if v := c.Param("PropagateTags"); v.Dynamic {
		tagged = Maybe
	} else if s, _ := v.Static(); s == "TASK_DEFINITION" {
		tagged = td.Tagged
	}
	switch v := c.Param("Tags"); {
	case v.Dynamic:
		tagged = max(tagged, Maybe)
	case v.nonEmpty():
		tagged = Yes
	}
	managed := c.Param("EnableECSManagedTags")
	switch {
	case tagged == Yes:
	case tagged == Maybe:
		r.Unsure = "whether the task is created with tags is not known before the run"
	case managed.truthy() || managed.Dynamic:
		r.Unsure = "EnableECSManagedTags adds ECS's own aws:ecs:* tags; whether ECS authorizes those with ecs:TagResource is not documented"
	default:
		return Request{}, false
	}
	return r, true
}

// taskRequest is an action on the task a .sync RunTask started.
func taskRequest(cl cluster, action, why string) Request {
	r := Request{
		Kind:   CallRequest,
		Action: action,
		Why:    why,
		Page:   ecsIAMPage,
		Grant:  Grant{Sid: "ECSFollowTasks"},
	}
	setTaskResource(&r, cl)
	return r
}

// setTaskResource sets the request and grant resources of a request on
// the task RunTask starts on cl: task/CLUSTER/ID, granted on
// task/CLUSTER/*, or on the tasks of every cluster when the cluster is
// chosen at run time.
func setTaskResource(r *Request, cl cluster) {
	r.Resource = cl.account.TaskARN(cl.name, sampleTaskID)
	if cl.known {
		r.Grant.Resource = cl.account.ClusterTasksPattern(cl.name)
	} else {
		r.Grant.Resource = cl.account.ClusterTasksPattern("*")
	}
}

// runTaskProblems: an awsvpc task needs a network configuration; without
// it every run fails with "Network Configuration must be provided when
// networkMode 'awsvpc' is specified" (runTaskAPIPage, networkConfiguration).
func runTaskProblems(c Call, env Env) []string {
	if c.Param("NetworkConfiguration").Set {
		return nil
	}
	const fails = "without it every run fails with \"Network Configuration must be provided when networkMode 'awsvpc' is specified\" (" + runTaskAPIPage + ")"
	launchType, network := "LaunchType", c.field()+".NetworkConfiguration.AwsvpcConfiguration (Subnets, SecurityGroups)"
	if c.target != nil {
		// The Pulumi properties of the target (pulumi-aws 6.83.4).
		launchType, network = "launchType", c.target.Field+".networkConfiguration (subnets, securityGroups)"
	}
	if lt, _ := c.Param("LaunchType").Static(); lt == "FARGATE" {
		return []string{launchType + " FARGATE needs " + network + "; " + fails}
	}
	for _, td := range taskDefinitionsOf(c, env) {
		if td.AWSVPC {
			return []string{"its task definition uses the awsvpc network mode, so the task needs " + network + "; " + fails}
		}
	}
	return nil
}
