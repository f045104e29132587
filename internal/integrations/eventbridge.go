package integrations

import (
	"slices"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// eventBridgeIAMPage is the policy of a state that sends events:
// events:PutEvents on the event bus of each entry (the default bus when
// it names none), arn:aws:events:*:*:event-bus/* when the state chooses
// them at run time.
const eventBridgeIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html"

// eventsPutEvents is the optimized integration events:putEvents,
// request-response and .waitForTaskToken
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html).
//
// An event bus's resource-based policy can allow a role of its own
// account what the role's identity policies do not (ResourcePolicy). The
// condition keys events:source and events:detail-type are not put in the
// requests: a condition on them is left undecided. AWS's pages name no
// error of the integration worth a retry (EventBridge.FailedEntry is an
// entry EventBridge refused, which a retry does not fix).
//
// Peers: the CDK's EventBridgePutEvents and serverless-step-functions grant
// events:PutEvents on the buses of the entries (default when absent), as
// AWS does; terraform-aws-modules grants it on "*".
var eventsPutEvents = &Integration{
	Service:     "events",
	Action:      "putEvents",
	Patterns:    []Pattern{RequestResponse, WaitForTaskToken},
	Page:        eventBridgeIAMPage,
	IAMServices: []string{"events", "sts"},
	Examples: []Example{
		{"the default bus and a named one", TaskState{Resource: "arn:aws:states:::events:putEvents",
			Parameters: map[string]any{"Entries": []any{
				map[string]any{"Detail": map[string]any{"ok": true}, "DetailType": "done", "Source": "nightly"},
				map[string]any{"EventBusName": "orders", "DetailType": "done", "Source": "nightly", "Detail.$": "$"},
			}}}},
		{"a bus of another account by ARN", TaskState{Resource: "arn:aws:states:::events:putEvents",
			Parameters: map[string]any{"Entries": []any{
				map[string]any{"EventBusName": "arn:aws:events:eu-west-1:210987654321:event-bus/central", "Source": "nightly"},
			}}}},
		{"a bus chosen at run time, callback", TaskState{Resource: "arn:aws:states:::events:putEvents.waitForTaskToken",
			Parameters: map[string]any{"Entries": []any{map[string]any{"EventBusName.$": "$.bus", "Detail": map[string]any{"TaskToken.$": "$$.Task.Token"}}}}}},
		{"entries chosen at run time", TaskState{Resource: "arn:aws:states:::events:putEvents", Parameters: map[string]any{"Entries.$": "$.entries"}}},
	},
	requests: putEventsRequests,
}

// EventBusARN returns the ARN of an EventBridge event bus.
func (a Account) EventBusARN(name string) string { return a.ARN("events", "event-bus/"+name) }

// putEventsRequests is events:PutEvents on the bus of each entry
// (eventBridgeIAMPage), once per bus.
func putEventsRequests(c Call, env Env) []Request {
	acct := env.Account()
	var buses []string
	entries, ok := c.Each("Entries")
	if !ok {
		why := c.notKnown("entries")
		buses = append(buses, acct.Anywhere(why).EventBusARN(partial.Hole{Label: "BUS", Class: partial.Name, Why: why}.String()))
	}
	for _, e := range entries {
		bus := acct.EventBusARN("default")
		if e.Param("EventBusName").Set {
			bus = e.arnParam(acct, "EventBusName", "BUS", true, Account.EventBusARN, func(s string) bool {
				a, ok := arn.Parse(s)
				return ok && a.Service == "events" && strings.HasPrefix(a.Resource, "event-bus/")
			})
		}
		if !slices.Contains(buses, bus) {
			buses = append(buses, bus)
		}
	}
	reqs := make([]Request, 0, len(buses))
	for _, bus := range buses {
		r := Request{
			Kind:           CallRequest,
			Action:         "events:PutEvents",
			Resource:       bus,
			Why:            "Step Functions sends the entries to their event bus with events:PutEvents",
			Page:           eventBridgeIAMPage,
			ResourcePolicy: "the event bus's resource-based policy",
			Grant:          Grant{Sid: "PutEvents"},
		}
		if partial.Known(bus) {
			r.Grant.Resource = bus
		}
		reqs = append(reqs, r)
	}
	return reqs
}
