package pack

import (
	"context"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack/stackmodel"
)

// ScheduleTimezonePolicy is the name of the policy that flags cron
// schedules evaluated in UTC.
const ScheduleTimezonePolicy = "schedule-timezone"

// scheduleTimezone builds the schedule-timezone policy: an EventBridge
// rule's cron always runs in UTC, and a Scheduler schedule's cron too when
// it sets no scheduleExpressionTimezone. "cron(0 5 * * ? *)" meant as 05:00
// in Tokyo then runs at 14:00 there.
//
// It is a resource policy: it needs nothing but the resource's own inputs,
// and resource policies run before each step, during `pulumi up` too.
func scheduleTimezone() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(ScheduleTimezonePolicy, policyx.ResourceValidationPolicyArgs{
		Description: "A cron schedule runs in UTC unless it sets a time zone; " +
			"EventBridge rules cannot set one (use an EventBridge Scheduler schedule).",
		EnforcementLevel: policyx.EnforcementLevelAdvisory,
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
			r := &stackmodel.Resource{AnalyzerResource: &args.Resource}
			rep := reporter{mgr: args.Manager, policy: ScheduleTimezonePolicy}
			rep.guard(r.URN, func() {
				if msg := timezoneProblem(r); msg != "" {
					rep.report(r.URN, msg)
				}
			})
			return nil
		},
	})
}

// isUTC reports whether tz is an IANA name of UTC.
func isUTC(tz string) bool {
	switch tz {
	case "UTC", "Etc/UTC", "UCT", "Etc/UCT", "GMT", "Etc/GMT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu":
		return true
	}
	return false
}

// timezoneProblem explains why a rule or schedule runs its cron in UTC, or
// returns "".
func timezoneProblem(r *stackmodel.Resource) string {
	expr, kn := stackmodel.ReadString(r.Properties, "scheduleExpression")
	if !kn.Usable() || !strings.HasPrefix(strings.TrimSpace(expr), "cron(") {
		return ""
	}
	shown := expr
	if kn == stackmodel.Secret {
		shown = "(secret)"
	}
	switch r.Type {
	case stackmodel.TypeEventRule:
		return fmt.Sprintf("EventRule %q runs %s in UTC: EventBridge rules have no time zone. "+
			"If a local time is meant, use an aws:scheduler/schedule:Schedule with scheduleExpressionTimezone "+
			"(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).", r.Name, shown)
	case stackmodel.TypeSchedule:
		tz, tzKn := stackmodel.ReadString(r.Properties, "scheduleExpressionTimezone")
		switch {
		case tzKn == stackmodel.Unknown:
			return ""
		case tzKn.Usable() && isUTC(tz):
			return fmt.Sprintf("Schedule %q runs %s in UTC (scheduleExpressionTimezone %q). "+
				"If UTC is meant, ignore this advisory; if a local time is, set its IANA zone, e.g. \"Asia/Tokyo\" "+
				"(https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based).",
				r.Name, shown, tz)
		case tzKn.Usable() && tz != "":
			return ""
		}
		return fmt.Sprintf("Schedule %q runs %s in UTC: scheduleExpressionTimezone is not set. "+
			"Set it to the IANA zone the expression is meant in, e.g. \"Asia/Tokyo\" "+
			"(https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based).", r.Name, shown)
	}
	return ""
}
