package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

func TestScheduleCanStartExecution(t *testing.T) {
	p := pipeline{name: "nightly"}
	other := "arn:aws:states:ap-northeast-1:123456789012:stateMachine:other"
	schedPolicy := func(stmts ...iam.Statement) func(b map[string]*packtest.Resource, p pipeline) []*packtest.Resource {
		return func(b map[string]*packtest.Resource, p pipeline) []*packtest.Resource {
			b[kSchedPolicy].Set("policy", doc(stmts...))
			return nil
		}
	}
	eventTarget := func(role bool, stmts ...iam.Statement) func(b map[string]*packtest.Resource, p pipeline) []*packtest.Resource {
		return func(b map[string]*packtest.Resource, p pipeline) []*packtest.Resource {
			eventsRole := packtest.New(stackmodel.TypeRole, "events").Set("name", packtest.Str("events")).
				Set("arn", p.arnOr(testAcct.RoleARN("/", "events")))
			eventsPolicy := packtest.New(stackmodel.TypeRolePolicy, "events").Set("role", packtest.Str("events")).Set("policy", doc(stmts...))
			rule := packtest.New(stackmodel.TypeEventRule, "rule").Set("scheduleExpression", packtest.Str("rate(1 day)"))
			tgt := packtest.New(stackmodel.TypeEventTarget, "target").Set("rule", packtest.Str("rule")).
				Set("arn", p.arnOr(p.machineARN())).DependsOn("arn", p.urn(kMachine))
			if role {
				tgt.Set("roleArn", p.arnOr(testAcct.RoleARN("/", "events"))).DependsOn("roleArn", eventsRole.URN())
			}
			return []*packtest.Resource{eventsRole, eventsPolicy, rule, tgt}
		}
	}
	startOn := func(arn string) iam.Statement {
		return iam.Statement{Effect: iam.Allow, Action: iam.Strings{"states:StartExecution"}, Resource: iam.Strings{arn}}
	}
	tests := []struct {
		name    string
		preview bool
		edit    func(b map[string]*packtest.Resource, p pipeline) []*packtest.Resource
		urn     string
		want    []string
	}{
		{name: "allowed"},
		{name: "allowed, first preview", preview: true},
		{
			name: "StartExecution on another state machine", edit: schedPolicy(startOn(other)),
			urn: p.urn(kSchedule),
			want: []string{`Schedule "nightly-schedule" invokes state machine "nightly" with role "nightly-scheduler", which is not allowed states:StartExecution on it`,
				`"arn:aws:states:ap-northeast-1:123456789012:stateMachine:nightly"`, `"states:StartExecution"`},
		},
		{
			name: "StartExecution on another state machine, first preview", preview: true, edit: schedPolicy(startOn(other)),
			urn:  p.urn(kSchedule),
			want: []string{`Schedule "nightly-schedule" invokes state machine "nightly"`, "stateMachine:nightly"},
		},
		{
			name: "only states:StartSyncExecution", edit: schedPolicy(iam.Statement{Effect: iam.Allow,
				Action: iam.Strings{"states:StartSyncExecution"}, Resource: iam.Strings{"*"}}),
			urn:  p.urn(kSchedule),
			want: []string{"not allowed states:StartExecution"},
		},
		{
			name: "schedule without a role",
			edit: func(b map[string]*packtest.Resource, p pipeline) []*packtest.Resource {
				b[kSchedule].Set("target", packtest.Obj(map[string]property.Value{"arn": packtest.Str(p.machineARN())}))
				return nil
			},
			urn:  p.urn(kSchedule),
			want: []string{"sets no target.roleArn"},
		},
		{
			name: "schedule aimed at a Lambda function",
			edit: func(b map[string]*packtest.Resource, p pipeline) []*packtest.Resource {
				b[kSchedule].Set("target", packtest.Obj(map[string]property.Value{
					"arn": packtest.Str("arn:aws:lambda:ap-northeast-1:123456789012:function:f"), "roleArn": packtest.Str(p.roleARN(kSchedRole))}))
				b[kSchedPolicy].Set("policy", doc())
				return nil
			},
		},
		{
			name: "schedule target unknown as a whole",
			edit: func(b map[string]*packtest.Resource, p pipeline) []*packtest.Resource {
				b[kSchedule].Set("target", packtest.Unknown())
				b[kSchedPolicy].Set("policy", doc(startOn(p.machineARN())))
				return nil
			},
		},
		{
			name: "EventBridge target allowed", edit: eventTarget(true, startOn(p.machineARN())),
		},
		{
			name: "EventBridge target allowed, first preview", preview: true, edit: eventTarget(true, startOn(p.machineARN())),
		},
		{
			name: "EventBridge target not allowed", edit: eventTarget(true, startOn(other)),
			urn:  packtest.URN(stackmodel.TypeEventTarget, "target"),
			want: []string{`EventTarget "target" invokes state machine "nightly" with role "events"`},
		},
		{
			name: "EventBridge target without a role", edit: eventTarget(false, startOn(p.machineARN())),
			urn:  packtest.URN(stackmodel.TypeEventTarget, "target"),
			want: []string{`EventTarget "target" invokes state machine "nightly" but sets no roleArn`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pp := pipeline{name: "nightly", preview: tt.preview}
			b := pp.build()
			var extra []*packtest.Resource
			if tt.edit != nil {
				extra = tt.edit(b, pp)
			}
			stack := append(stackOf(b), packtest.Stack(extra...)...)
			if tt.want == nil {
				assertNoViolations(t, ScheduleStartPolicy, stack)
				return
			}
			assertViolation(t, ScheduleStartPolicy, tt.urn, stack, tt.want...)
		})
	}
}
