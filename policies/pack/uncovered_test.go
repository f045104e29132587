package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/policies/pack/packtest"
)

// TestTaskStatesNotJudgedAreNamed: the guard is never silent about a
// Task state it did not check. A state whose integration the run-time
// model does not cover (SNS, an AWS SDK call), or that it knows only with
// other patterns, is named by sfn-task-permissions-unverified with its
// path, its Resource and why, and no mandatory policy speaks of it; an
// activity (whose workers make the calls) is judged, needs nothing and is
// not named; a secret definition's states are named without their
// Resource; a definition not known at this preview is named as such.
func TestTaskStatesNotJudgedAreNamed(t *testing.T) {
	definition := packtest.JSON(map[string]any{"StartAt": "Notify", "States": map[string]any{
		"Notify": map[string]any{"Type": "Task", "Resource": "arn:aws:states:::mediaconvert:createJob", "Next": "Get",
			"Parameters": map[string]any{"Role": "arn:aws:iam::123456789012:role/convert"}},
		"Get":     map[string]any{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:copyObject", "Next": "Approve"},
		"Approve": map[string]any{"Type": "Task", "Resource": "arn:aws:states:ap-northeast-1:123456789012:activity:approve", "Next": "Wait"},
		"Wait":    map[string]any{"Type": "Task", "Resource": "arn:aws:states:::codebuild:startBuild.waitForTaskToken", "End": true},
	}})
	tests := []struct {
		name       string
		definition property.Value
		want, not  []string
	}{
		{"known", definition, []string{
			"state States.Get (arn:aws:states:::aws-sdk:s3:copyObject) is not checked: the IAM action of s3:copyObject is not its name, and the run-time model does not know it",
			"state States.Notify (arn:aws:states:::mediaconvert:createJob) is not checked: the run-time model does not cover this integration yet, " +
				"so no permission its calls need (iam:PassRole included) is verified",
			"state States.Wait (arn:aws:states:::codebuild:startBuild.waitForTaskToken) is not checked: the run-time model knows " +
				"codebuild:startBuild only with the patterns request-response, .sync",
		}, []string{"States.Approve", "activity"}},
		{"secret", packtest.Secret(definition), []string{
			"state (a state of the secret definition) ((secret)) is not checked: the run-time model cannot judge it"},
			[]string{"mediaconvert", "s3", "codebuild", "Notify"}},
		{"not known at this preview", packtest.Unknown(), []string{
			"its definition is not known at this preview (it is built from outputs): its Task states are judged at the next preview"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			role, policy, machine := machineStack(tt.definition, nil, false)
			stack := packtest.Stack(role, policy, machine)
			for _, p := range []string{PassRolePolicy, TaskPermissionsPolicy, RoleTrustPolicy, DefinitionValidPolicy, PassRoleUnverifiedPolicy} {
				assertNoViolations(t, p, stack)
			}
			msg := assertViolation(t, TaskPermissionsUnverifiedPolicy, machine.URN(), stack, tt.want...)
			assertLacks(t, msg, tt.not...)
		})
	}
}
