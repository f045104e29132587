package pack

import (
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// TestPassRoleBeyondECS: a SageMaker training job hands its RoleArn to
// SageMaker, which checks that the caller may pass it, towards
// sagemaker.amazonaws.com
// (https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html):
// sfn-ecs-passrole (whose name is kept for the users' configurations)
// refuses a role without that iam:PassRole, or with it only towards ECS,
// known and at a first preview, and says which service the role goes to.
func TestPassRoleBeyondECS(t *testing.T) {
	jobRole := testAcct.RoleARN("/", "sm-exec")
	definition := map[string]any{"StartAt": "Train", "States": map[string]any{"Train": map[string]any{
		"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob", "End": true,
		"Parameters": map[string]any{"TrainingJobName": "nightly", "RoleArn": jobRole}}}}
	base := []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"sagemaker:CreateTrainingJob", "sagemaker:AddTags"},
		Resource: iam.Strings{testAcct.ARN("sagemaker", "training-job/nightly")}}}
	pass := func(service string) iam.Statement {
		return iam.Statement{Effect: iam.Allow, Action: iam.Strings{"iam:PassRole"}, Resource: iam.Strings{jobRole},
			Condition: map[string]map[string]iam.Strings{"StringEquals": {"iam:PassedToService": {service}}}}
	}
	tests := []struct {
		name  string
		stmts []iam.Statement
		want  []string // fragments of the sfn-ecs-passrole violation; nil for none
	}{
		{"passed towards SageMaker", append(base, pass("sagemaker.amazonaws.com")), nil},
		{"no PassRole", base, []string{`state machine "m" hands roles to sagemaker.amazonaws.com with role "sfn", which cannot pass 1 of them`,
			`role "sm-exec", needed as RoleArn of state States.Train`, `"iam:PassedToService": [`, `"sagemaker.amazonaws.com"`}},
		{"PassRole towards ECS only", append(base, pass("ecs-tasks.amazonaws.com")), []string{`role "sm-exec"`, "iam:PassedToService"}},
	}
	for _, preview := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(map[bool]string{false: "known/", true: "first-preview/"}[preview]+tt.name, func(t *testing.T) {
				role, policy, machine := machineStack(packtest.JSON(definition), tt.stmts, preview)
				exec := packtest.New(stackmodel.TypeRole, "sm-exec").Set("name", packtest.Str("sm-exec")).
					Set("assumeRolePolicy", packtest.JSON(map[string]any{"Statement": []any{map[string]any{
						"Effect": "Allow", "Principal": map[string]any{"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}}}))
				if preview {
					exec.Unknown("arn")
				} else {
					exec.Set("arn", packtest.Str(jobRole))
				}
				stack := packtest.Stack(role, exec, policy, machine)
				assertNoViolations(t, TaskPermissionsPolicy, stack)
				if tt.want == nil {
					assertNoViolations(t, PassRolePolicy, stack)
					assertNoViolations(t, PassRoleUnverifiedPolicy, stack)
					return
				}
				assertViolation(t, PassRolePolicy, machine.URN(), stack, tt.want...)
			})
		}
	}
}

// TestAWSSDKPassRole: an AWS SDK call AWS documents as passing a role is
// judged like an optimized one. scheduler:createSchedule hands
// Target.RoleArn to scheduler.amazonaws.com (AWS's
// AmazonEventBridgeSchedulerFullAccess): no PassRole is refused, PassRole
// towards Scheduler passes. sfn:createStateMachine passes its RoleArn
// (AWSStepFunctionsFullAccess: "a user MUST have iam:PassRole") towards a
// service AWS does not name: no PassRole is refused, an unconditioned
// one passes, one conditioned on a service is named as undecided.
func TestAWSSDKPassRole(t *testing.T) {
	role := testAcct.RoleARN("/", "target")
	state := func(resource string, params map[string]any) map[string]any {
		return map[string]any{"StartAt": "Call", "States": map[string]any{"Call": map[string]any{
			"Type": "Task", "Resource": resource, "End": true, "Parameters": params}}}
	}
	schedule := state("arn:aws:states:::aws-sdk:scheduler:createSchedule", map[string]any{"Name": "x",
		"Target": map[string]any{"Arn": "arn:aws:sqs:ap-northeast-1:123456789012:q", "RoleArn": role}})
	machine := state("arn:aws:states:::aws-sdk:sfn:createStateMachine", map[string]any{"Name": "child", "Definition": "{}", "RoleArn": role})
	call := func(action string) iam.Statement {
		return iam.Statement{Effect: iam.Allow, Action: iam.Strings{action}, Resource: iam.Strings{"*"}}
	}
	pass := func(service string) iam.Statement {
		st := iam.Statement{Effect: iam.Allow, Action: iam.Strings{"iam:PassRole"}, Resource: iam.Strings{role}}
		if service != "" {
			st.Condition = map[string]map[string]iam.Strings{"StringEquals": {"iam:PassedToService": {service}}}
		}
		return st
	}
	tests := []struct {
		name       string
		definition map[string]any
		stmts      []iam.Statement
		want       string // "refused", "undecided" or ""
	}{
		{"schedule, no PassRole", schedule, []iam.Statement{call("scheduler:CreateSchedule")}, "refused"},
		{"schedule, PassRole towards Scheduler", schedule, []iam.Statement{call("scheduler:CreateSchedule"), pass("scheduler.amazonaws.com")}, ""},
		{"schedule, PassRole towards ECS", schedule, []iam.Statement{call("scheduler:CreateSchedule"), pass("ecs-tasks.amazonaws.com")}, "refused"},
		{"state machine, no PassRole", machine, []iam.Statement{call("states:CreateStateMachine")}, "refused"},
		{"state machine, PassRole", machine, []iam.Statement{call("states:CreateStateMachine"), pass("")}, ""},
		{"state machine, PassRole towards a service", machine, []iam.Statement{call("states:CreateStateMachine"), pass("states.amazonaws.com")}, "undecided"},
	}
	for _, preview := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(map[bool]string{false: "known/", true: "first-preview/"}[preview]+tt.name, func(t *testing.T) {
				r, policy, m := machineStack(packtest.JSON(tt.definition), tt.stmts, preview)
				stack := packtest.Stack(r, policy, m)
				switch tt.want {
				case "refused":
					assertViolation(t, PassRolePolicy, m.URN(), stack, "iam:PassRole")
				case "undecided":
					assertNoViolations(t, PassRolePolicy, stack)
					assertViolation(t, PassRoleUnverifiedPolicy, m.URN(), stack)
				default:
					assertNoViolations(t, PassRolePolicy, stack)
					assertNoViolations(t, PassRoleUnverifiedPolicy, stack)
				}
			})
		}
	}
}
