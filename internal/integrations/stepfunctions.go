package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// Pages of the nested Step Functions integration.
const (
	// stepFunctionsIAMPage is the policy of a state machine that starts
	// another: states:StartExecution on the child; for .sync also
	// states:DescribeExecution and states:StopExecution on
	// execution:NAME:* and the managed rule
	// StepFunctionsGetEventsForStepFunctionsExecutionRule.
	stepFunctionsIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html"
	// versionAliasAuthPage: "To authorize a version or an alias to invoke
	// an API action, Step Functions uses the state machine's ARN instead
	// of using the version ARN or alias ARN", narrowed by the condition
	// key states:StateMachineQualifier.
	versionAliasAuthPage = "https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html"
)

// StepFunctionsEventsRule is the EventBridge rule Step Functions manages to
// learn that a child execution ended (stepFunctionsIAMPage).
const StepFunctionsEventsRule = "StepFunctionsGetEventsForStepFunctionsExecutionRule"

// StateMachineQualifierKey is the condition key that carries the version
// or alias a call names (versionAliasAuthPage).
const StateMachineQualifierKey = "states:StateMachineQualifier"

// statesStartExecution is the optimized integration states:startExecution:
// a state machine starting another, with every pattern Step Functions has
// for it (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html):
// request-response, .sync (the child's output as a string), .sync:2 (as
// JSON) and .waitForTaskToken.
//
// terraform-aws-modules/step-functions grants states:StartSyncExecution
// for its .sync template (PR #58, "Official docs are not correct"); that
// action starts an Express workflow synchronously and is not what this
// integration calls: a Standard child started with .sync is denied
// (issues #59, #65). The model follows AWS's page.
//
// RetryErrors: AWS's pages name none for this integration; the component
// does not write such a state.
var statesStartExecution = &Integration{
	Service:     "states",
	Action:      "startExecution",
	Patterns:    []Pattern{RequestResponse, Sync, Sync2, WaitForTaskToken},
	Page:        stepFunctionsIAMPage,
	IAMServices: []string{"states", "events", "sts"},
	Examples:    startExecutionExamples(),
	requests:    startExecutionRequests,
}

// startExecutionExamples take every branch of startExecutionRequests: the
// child by ARN, by alias and by version ARN, chosen at run time, not set,
// every pattern, with Credentials.
func startExecutionExamples() []Example {
	const child = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:child"
	start := func(suffix string, params map[string]any) TaskState {
		return TaskState{Resource: "arn:aws:states:::states:startExecution" + suffix, Parameters: params}
	}
	out := []Example{
		{"an alias", start("", map[string]any{"StateMachineArn": child + ":PROD"})},
		{"a version, callback", start(".waitForTaskToken", map[string]any{"StateMachineArn": child + ":3",
			"Input": map[string]any{"TaskToken.$": "$$.Task.Token"}})},
		{"chosen at run time", start(".sync", map[string]any{"StateMachineArn.$": "$.child"})},
		{"not set", start("", map[string]any{})},
		{"with Credentials", TaskState{Resource: "arn:aws:states:::states:startExecution.sync:2",
			Parameters:  map[string]any{"StateMachineArn": child},
			Credentials: map[string]any{"RoleArn": "arn:aws:iam::210987654321:role/runner"}}},
	}
	for _, suffix := range []string{"", ".sync", ".sync:2", ".waitForTaskToken"} {
		out = append(out, Example{"by ARN" + suffix, start(suffix, map[string]any{"StateMachineArn": child})})
	}
	return out
}

// childMachine is the state machine a call starts: its unqualified ARN
// and the qualifier (version or alias) it names, each known in part.
type childMachine struct {
	arn, qualifier string
	// name is the machine's name, known in part.
	name  string
	owner Account
}

// childOf reads StateMachineArn: an ARN of a state machine, a version or
// an alias (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
func childOf(c Call, acct Account) childMachine {
	why := c.notKnown("state machine")
	switch v := c.Param("StateMachineArn"); {
	case !v.Set:
		why = c.who() + " names no StateMachineArn"
	case !v.Dynamic:
		ref, _ := v.Static()
		if a, ok := arn.Parse(ref); ok && a.Service == "states" {
			if rest, isMachine := strings.CutPrefix(a.Resource, "stateMachine:"); isMachine && rest != "" {
				name, qualifier, _ := strings.Cut(rest, ":")
				owner := AccountOf(a)
				return childMachine{arn: owner.StateMachineARN(name), qualifier: qualifier, name: name, owner: owner}
			}
		}
		why = "StateMachineArn is not the ARN of a state machine, version or alias"
	}
	// Any state machine of any account and region of the partition.
	owner := acct.Anywhere(why)
	name := partial.Hole{Label: "STATE_MACHINE", Class: partial.Name, Why: why}.String()
	return childMachine{arn: owner.StateMachineARN(name), name: name, owner: owner}
}

// startExecutionRequests is what starting a child execution needs
// (stepFunctionsIAMPage): states:StartExecution on the child, authorized
// against its unqualified ARN even when a version or alias is started,
// with states:StateMachineQualifier set to the qualifier
// (versionAliasAuthPage; CDK's StepFunctionsStartExecution strips the
// qualifier the same way, aws/aws-cdk#26546); for .sync and .sync:2,
// states:DescribeExecution and states:StopExecution on the child's
// executions, and the managed rule.
func startExecutionRequests(c Call, env Env) []Request {
	acct := env.Account()
	child := childOf(c, acct)
	start := Request{
		Kind:     CallRequest,
		Action:   "states:StartExecution",
		Resource: child.arn,
		Why:      "Step Functions starts the child execution with states:StartExecution on the state machine",
		Page:     stepFunctionsIAMPage,
		Grant:    Grant{Sid: "StartChildExecutions"},
	}
	if child.qualifier != "" {
		start.Context = map[string]string{StateMachineQualifierKey: child.qualifier}
		start.Why = "Step Functions starts the child execution of a version or alias, which it authorizes against " +
			"the state machine's ARN with " + StateMachineQualifierKey + " = " + child.qualifier
		start.Page = versionAliasAuthPage
	}
	if partial.Known(child.arn) {
		start.Grant.Resource = child.arn
	}
	reqs := []Request{start}
	if c.Pattern != Sync && c.Pattern != Sync2 {
		return reqs
	}
	execution := child.owner.ExecutionARN(child.name, partial.Hole{Label: "EXECUTION_ID", Class: partial.Any,
		Why: "the child execution's name is chosen when it starts"}.String())
	executions := ""
	if partial.Known(child.name) && partial.Known(child.owner.ID) && partial.Known(child.owner.Region) {
		executions = child.owner.ExecutionARN(child.name, "*")
	}
	for _, call := range []struct{ action, why string }{
		{"states:DescribeExecution", "Step Functions follows the child execution with states:DescribeExecution until it ends"},
		{"states:StopExecution", "Step Functions stops the child execution with states:StopExecution when the parent is stopped or the state times out"},
	} {
		reqs = append(reqs, Request{
			Kind: CallRequest, Action: call.action, Resource: execution, Why: call.why, Page: stepFunctionsIAMPage,
			Grant: Grant{Sid: "FollowChildExecutions", Resource: executions},
		})
	}
	return appendEventsRule(reqs, c, acct, StepFunctionsEventsRule, stepFunctionsIAMPage)
}

// ExecutionARN returns the ARN of an execution of a state machine.
func (a Account) ExecutionARN(machine, id string) string {
	return a.ARN("states", "execution:"+machine+":"+id)
}
