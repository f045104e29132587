package integrations

import (
	"fmt"
	"strconv"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
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

// FamilyMatch says which task definitions an IAM Resource pattern may
// match, by family.
type FamilyMatch struct {
	// All: a wildcard comes before the family, so any task definition.
	All bool
	// Family is the family, or with Prefix set the start of the families,
	// the pattern may match. A pattern that names no task definition
	// matches the family "", which none has.
	Family string
	Prefix bool
}

// TaskDefinitionFamilies tells which task definitions a Resource pattern
// may match (a pattern such as arn:aws:ecs:*:*:task-definition/nightly-*
// or .../nightly:*), so that a caller can find the candidates without
// evaluating every task definition. It is a superset: each candidate must
// still be evaluated.
func TaskDefinitionFamilies(pattern string) FamilyMatch {
	lit := pattern
	if i := strings.IndexAny(pattern, "*?"); i >= 0 {
		lit = pattern[:i]
	}
	const marker = ":task-definition/"
	i := strings.Index(lit, marker)
	if i < 0 {
		// Without a wildcard, a pattern that does not name a task
		// definition matches none; with one before the marker, any.
		return FamilyMatch{All: lit != pattern}
	}
	famPart := lit[i+len(marker):]
	if fam, _, cut := strings.Cut(famPart, ":"); cut || lit == pattern {
		return FamilyMatch{Family: fam}
	}
	// A wildcard inside the family: every family with that prefix.
	return FamilyMatch{Family: famPart, Prefix: true}
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
	needs:       runTaskNeeds,
	problems:    runTaskProblems,
}

// ecsRunTaskSDK is the AWS SDK integration aws-sdk:ecs:runTask, which
// calls the same API with the same parameters; Step Functions supports
// no .sync for SDK integrations
// (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
var ecsRunTaskSDK = &Integration{
	Service:  "aws-sdk:ecs",
	Action:   "runTask",
	Patterns: []Pattern{RequestResponse, WaitForTaskToken},
	Page:     "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html",
	// No RetryErrors: the component never writes this integration.
	needs:    runTaskNeeds,
	problems: runTaskProblems,
}

// ECSRunTask returns the ecs:runTask integration.
func ECSRunTask() *Integration { return ecsRunTask }

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
	// PropagateTags copies the task definition's tags to the task.
	PropagateTags bool
}

// Parameters returns the state's Parameters (runTaskAPIPage).
func (r RunTask) Parameters() map[string]any {
	assign := "DISABLED"
	if r.AssignPublicIP {
		assign = "ENABLED"
	}
	vpc := map[string]any{"Subnets": r.Subnets, "AssignPublicIp": assign}
	if len(r.SecurityGroups) > 0 {
		vpc["SecurityGroups"] = r.SecurityGroups
	}
	p := map[string]any{
		"Cluster":              r.Cluster,
		"TaskDefinition":       r.TaskDefinition,
		"LaunchType":           r.LaunchType,
		"NetworkConfiguration": map[string]any{"AwsvpcConfiguration": vpc},
	}
	if r.PropagateTags {
		p["PropagateTags"] = "TASK_DEFINITION"
	}
	return p
}

// cluster is where a RunTask starts its task.
type cluster struct {
	// arn and name are "" when the cluster is chosen at run time.
	arn, name string
	// account is the cluster's, where its tasks live.
	account Account
}

// clusterOf reads the Cluster parameter: an ARN, a name in the state
// machine's account and region, or none (the default cluster).
func clusterOf(c Call, acct Account) cluster {
	v := c.Param("Cluster")
	ref, static := v.Static()
	switch {
	case !v.Set:
		return cluster{arn: acct.ClusterARN(defaultCluster), name: defaultCluster, account: acct}
	case !static || ref == "":
		return cluster{account: acct}
	}
	if a, ok := arn.Parse(ref); ok {
		name, isCluster := ClusterFromARN(ref)
		if !isCluster || !arn.IsAccountID(a.AccountID) || a.Region == "" {
			return cluster{account: acct}
		}
		return cluster{arn: ref, name: name, account: AccountOf(a)}
	}
	return cluster{arn: acct.ClusterARN(ref), name: ref, account: acct}
}

// runTaskNeeds is what an ecs:runTask call needs (ecsIAMPage): ecs:RunTask
// on the task definition, iam:PassRole on every role it hands to ECS,
// ecs:TagResource when the task is created with tags, and for .sync
// ecs:StopTask, ecs:DescribeTasks and the managed events rule.
func runTaskNeeds(c Call, env Env) []Need {
	acct := env.Account()
	cl := clusterOf(c, acct)
	needs := make([]Need, 0, 12)
	for _, td := range taskDefinitionsOf(c, env) {
		run := RunTaskNeeds(acct, td, cl.arn)
		if td.Unknown != "" && !td.Found && td.ARN == "" {
			run[0].Unknown = c.who() + " " + td.Unknown
		}
		needs = append(needs, run...)
		if n, ok := tagNeed(c, td, cl); ok {
			needs = append(needs, n)
		}
	}
	needs = append(needs, overrideNeeds(c, env)...)
	if c.Pattern == Sync {
		needs = append(needs, taskNeed(c, cl, "ecs:StopTask",
			"Step Functions stops the task with ecs:StopTask when the execution is stopped or the state times out"))
		needs = append(needs, taskNeed(c, cl, "ecs:DescribeTasks",
			"Step Functions follows the task with ecs:DescribeTasks until it stops"))
		needs = append(needs, eventsRuleNeeds(c, acct, ECSEventsRule, ecsIAMPage)...)
	}
	return needs
}

// taskDefinitionsOf returns the task definitions a RunTask may start: the
// stack's of that reference, or one outside the stack built from the
// reference, or an unknown one when the state chooses it at run time.
func taskDefinitionsOf(c Call, env Env) []TaskDefinition {
	v := c.Param("TaskDefinition")
	ref, static := v.Static()
	switch {
	case v.Dynamic && c.target != nil:
		return []TaskDefinition{{Unknown: "runs a task definition not known at this preview, so the roles it passes cannot be read yet"}}
	case v.Dynamic:
		return []TaskDefinition{{Unknown: "chooses its task definition at run time (TaskDefinition.$ or an expression), so the roles it passes cannot be known before it runs"}}
	case !v.Set:
		return []TaskDefinition{{Unknown: "names no TaskDefinition"}}
	case !static:
		return []TaskDefinition{{Unknown: "has a TaskDefinition that is not a string"}}
	}
	if tds := env.TaskDefinitions(ref); len(tds) > 0 {
		return tds
	}
	return []TaskDefinition{outsideTaskDefinition(env.Account(), ref)}
}

// outsideTaskDefinition describes a task definition the stack does not
// hold, from the reference alone: its ARN (in the reference's account, or
// acct for a family), but not its roles.
func outsideTaskDefinition(acct Account, ref string) TaskDefinition {
	td := TaskDefinition{Unknown: fmt.Sprintf("runs task definition %q, which is not in this stack, so its roles cannot be read", ref)}
	family, revision, _ := strings.Cut(ref, ":")
	if arn.HasPrefix(ref) {
		f, r, ok := TaskDefinitionFromARN(ref)
		a, _ := arn.Parse(ref)
		if !ok {
			td.Unknown = fmt.Sprintf("runs %q, which is not a task definition ARN", ref)
			return td
		}
		family, revision, acct = f, r, AccountOf(a)
	}
	td.Family = family
	if n, err := strconv.Atoi(revision); err == nil && n > 0 {
		td.ARN = acct.TaskDefinitionARN(family, n)
		return td
	}
	// RunTask runs the family's latest ACTIVE revision, which only the
	// account knows: checked as revision 1, a gap is not certain.
	td.ARN = acct.TaskDefinitionARN(family, 1)
	td.revisionGuessed = true
	return td
}

// RunTaskNeeds returns what running a task of td on the cluster with ARN
// clusterARN ("" when not known) needs, whoever calls RunTask: first
// ecs:RunTask on the task definition's revision, then iam:PassRole on its
// execution role and its task role, towards ECS tasks.
func RunTaskNeeds(acct Account, td TaskDefinition, clusterARN string) []Need {
	run := Need{
		Kind:     CallNeed,
		Action:   "ecs:RunTask",
		Resource: td.ARN,
		Target:   td.Key,
		Why:      "ecs:RunTask is authorized against the revision of the task definition it starts",
		Page:     ecsIAMPage,
		Grant: iam.Statement{
			Sid:    "ECSRunTask",
			Effect: iam.Allow,
			Action: iam.Strings{"ecs:RunTask"},
		},
	}
	switch {
	case td.Unknown != "" && !td.Found && td.ARN == "":
		run.Unknown = "the caller " + td.Unknown
	case td.ARN == "":
		run.Unknown = "the task definition's ARN is not known before it is registered"
	case td.revisionGuessed:
		run.Unsure = "the task definition is not in this stack and is named without a revision: RunTask runs its latest ACTIVE revision, which is not known before the run"
	}
	// A grant on every revision of the family, so that a new revision
	// needs no new policy; a family-only name runs its latest ACTIVE
	// revision and is authorized against FAMILY:REVISION, so a grant on
	// task-definition/FAMILY without ":*" never matches. CDK's EcsRunTask
	// grants the same (aws-stepfunctions-tasks/lib/ecs/run-task.ts).
	switch {
	case td.Family != "":
		run.Grant.Resource = iam.Strings{acct.TaskDefinitionFamilyARN(td.Family)}
	case td.ARN != "":
		run.Grant.Resource = iam.Strings{td.ARN}
	}
	if clusterARN != "" {
		// ecs:cluster carries the ARN of the cluster the task starts on
		// (service authorization reference, ecs:RunTask).
		run.Context = map[string]string{"ecs:cluster": clusterARN}
		run.Grant.Condition = map[string]map[string]iam.Strings{"ArnEquals": {"ecs:cluster": {clusterARN}}}
	}
	needs := make([]Need, 1, 3)
	needs[0] = run
	if !td.Found {
		// Its roles cannot be read: the PassRole it needs is undecided.
		n := passRoleNeed(Role{Set: true, Unknown: td.Unknown}, "")
		n.TaskDefinition = td.Key
		return append(needs, n)
	}
	for _, r := range []struct {
		via  string
		role Role
	}{{"executionRoleArn", td.ExecutionRole}, {"taskRoleArn", td.TaskRole}} {
		if r.role.Set {
			n := passRoleNeed(r.role, r.via)
			n.TaskDefinition = td.Key
			needs = append(needs, n)
		}
	}
	return needs
}

// passRoleNeed is the iam:PassRole that hands role to ECS: AWS checks it
// when RunTask is called, so a missing one fails every run while the
// deploy succeeds. The AWS template for the integration leaves it out of
// its JSON and mentions it in a sentence below (ecsIAMPage); AWS's own
// AmazonEC2ContainerServiceEventsRole scopes it with iam:PassedToService.
func passRoleNeed(role Role, via string) Need {
	n := Need{
		Kind:     PassRoleNeed,
		Action:   "iam:PassRole",
		Resource: role.ARN,
		Context:  map[string]string{"iam:PassedToService": ECSTasksService},
		Target:   role.Key,
		Role:     role,
		Via:      via,
		Why:      "ECS checks when the task starts that the caller may pass the role (iam:PassRole towards " + ECSTasksService + ")",
		Page:     passRolePage,
		Unknown:  role.Unknown,
		Grant: iam.Statement{
			Sid:       "ECSPassTaskRoles",
			Effect:    iam.Allow,
			Action:    iam.Strings{"iam:PassRole"},
			Condition: map[string]map[string]iam.Strings{"StringEquals": {"iam:PassedToService": {ECSTasksService}}},
		},
	}
	if role.ARN != "" {
		n.Grant.Resource = iam.Strings{role.ARN}
	}
	return n
}

// overrideNeeds are the roles a state passes through its container
// overrides (Overrides.TaskRoleArn, Overrides.ExecutionRoleArn), which
// ECS uses instead of the task definition's.
func overrideNeeds(c Call, env Env) []Need {
	var needs []Need
	for _, key := range []string{"TaskRoleArn", "ExecutionRoleArn"} {
		v := c.Param("Overrides", key)
		via := "Overrides." + key
		switch ref, static := v.Static(); {
		case !v.Set:
		case !static:
			needs = append(needs, passRoleNeed(Role{Set: true, Unknown: "the state sets " + via + " at run time"}, via))
		default:
			needs = append(needs, passRoleNeed(env.Role(ref), via))
		}
	}
	return needs
}

// tagNeed is ecs:TagResource on the task RunTask creates with tags. ECS
// authorizes tagging on create since tag authorization became mandatory
// (2024-03-29, ecsTaggingPage): RunTask with PropagateTags
// TASK_DEFINITION copies the task definition's tags, Tags adds its own.
// Whether ECS's own managed tags (EnableECSManagedTags) alone need it is
// not documented: that need is reported as unsure.
func tagNeed(c Call, td TaskDefinition, cl cluster) (Need, bool) {
	n := Need{
		Kind:    CallNeed,
		Action:  "ecs:TagResource",
		Context: map[string]string{"ecs:CreateAction": "RunTask"},
		Why:     "RunTask creates the task with tags, and ECS authorizes tagging on create with ecs:TagResource (tag authorization, on for every account since 2024-03-29)",
		Page:    ecsTaggingPage,
		Grant: iam.Statement{
			Sid:       "ECSTagTasksOnCreate",
			Effect:    iam.Allow,
			Action:    iam.Strings{"ecs:TagResource"},
			Condition: map[string]map[string]iam.Strings{"StringEquals": {"ecs:CreateAction": {"RunTask"}}},
		},
	}
	setTaskResource(&n, cl, c.notKnown("cluster"))
	tagged := No
	if v := c.Param("PropagateTags"); v.Dynamic {
		tagged = Unknown
	} else if s, _ := v.Static(); s == "TASK_DEFINITION" {
		tagged = td.Tagged
		if !td.Found {
			tagged = Unknown
		}
	}
	switch v := c.Param("Tags"); {
	case v.Dynamic:
		tagged = max(tagged, Unknown)
	case v.nonEmpty():
		tagged = Yes
	}
	managed := c.Param("EnableECSManagedTags")
	switch {
	case tagged == Yes:
	case tagged == Unknown:
		n.Unsure = "whether the task is created with tags is not known before the run"
	case managed.truthy() || managed.Dynamic:
		n.Unsure = "EnableECSManagedTags adds ECS's own aws:ecs:* tags; whether ECS authorizes those with ecs:TagResource is not documented"
	default:
		return Need{}, false
	}
	return n, true
}

// taskNeed is an action on the task a .sync RunTask started.
func taskNeed(c Call, cl cluster, action, why string) Need {
	n := Need{
		Kind:   CallNeed,
		Action: action,
		Why:    why,
		Page:   ecsIAMPage,
		Grant: iam.Statement{
			Sid:    "ECSFollowTasks",
			Effect: iam.Allow,
			Action: iam.Strings{action},
		},
	}
	setTaskResource(&n, cl, c.notKnown("cluster"))
	return n
}

// setTaskResource sets the request and grant resources of a need on the
// task RunTask starts on cl: task/CLUSTER/ID, granted on task/CLUSTER/*;
// unknown says why when the cluster is not known.
func setTaskResource(n *Need, cl cluster, unknown string) {
	if cl.name == "" {
		n.Unknown = unknown
		n.Grant.Resource = iam.Strings{cl.account.ClusterTasksPattern("*")}
		return
	}
	n.Resource = cl.account.TaskARN(cl.name, sampleTaskID)
	n.Grant.Resource = iam.Strings{cl.account.ClusterTasksPattern(cl.name)}
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
