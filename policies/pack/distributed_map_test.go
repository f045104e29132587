package pack

import (
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
)

// TestDistributedMap: a Distributed Map starts child executions of its
// own state machine with the state machine's role, so the role must be
// allowed states:StartExecution on the state machine's own ARN
// (https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html;
// serverless-step-functions #543 and aws/aws-cdk #28820 are users whose
// runs failed without it): refused without it, known and at a first
// preview (the ARN built from the name). What its ItemReader reads from
// S3 is left to the twin when the role lacks it, since a bucket policy
// (which the pack does not read) may allow it.
func TestDistributedMap(t *testing.T) {
	self := testAcct.StateMachineARN("m")
	definition := map[string]any{"StartAt": "Each", "States": map[string]any{"Each": map[string]any{
		"Type": "Map", "End": true,
		"ItemReader": map[string]any{"Resource": "arn:aws:states:::s3:getObject",
			"ReaderConfig": map[string]any{"InputType": "CSV"}, "Parameters": map[string]any{"Bucket": "inputs", "Key": "items.csv"}},
		"ItemProcessor": map[string]any{"ProcessorConfig": map[string]any{"Mode": "DISTRIBUTED"},
			"StartAt": "Item", "States": map[string]any{"Item": map[string]any{"Type": "Pass", "End": true}}},
	}}}
	start := iam.Statement{Effect: iam.Allow, Action: iam.Strings{"states:StartExecution"}, Resource: iam.Strings{self}}
	follow := iam.Statement{Effect: iam.Allow, Action: iam.Strings{"states:DescribeExecution"}, Resource: iam.Strings{testAcct.ARN("states", "execution:m/*")}}
	read := iam.Statement{Effect: iam.Allow, Action: iam.Strings{"s3:GetObject"}, Resource: iam.Strings{"arn:aws:s3:::inputs/items.csv"}}
	tests := []struct {
		name       string
		stmts      []iam.Statement
		mandatory  string // a fragment of the sfn-task-permissions violation, "" for none
		unverified string // of the twin's
	}{
		{"everything", []iam.Statement{start, follow, read}, "", ""},
		{"no self StartExecution", []iam.Statement{follow, read},
			"states:StartExecution on " + self + " (states States.Each): the Distributed Map runs each batch of items as a child execution", ""},
		{"StartExecution on another state machine", []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"states:StartExecution"},
			Resource: iam.Strings{testAcct.StateMachineARN("other")}}, follow, read}, "states:StartExecution on " + self, ""},
		{"the file not readable", []iam.Statement{start, follow}, "",
			"s3:GetObject on arn:aws:s3:::inputs/items.csv (states States.Each): no statement of its 1 known policy document(s) " +
				"allows it; unless the bucket's policy allows it"},
	}
	for _, preview := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(map[bool]string{false: "known/", true: "first-preview/"}[preview]+tt.name, func(t *testing.T) {
				role, policy, machine := machineStack(packtest.JSON(definition), tt.stmts, preview)
				stack := packtest.Stack(role, policy, machine)
				for policyName, want := range map[string]string{TaskPermissionsPolicy: tt.mandatory, TaskPermissionsUnverifiedPolicy: tt.unverified} {
					if want == "" {
						assertNoViolations(t, policyName, stack)
					} else {
						assertViolation(t, policyName, machine.URN(), stack, want)
					}
				}
			})
		}
	}
}
