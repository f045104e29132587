package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
)

// activityPage says who calls what for an activity task: "An activity
// worker polls Step Functions by using GetActivityTask, and sending the
// ARN for the related activity. ... it can provide a report of its
// success or failure by using SendTaskSuccess or SendTaskFailure": the
// worker makes the calls, with its own credentials.
const activityPage = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html"

// activityTask is a Task state whose Resource is an activity's ARN
// (arn:aws:states:REGION:ACCOUNT:activity:NAME). The state machine's role
// makes no call for it: the activity's workers poll for the task and
// report its result (activityPage), so it needs nothing of the role. It
// is known to the model so that the pack does not report it as a Task
// state it cannot judge.
var activityTask = &Integration{
	Service:  "activity",
	Patterns: []Pattern{RequestResponse},
	Page:     activityPage,
	// The errors of an activity are the worker's (SendTaskFailure) and
	// States.Timeout / States.HeartbeatTimeout: none says "try again".
	Examples: []Example{{"an activity", TaskState{Resource: "arn:aws:states:ap-northeast-1:123456789012:activity:approve"}}},
	requests: func(Call, Env) []Request { return nil },
	legacy: func(resource string) (Pattern, bool) {
		return RequestResponse, IsActivityARN(resource)
	},
}

// ActivityARN returns the ARN of a Step Functions activity.
func (a Account) ActivityARN(name string) string { return a.ARN("states", "activity:"+name) }

// IsActivityARN reports whether s is the ARN of a Step Functions
// activity.
func IsActivityARN(s string) bool {
	a, ok := arn.Parse(s)
	name, isActivity := strings.CutPrefix(a.Resource, "activity:")
	return ok && a.Service == "states" && isActivity && name != "" && a.Region != "" && a.AccountID != ""
}
