package pack

import (
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// TestLambdaState: a Lambda Task state is judged through the model's
// lambda:invoke (internal/integrations/lambda.go) like any other call,
// with nothing of Lambda in the pack but the function's resource-based
// policy: lambda:InvokeFunction on the function's ARN, on the qualified
// ARN when an alias is invoked
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html).
// Within the function's account its resource-based policy may allow what
// the role's identity policies do not
// (docs/research/resource-policies.md): a gap is refused only when the
// function and its Permissions are all in the stack and none names the
// role; a function outside the stack, or chosen at run time, leaves it
// undecided. Known, and at a first preview when the ARNs are not yet.
func TestLambdaState(t *testing.T) {
	const fn = "arn:aws:lambda:ap-northeast-1:123456789012:function:report"
	roleARN := testAcct.RoleARN("/", "sfn")
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
	permission := func(principal string) *packtest.Resource {
		return packtest.New(stackmodel.TypePermission, "report-invoke").Set("function", packtest.Str("report")).
			Set("action", packtest.Str("lambda:InvokeFunction")).Set("principal", packtest.Str(principal))
	}
	tests := []struct {
		name         string
		functionName any // nil: chosen at run time
		stmts        []iam.Statement
		extra        []*packtest.Resource
		policy       string
		want         []string
	}{
		{"the function", "report", []iam.Statement{invoke(fn)}, nil, "", nil},
		{"an alias, granted on the function only", "report:live", []iam.Statement{invoke(fn)}, nil, TaskPermissionsPolicy,
			[]string{"lambda:InvokeFunction on " + fn + ":live (states States.Report)", "its qualified ARN", `"` + fn + `:live"`,
				`nor does the resource-based policy of Function "report" in this stack name role "sfn"`}},
		{"an alias, granted on every qualifier", "report:live", []iam.Statement{invoke(fn, fn+":*")}, nil, "", nil},
		{"another function of the stack", "other", []iam.Statement{invoke(fn)}, nil, TaskPermissionsPolicy, []string{"function:other"}},
		{"a function outside the stack", "elsewhere", []iam.Statement{invoke(fn)}, nil, TaskPermissionsUnverifiedPolicy,
			[]string{"unless the function's resource-based policy allows it, which the pack cannot read"}},
		{"chosen at run time, every function", nil, []iam.Statement{invoke("*")}, nil, "", nil},
		{"chosen at run time, one function", nil, []iam.Statement{invoke(fn)}, nil, TaskPermissionsUnverifiedPolicy,
			[]string{"depends on REGION, ACCOUNT_ID, FUNCTION: the state chooses its function at run time"}},
		{"chosen at run time, no statement", nil, nil, nil, TaskPermissionsUnverifiedPolicy,
			[]string{"unless the function's resource-based policy allows it"}},
		{"no statement, a Permission for the role", "report", nil, []*packtest.Resource{permission(roleARN)}, "", nil},
		{"no statement, a Permission for a service", "report", nil, []*packtest.Resource{permission("events.amazonaws.com")},
			TaskPermissionsPolicy, []string{`nor does the resource-based policy of Function "report" in this stack name role "sfn"`}},
		{"no statement, a Permission for the account", "report", nil, []*packtest.Resource{permission(testAcct.ID)},
			TaskPermissionsPolicy, []string{"no statement of its 1 known policy document(s) allows it"}},
	}
	for _, preview := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(map[bool]string{false: "known/", true: "first-preview/"}[preview]+tt.name, func(t *testing.T) {
				role, policy, machine := machineStack(packtest.JSON(definition(tt.functionName)), tt.stmts, preview)
				functions := []*packtest.Resource{
					packtest.New(stackmodel.TypeFunction, "report").Set("name", packtest.Str("report")),
					packtest.New(stackmodel.TypeFunction, "other").Set("name", packtest.Str("other")),
				}
				for _, f := range functions {
					if preview {
						f.Unknown("arn")
					} else {
						f.Set("arn", packtest.Str(testAcct.FunctionARN(f.Build().Name)))
					}
				}
				stack := packtest.Stack(append(append([]*packtest.Resource{role, policy, machine}, functions...), tt.extra...)...)
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
