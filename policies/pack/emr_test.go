package pack

import (
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// TestEMRCreateClusterPassesItsRoles: createCluster hands EMR its service
// role and its instances the role of the instance profile JobFlowRole
// names; EMR checks iam:PassRole of each ("The iam:PassRole permission
// allows cluster creation",
// https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-roles-create-permissions.html)
// with the iam:PassedToService values of AWS's AmazonEMRFullAccessPolicy_v2
// (elasticmapreduce.amazonaws.com, ec2.amazonaws.com). The instance
// profile of the stack leads to its role; one outside the stack leaves
// the role not known, so only a role that may pass no role to EC2 at all
// is refused. Known and at a first preview.
func TestEMRCreateClusterPassesItsRoles(t *testing.T) {
	serviceRole, instanceRole := testAcct.RoleARN("/", "EMR_DefaultRole_V2"), testAcct.RoleARN("/", "EMR_EC2_DefaultRole")
	definition := func(profile string) map[string]any {
		return map[string]any{"StartAt": "Cluster", "States": map[string]any{"Cluster": map[string]any{
			"Type": "Task", "Resource": "arn:aws:states:::elasticmapreduce:createCluster", "End": true,
			"Parameters": map[string]any{"Name": "nightly", "ServiceRole": "EMR_DefaultRole_V2", "JobFlowRole": profile}}}}
	}
	run := iam.Statement{Effect: iam.Allow, Action: iam.Strings{"elasticmapreduce:RunJobFlow"}, Resource: iam.Strings{"*"}}
	pass := func(role, service string) iam.Statement {
		return iam.Statement{Effect: iam.Allow, Action: iam.Strings{"iam:PassRole"}, Resource: iam.Strings{role},
			Condition: map[string]map[string]iam.Strings{"StringEquals": {"iam:PassedToService": {service}}}}
	}
	tests := []struct {
		name     string
		profile  string // the JobFlowRole; "nightly-emr" is the stack's
		stmts    []iam.Statement
		refused  []string // fragments of the sfn-ecs-passrole violation; nil for none
		undecide bool     // sfn-ecs-passrole-unverified speaks
	}{
		{"both passed", "nightly-emr", []iam.Statement{run, pass(serviceRole, "elasticmapreduce.amazonaws.com"), pass(instanceRole, "ec2.amazonaws.com")}, nil, false},
		{"the instance role not passed", "nightly-emr", []iam.Statement{run, pass(serviceRole, "elasticmapreduce.amazonaws.com")},
			[]string{`role "EMR_EC2_DefaultRole", needed as JobFlowRole of state States.Cluster`, `"ec2.amazonaws.com"`}, false},
		{"the service role passed to EC2", "nightly-emr", []iam.Statement{run, pass(serviceRole, "ec2.amazonaws.com"), pass(instanceRole, "ec2.amazonaws.com")},
			[]string{`role "EMR_DefaultRole_V2"`, `"elasticmapreduce.amazonaws.com"`}, false},
		{"a profile outside the stack, no role passed to EC2", "other-profile", []iam.Statement{run, pass(serviceRole, "elasticmapreduce.amazonaws.com")},
			[]string{"ec2.amazonaws.com"}, false},
		{"a profile outside the stack, one role passed to EC2", "other-profile",
			[]iam.Statement{run, pass(serviceRole, "elasticmapreduce.amazonaws.com"), pass(instanceRole, "ec2.amazonaws.com")}, nil, true},
	}
	for _, preview := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(map[bool]string{false: "known/", true: "first-preview/"}[preview]+tt.name, func(t *testing.T) {
				role, policy, machine := machineStack(packtest.JSON(definition(tt.profile)), tt.stmts, preview)
				stack := []*packtest.Resource{role, policy, machine}
				for _, r := range []struct{ name, arn, principal string }{
					{"EMR_DefaultRole_V2", serviceRole, "elasticmapreduce.amazonaws.com"},
					{"EMR_EC2_DefaultRole", instanceRole, "ec2.amazonaws.com"},
				} {
					res := packtest.New(stackmodel.TypeRole, r.name).Set("name", packtest.Str(r.name)).
						Set("assumeRolePolicy", packtest.JSON(map[string]any{"Statement": []any{map[string]any{
							"Effect": "Allow", "Principal": map[string]any{"Service": r.principal}, "Action": "sts:AssumeRole"}}}))
					if preview {
						res.Unknown("arn")
					} else {
						res.Set("arn", packtest.Str(r.arn))
					}
					stack = append(stack, res)
				}
				profile := packtest.New(stackmodel.TypeInstanceProfile, "nightly-emr").Set("name", packtest.Str("nightly-emr"))
				if preview {
					profile.Set("role", packtest.WithDeps(packtest.Unknown(), stack[4].URN()))
				} else {
					profile.Set("role", packtest.Str("EMR_EC2_DefaultRole"))
				}
				resources := packtest.Stack(append(stack, profile)...)
				assertNoViolations(t, TaskPermissionsPolicy, resources)
				if tt.refused == nil {
					assertNoViolations(t, PassRolePolicy, resources)
				} else {
					assertViolation(t, PassRolePolicy, machine.URN(), resources, tt.refused...)
				}
				if tt.undecide {
					assertViolation(t, PassRoleUnverifiedPolicy, machine.URN(), resources, "other-profile")
				} else if tt.refused == nil {
					assertNoViolations(t, PassRoleUnverifiedPolicy, resources)
				}
			})
		}
	}
}

// TestEMRAddStepRuntimeRole: a step's runtime role is authorized by
// elasticmapreduce:AddJobFlowSteps with the condition key
// elasticmapreduce:ExecutionRoleArn
// (https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-steps-runtime-roles.html;
// the service authorization reference lists the key for the action): a
// grant limited to another runtime role is refused, one naming it
// passes, and one on another cluster is refused.
func TestEMRAddStepRuntimeRole(t *testing.T) {
	cluster := testAcct.ARN("elasticmapreduce", "cluster/j-1ABCDEFGHIJKL")
	runtime := testAcct.RoleARN("/", "etl-runtime")
	definition := map[string]any{"StartAt": "Step", "States": map[string]any{"Step": map[string]any{
		"Type": "Task", "Resource": "arn:aws:states:::elasticmapreduce:addStep", "End": true,
		"Parameters": map[string]any{"ClusterId": "j-1ABCDEFGHIJKL", "ExecutionRoleArn": runtime, "Step": map[string]any{"Name": "etl"}}}}}
	grant := func(resource, role string) iam.Statement {
		return iam.Statement{Effect: iam.Allow, Action: iam.Strings{"elasticmapreduce:AddJobFlowSteps"}, Resource: iam.Strings{resource},
			Condition: map[string]map[string]iam.Strings{"StringEquals": {"elasticmapreduce:ExecutionRoleArn": {role}}}}
	}
	tests := []struct {
		name    string
		stmt    iam.Statement
		refused bool
	}{
		{"its runtime role", grant(cluster, runtime), false},
		{"another runtime role", grant(cluster, testAcct.RoleARN("/", "other")), true},
		{"another cluster", grant(testAcct.ARN("elasticmapreduce", "cluster/j-OTHER"), runtime), true},
	}
	for _, preview := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(map[bool]string{false: "known/", true: "first-preview/"}[preview]+tt.name, func(t *testing.T) {
				role, policy, machine := machineStack(packtest.JSON(definition), []iam.Statement{tt.stmt}, preview)
				resources := packtest.Stack(role, policy, machine)
				if tt.refused {
					assertViolation(t, TaskPermissionsPolicy, machine.URN(), resources, "elasticmapreduce:AddJobFlowSteps on "+cluster)
					return
				}
				assertNoViolations(t, TaskPermissionsPolicy, resources)
				assertNoViolations(t, TaskPermissionsUnverifiedPolicy, resources)
			})
		}
	}
}
