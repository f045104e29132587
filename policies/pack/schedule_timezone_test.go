package pack

import (
	"testing"

	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

func TestScheduleTimezone(t *testing.T) {
	schedule := func(expr, tz string) *packtest.Resource {
		r := packtest.New(stackmodel.TypeSchedule, "s").Set("scheduleExpression", packtest.Str(expr))
		if tz != "" {
			r.Set("scheduleExpressionTimezone", packtest.Str(tz))
		}
		return r
	}
	scheduleURN := packtest.URN(stackmodel.TypeSchedule, "s")
	ruleURN := packtest.URN(stackmodel.TypeEventRule, "r")
	tests := []struct {
		name string
		r    *packtest.Resource
		want []string
	}{
		{name: "schedule with a time zone", r: schedule("cron(0 5 * * ? *)", "Asia/Tokyo")},
		{name: "schedule with a rate", r: schedule("rate(1 hour)", "")},
		{name: "schedule with an at() expression", r: schedule("at(2026-01-01T00:00:00)", "")},
		{
			name: "schedule cron without a time zone", r: schedule("cron(0 5 * * ? *)", ""),
			want: []string{`Schedule "s" runs cron(0 5 * * ? *) in UTC: scheduleExpressionTimezone is not set`},
		},
		{
			name: "schedule cron with an empty time zone",
			r:    schedule("cron(0 5 * * ? *)", "").Set("scheduleExpressionTimezone", packtest.Str("")),
			want: []string{"scheduleExpressionTimezone is not set"},
		},
		{
			name: "schedule cron with UTC spelled out", r: schedule("cron(0 5 * * ? *)", "Etc/UTC"),
			want: []string{`Schedule "s" runs cron(0 5 * * ? *) in UTC (scheduleExpressionTimezone "Etc/UTC")`, "If UTC is meant, ignore"},
		},
		{name: "schedule rate with UTC", r: schedule("rate(1 hour)", "UTC")},
		{name: "schedule cron with an unknown time zone", r: schedule("cron(0 5 * * ? *)", "").Unknown("scheduleExpressionTimezone")},
		{name: "schedule with an unknown expression", r: packtest.New(stackmodel.TypeSchedule, "s").Unknown("scheduleExpression")},
		{name: "schedule with a mistyped expression", r: packtest.New(stackmodel.TypeSchedule, "s").Set("scheduleExpression", packtest.Num(5))},
		{
			name: "schedule with a secret cron", r: schedule("", "").Set("scheduleExpression", packtest.Secret(packtest.Str("cron(7 7 * * ? *)"))),
			want: []string{`Schedule "s" runs (secret) in UTC`},
		},
		{
			name: "EventBridge rule with a cron", r: packtest.New(stackmodel.TypeEventRule, "r").Set("scheduleExpression", packtest.Str("cron(0 5 * * ? *)")),
			want: []string{`EventRule "r" runs cron(0 5 * * ? *) in UTC: EventBridge rules have no time zone`, "scheduleExpressionTimezone"},
		},
		{name: "EventBridge rule with a rate", r: packtest.New(stackmodel.TypeEventRule, "r").Set("scheduleExpression", packtest.Str("rate(5 minutes)"))},
		{name: "EventBridge rule with an event pattern", r: packtest.New(stackmodel.TypeEventRule, "r").Set("eventPattern", packtest.Str("{}"))},
		{name: "another type with a cron", r: packtest.New("aws:glue/trigger:Trigger", "g").Set("scheduleExpression", packtest.Str("cron(0 5 * * ? *)"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stack := packtest.Stack(tt.r)
			if tt.want == nil {
				assertNoViolations(t, ScheduleTimezonePolicy, stack)
				return
			}
			urn := scheduleURN
			if stack[0].Type == stackmodel.TypeEventRule {
				urn = ruleURN
			}
			msg := assertViolation(t, ScheduleTimezonePolicy, urn, stack, tt.want...)
			assertLacks(t, msg, "cron(7 7")
		})
	}
}
