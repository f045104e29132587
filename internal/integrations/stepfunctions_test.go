package integrations

import (
	"reflect"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

// TestStartExecutionRequests: what a state that starts a child execution
// needs, per pattern, as AWS's policy for the integration lists it
// (https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html):
// states:StartExecution on stateMachine:NAME; for .sync (and .sync:2)
// states:DescribeExecution and states:StopExecution on execution:NAME:*
// and the three events actions on
// rule/StepFunctionsGetEventsForStepFunctionsExecutionRule. A version or
// alias is authorized on the state machine's own ARN, with the qualifier
// in states:StateMachineQualifier
// (https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html).
// Expected values are literals.
func TestStartExecutionRequests(t *testing.T) {
	const (
		child      = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:child"
		executions = "arn:aws:states:ap-northeast-1:123456789012:execution:child:*"
		rule       = "arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
	)
	type grant struct{ action, resource string }
	start := grant{"states:StartExecution", child}
	sync := []grant{start, {"states:DescribeExecution", executions}, {"states:StopExecution", executions},
		{"events:PutTargets", rule}, {"events:PutRule", rule}, {"events:DescribeRule", rule}}
	tests := []struct {
		suffix    string
		arn       string
		want      []grant
		qualifier string
	}{
		{"", child, []grant{start}, ""},
		{".waitForTaskToken", child, []grant{start}, ""},
		{".sync", child, sync, ""},
		{".sync:2", child, sync, ""},
		{"", child + ":PROD", []grant{start}, "PROD"},
		{".sync:2", child + ":3", sync, "3"},
	}
	for _, tt := range tests {
		t.Run(tt.suffix+" "+tt.arn, func(t *testing.T) {
			reqs := call(t, "arn:aws:states:::states:startExecution"+tt.suffix, map[string]any{"StateMachineArn": tt.arn}).Requests(nightlyEnv())
			var got []grant
			for _, r := range reqs {
				got = append(got, grant{r.Action, r.Grant.Resource})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("grants %v, want %v", got, tt.want)
			}
			if q := reqs[0].Context[StateMachineQualifierKey]; q != tt.qualifier {
				t.Errorf("%s = %q, want %q", StateMachineQualifierKey, q, tt.qualifier)
			}
			// Each request is allowed by the least grants, and by AWS's
			// template written as a literal.
			template := iam.Document{Statement: []iam.Statement{
				{Effect: iam.Allow, Action: iam.Strings{"states:StartExecution"}, Resource: iam.Strings{child}},
				{Effect: iam.Allow, Action: iam.Strings{"states:DescribeExecution", "states:StopExecution"}, Resource: iam.Strings{executions}},
				{Effect: iam.Allow, Action: iam.Strings{"events:PutTargets", "events:PutRule", "events:DescribeRule"}, Resource: iam.Strings{rule}},
			}}
			for _, r := range reqs {
				for name, doc := range map[string]iam.Document{"least grants": Policy(Grants(reqs)...), "AWS's template": template} {
					if res := iam.Evaluate(request(r), []iam.Document{doc}, nil); res.Decision != iam.Allowed || len(res.Uncertain) > 0 {
						t.Errorf("%s on %s is not allowed by %s: %v %v", r.Action, partial.Display(r.Resource), name, res.Decision, res.Uncertain)
					}
				}
			}
		})
	}
}

// TestStartExecutionMistakes: the grants users get wrong are not taken
// for the right ones: states:StartSyncExecution for a .sync child
// (terraform-aws-modules/step-functions #59, #65), DescribeExecution on the
// stateMachine: ARN (that module's README), a grant on another machine.
func TestStartExecutionMistakes(t *testing.T) {
	const child = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:child"
	reqs := call(t, "arn:aws:states:::states:startExecution.sync", map[string]any{"StateMachineArn": child}).Requests(nightlyEnv())
	tests := []struct {
		name   string
		stmt   iam.Statement
		denied string
	}{
		{"StartSyncExecution", iam.Statement{Effect: iam.Allow, Action: iam.Strings{"states:StartSyncExecution"}, Resource: iam.Strings{child}},
			"states:StartExecution"},
		{"DescribeExecution on the state machine", iam.Statement{Effect: iam.Allow, Action: iam.Strings{"states:DescribeExecution"},
			Resource: iam.Strings{child}}, "states:DescribeExecution"},
		{"another machine", iam.Statement{Effect: iam.Allow, Action: iam.Strings{"states:StartExecution"},
			Resource: iam.Strings{"arn:aws:states:ap-northeast-1:123456789012:stateMachine:other"}}, "states:StartExecution"},
	}
	for _, tt := range tests {
		r := find(reqs, tt.denied)[0]
		res := iam.Evaluate(request(r), []iam.Document{{Statement: []iam.Statement{tt.stmt}}}, nil)
		if res.Decision == iam.Allowed || len(res.Uncertain) > 0 {
			t.Errorf("%s: %s is %v (%v), want denied", tt.name, tt.denied, res.Decision, res.Uncertain)
		}
	}
}

// TestStartExecutionChildNotKnown: a child chosen at run time is any state
// machine: a grant on one machine leaves it undecided, a grant on every
// machine allows it.
func TestStartExecutionChildNotKnown(t *testing.T) {
	reqs := call(t, "arn:aws:states:::states:startExecution", map[string]any{"StateMachineArn.$": "$.child"}).Requests(nightlyEnv())
	if got := partial.Display(reqs[0].Resource); got != "arn:aws:states:REGION:ACCOUNT_ID:stateMachine:STATE_MACHINE" {
		t.Fatalf("resource %q", got)
	}
	one := iam.Evaluate(request(reqs[0]), []iam.Document{{Statement: []iam.Statement{{Effect: iam.Allow,
		Action: iam.Strings{"states:StartExecution"}, Resource: iam.Strings{"arn:aws:states:ap-northeast-1:123456789012:stateMachine:child"}}}}}, nil)
	if len(one.Uncertain) == 0 {
		t.Errorf("a grant on one machine decides a child chosen at run time: %v", one.Decision)
	}
	every := iam.Evaluate(request(reqs[0]), []iam.Document{{Statement: []iam.Statement{{Effect: iam.Allow,
		Action: iam.Strings{"states:StartExecution"}, Resource: iam.Strings{"arn:aws:states:*:*:stateMachine:*"}}}}}, nil)
	if every.Decision != iam.Allowed || len(every.Uncertain) > 0 {
		t.Errorf("a grant on every machine: %v %v", every.Decision, every.Uncertain)
	}
}
