package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
)

// Pages of what starts a state machine.
const (
	schedulerRolePage = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role"
	schedulerDLQPage  = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html"
)

// ScheduleGroupARN returns the ARN of an EventBridge Scheduler schedule
// group.
func (a Account) ScheduleGroupARN(group string) string {
	return a.ARN("scheduler", "schedule-group/"+group)
}

// StateMachineARN returns the ARN of a Step Functions state machine.
func (a Account) StateMachineARN(name string) string { return a.ARN("states", "stateMachine:"+name) }

// StateMachineFromARN returns the name of a Step Functions state machine
// ARN, arn:aws:states:REGION:ACCOUNT:stateMachine:NAME.
func StateMachineFromARN(s string) (string, bool) {
	a, ok := arn.Parse(s)
	if !ok || a.Service != "states" {
		return "", false
	}
	name, ok := strings.CutPrefix(a.Resource, "stateMachine:")
	return name, ok && name != "" && !strings.Contains(name, ":")
}

// StartExecutionRequest is what the role of a schedule or an EventBridge
// rule target needs to start a state machine: states:StartExecution on it
// (schedulerRolePage;
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html).
// machineARN may be known in part; target is the state machine's Key.
func StartExecutionRequest(machineARN, target string) Request {
	return Request{
		Kind:     CallRequest,
		Action:   "states:StartExecution",
		Resource: machineARN,
		Target:   target,
		Why:      "the scheduler or EventBridge assumes the role and calls states:StartExecution on the state machine",
		Page:     schedulerRolePage,
		Fails:    "No execution ever starts: every invocation fails, silently unless a dead-letter queue is watched",
		Grant:    Grant{Sid: "StartExecution", Resource: machineARN},
	}
}

// DeadLetterQueueStatement lets a schedule's role send the events it could
// not deliver to its dead-letter queue (schedulerDLQPage).
func DeadLetterQueueStatement(queueARN string) iam.Statement {
	return iam.Statement{
		Sid:      "SendUndeliveredToDeadLetterQueue",
		Effect:   iam.Allow,
		Action:   iam.Strings{"sqs:SendMessage"},
		Resource: iam.Strings{queueARN},
	}
}

// AlertTopicStatement lets EventBridge publish to an SNS topic, only for
// one rule of one account: the resource policy of a topic that a rule
// targets
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions),
// with the confused-deputy conditions AWS recommends.
func AlertTopicStatement(a Account, topicARN, ruleARN string) iam.Statement {
	return iam.Statement{
		Sid:       "EventBridgePublishesFailedExecutions",
		Effect:    iam.Allow,
		Principal: &iam.Principal{ByType: map[string]iam.Strings{"Service": {EventsService}}},
		Action:    iam.Strings{"sns:Publish"},
		Resource:  iam.Strings{topicARN},
		Condition: map[string]map[string]iam.Strings{
			"ArnEquals":    {SourceARNKey: {ruleARN}},
			"StringEquals": {SourceAccountKey: {a.ID}},
		},
	}
}

// TrustPolicy lets an AWS service assume a role (sts:AssumeRole), only on
// behalf of this account (aws:SourceAccount) and, when sourceARN is set,
// only for that resource (aws:SourceArn): the confused-deputy guard AWS
// recommends
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
func TrustPolicy(service, account, sourceARN string) iam.Document {
	cond := map[string]map[string]iam.Strings{
		"StringEquals": {SourceAccountKey: {account}},
	}
	if sourceARN != "" {
		cond["ArnLike"] = map[string]iam.Strings{SourceARNKey: {sourceARN}}
	}
	r := Assumption{Service: service}.Request(Role{})
	st := r.Statement()
	st.Condition = cond
	return Policy(st)
}
