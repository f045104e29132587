package pack

import (
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// TestLambdaState: a Lambda Task state is judged through the model's
// lambda:invoke (internal/integrations/lambda.go) like any other call,
// with nothing of Lambda in the pack: lambda:InvokeFunction on the
// function's ARN, on the qualified ARN when an alias is invoked
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html);
// known, and at a first preview when the role's ARN is not yet.
func TestLambdaState(t *testing.T) {
	const fn = "arn:aws:lambda:ap-northeast-1:123456789012:function:report"
	invoke := func(resources ...string) iam.Statement {
		return iam.Statement{Effect: iam.Allow, Action: iam.Strings{"lambda:InvokeFunction"}, Resource: iam.Strings(resources)}
	}
	definition := func(functionName any) map[string]any {
		params := map[string]any{"Payload.$": "$"}
		switch f := functionName.(type) {
		case string:
			params["FunctionName"] = f
		case nil:
			params["FunctionName.$"] = "$.fn"
		}
		return map[string]any{"StartAt": "Report", "States": map[string]any{"Report": map[string]any{
			"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": params, "End": true}}}
	}
	tests := []struct {
		name         string
		functionName any // nil: chosen at run time
		stmts        []iam.Statement
		policy       string
		want         []string
	}{
		{"the function", "report", []iam.Statement{invoke(fn)}, "", nil},
		{"an alias, granted on the function only", "report:live", []iam.Statement{invoke(fn)}, TaskPermissionsPolicy,
			[]string{"lambda:InvokeFunction on " + fn + ":live (states States.Report)", "its qualified ARN", `"` + fn + `:live"`}},
		{"an alias, granted on every qualifier", "report:live", []iam.Statement{invoke(fn, fn+":*")}, "", nil},
		{"another function", "other", []iam.Statement{invoke(fn)}, TaskPermissionsPolicy, []string{"function:other"}},
		{"chosen at run time, every function", nil, []iam.Statement{invoke("*")}, "", nil},
		{"chosen at run time, one function", nil, []iam.Statement{invoke(fn)}, TaskPermissionsUnverifiedPolicy,
			[]string{"depends on REGION, ACCOUNT_ID, FUNCTION: the state chooses its function at run time"}},
		{"chosen at run time, no statement", nil, nil, TaskPermissionsPolicy, []string{"lambda:InvokeFunction on (not known before the run"}},
	}
	for _, preview := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(map[bool]string{false: "known/", true: "first-preview/"}[preview]+tt.name, func(t *testing.T) {
				role := packtest.New(stackmodel.TypeRole, "sfn").Set("name", packtest.Str("sfn")).
					Set("assumeRolePolicy", packtest.JSON(map[string]any{"Statement": []any{map[string]any{
						"Effect": "Allow", "Principal": map[string]any{"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}}}))
				machine := packtest.New(stackmodel.TypeStateMachine, "m").Set("name", packtest.Str("m")).
					Set("definition", packtest.JSON(definition(tt.functionName)))
				if preview {
					role.Unknown("arn")
					machine.Unknown("arn").Set("roleArn", packtest.WithDeps(packtest.Unknown(), role.URN()))
				} else {
					role.Set("arn", packtest.Str(testAcct.RoleARN("/", "sfn")))
					machine.Set("arn", packtest.Str(testAcct.StateMachineARN("m"))).Set("roleArn", packtest.Str(testAcct.RoleARN("/", "sfn")))
				}
				stmts := tt.stmts
				if stmts == nil {
					stmts = []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"s3:ListAllMyBuckets"}, Resource: iam.Strings{"*"}}}
				}
				policy := packtest.New(stackmodel.TypeRolePolicy, "sfn").Set("role", packtest.Str("sfn")).Set("policy", doc(stmts...))
				stack := packtest.Stack(role, policy, machine)
				for _, p := range []string{TaskPermissionsPolicy, TaskPermissionsUnverifiedPolicy} {
					if p != tt.policy {
						assertNoViolations(t, p, stack)
					}
				}
				if tt.policy != "" {
					assertViolation(t, tt.policy, machine.URN(), stack, tt.want...)
				}
			})
		}
	}
}
