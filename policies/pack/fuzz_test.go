package pack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// FuzzPolicies feeds arbitrary text as the state machine definition, the
// state machine role's policy document and its schedule expression: no
// policy may return an error, panic or hit its recover path.
func FuzzPolicies(f *testing.F) {
	p := pipeline{name: "fz"}
	def, err := json.Marshal(p.defaultDefinition())
	if err != nil {
		f.Fatal(err)
	}
	good := doc(p.goodStatements()...).AsString()
	f.Add(string(def), good, "cron(0 5 * * ? *)")
	f.Add(string(def), `{"Statement": {"Effect": "Allow", "NotAction": "iam:*", "NotResource": ["*"]}}`, "rate(1 day)")
	f.Add(string(def), `{"Statement": [{"Effect": "Deny", "Action": 7, "Resource": null}]}`, "")
	f.Add(string(mustJSON(f, mapDefinition("fz-job"))), `{"Statement": []}`, "cron(")
	f.Add(`{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"TaskDefinition.$": "$.x"}, "End": true}}}`, good, "cron(x)")
	f.Add(`{"StartAt": "A", "States": {"A": {"Type": "Map", "ItemProcessor": null, "Iterator": {"States": {"B": null}}}}}`, "null", "at()")
	f.Add(`[]`, `"x"`, `{}`)
	f.Fuzz(func(t *testing.T, definition, policy, schedule string) {
		b := p.build()
		b[kMachine].Set("definition", packtest.Str(definition))
		b[kSFNPolicy].Set("policy", packtest.Str(policy))
		b[kSchedule].Set("scheduleExpression", packtest.Str(schedule)).Set("scheduleExpressionTimezone", packtest.Str(""))
		vs, err := packtest.Run(Policies(), stackOf(b))
		if err != nil {
			t.Fatalf("a policy returned an error: %v", err)
		}
		for _, v := range vs {
			if strings.Contains(v.Message, "internal error") {
				t.Fatalf("recover path hit: %s", v)
			}
		}
	})
}

func mustJSON(f *testing.F, v any) []byte {
	f.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzECSTargets feeds arbitrary JSON as an EventBridge rule target's
// ecsTarget and a Scheduler target's ecsParameters, and arbitrary text as
// their role's policy and every role's trust policy: no policy may return
// an error, panic or hit its recover path.
func FuzzECSTargets(f *testing.F) {
	f.Add(`{"taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/report:1", "launchType": "FARGATE", "propagateTags": "TASK_DEFINITION"}`,
		`{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`)
	f.Add(`{"taskDefinitionArn": 7, "tags": [1, {"a": null}], "networkConfiguration": "x", "enableEcsManagedTags": "yes"}`, `null`)
	f.Add(`[]`, `{"Statement": []}`)
	f.Add(`null`, ``)
	f.Add(`{}`, `{"Statement": [{"Effect": "Allow", "Principal": {"Service": ["events.amazonaws.com", "scheduler.amazonaws.com"]}, `+
		`"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}`)
	f.Fuzz(func(t *testing.T, params, policy string) {
		var v any
		if json.Unmarshal([]byte(params), &v) != nil {
			v = params
		}
		for _, scheduler := range []bool{false, true} {
			st := scheduledTask{scheduler: scheduler}
			stack := st.stack()
			for i := range stack {
				r := &stack[i]
				switch r.Type {
				case stackmodel.TypeRolePolicy:
					r.Properties = r.Properties.Set("policy", packtest.Str(policy))
				case stackmodel.TypeRole:
					// The same text as every role's trust policy.
					r.Properties = r.Properties.Set("assumeRolePolicy", packtest.Str(policy))
				case stackmodel.TypeEventTarget:
					r.Properties = r.Properties.Set("ecsTarget", packtest.Value(v))
				case stackmodel.TypeSchedule:
					target := r.Properties.Get("target").AsMap().Set("ecsParameters", packtest.Value(v))
					r.Properties = r.Properties.Set("target", property.New(target))
				}
			}
			vs, err := packtest.Run(Policies(), stack)
			if err != nil {
				t.Fatalf("a policy returned an error: %v", err)
			}
			for _, v := range vs {
				if strings.Contains(v.Message, "internal error") {
					t.Fatalf("recover path hit: %s", v)
				}
			}
		}
	})
}
