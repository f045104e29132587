package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// EventsRuleARN returns the ARN of an EventBridge rule on the default bus.
func (a Account) EventsRuleARN(rule string) string { return a.RuleARN("", rule) }

// RuleARN returns the ARN of an EventBridge rule on an event bus, named
// by name or ARN: rule/NAME on the default bus ("" or "default"),
// rule/BUS/NAME on another (service authorization reference, events,
// resource type rule: arn:${Partition}:events:${Region}:${Account}:rule/[${EventBusName}/]${RuleName}).
func (a Account) RuleARN(bus, rule string) string {
	if b, ok := arn.Parse(bus); ok {
		if name, isBus := strings.CutPrefix(b.Resource, "event-bus/"); isBus {
			bus = name
		}
	}
	if bus == "" || bus == "default" {
		return a.ARN("events", "rule/"+rule)
	}
	return a.ARN("events", "rule/"+bus+"/"+rule)
}

// RuleARNOnBusNotKnown returns the ARN of a rule whose event bus is not
// known yet (why): rule/NAME on the default bus or rule/BUS/NAME on
// another, so the bus part is a hole that stands for both.
func (a Account) RuleARNOnBusNotKnown(rule, why string) string {
	bus := partial.Hole{Label: "BUS/", Class: partial.Any, Why: why}
	return a.ARN("events", "rule/"+bus.String()+rule)
}

// appendEventsRule appends to reqs what a .sync integration needs on the EventBridge
// rule Step Functions manages in the state machine's account to learn that
// the job ended: events:PutTargets, events:PutRule and events:DescribeRule
// on rule/NAME (page).
//
// Step Functions checks them when the state machine is created or
// updated, not when it runs: every public report of a missing grant shows
// CreateStateMachine or UpdateStateMachine failing with "is not
// authorized to create managed-rule" (nasa/cumulus#2693,
// terraform-aws-modules/terraform-aws-step-functions #33 and #41,
// aws-samples/amazon-sagemaker-safe-deployment-pipeline#29; gathered in
// the project's research notes). AWS's pages do not say when the rule is
// created. So these requests are Deploy: the grant must be in place
// before the state machine is created or updated.
//
// A state with Credentials may be followed by polling instead: for a
// cross-account .sync, "the Amazon EventBridge permissions from the example
// policies aren't required"
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cross-acct-sync-pattern.html),
// and AWS does not say which it is within one account, so with Credentials
// these requests are unsure.
func appendEventsRule(reqs []Request, c Call, acct Account, rule, page string) []Request {
	arn := acct.EventsRuleARN(rule)
	for _, action := range []string{"events:PutTargets", "events:PutRule", "events:DescribeRule"} {
		reqs = append(reqs, Request{
			Kind:     CallRequest,
			Action:   action,
			Resource: arn,
			Why:      ".sync learns that the job ended through the EventBridge rule " + rule + ", which Step Functions manages with " + action,
			Page:     page,
			Unsure:   unsureWithCredentials(c),
			Fails: "CreateStateMachine and UpdateStateMachine check it: the deploy itself fails (\"is not authorized " +
				"to create managed-rule\")",
			Deploy: true,
			Grant:  Grant{Sid: "ManagedEventsRules", Resource: arn},
		})
	}
	return reqs
}

// unsureWithCredentials is the Unsure of an events rule request of c.
func unsureWithCredentials(c Call) string {
	if !c.Credentials.Set {
		return ""
	}
	return "with Credentials, Step Functions may follow the job by polling, which needs no EventBridge rule (the cross-account .sync pattern)"
}
