package integrations

import (
	"reflect"
	"testing"

	"batchpipeline/internal/partial"
)

// TestEMRRequests: what each EMR call needs, against AWS's templates
// (https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html) and
// EMR's pages on passing roles and runtime roles. Each line is action,
// resource (holes by label), the service a role is passed to or the
// runtime role the condition key carries, and "unsure"; the expected
// values are literals.
func TestEMRRequests(t *testing.T) {
	const cluster = "arn:aws:elasticmapreduce:ap-northeast-1:123456789012:cluster/"
	tests := []struct {
		name     string
		resource string
		params   map[string]any
		want     []string
	}{
		{"createCluster, default roles by name, .sync", "arn:aws:states:::elasticmapreduce:createCluster.sync",
			map[string]any{"Name": "nightly", "ServiceRole": "EMR_DefaultRole_V2", "JobFlowRole": "EMR_EC2_DefaultRole",
				"AutoScalingRole": "arn:aws:iam::123456789012:role/EMR_AutoScaling_DefaultRole"},
			[]string{
				"elasticmapreduce:RunJobFlow *",
				"iam:PassRole arn:aws:iam::123456789012:role/PATH/EMR_DefaultRole_V2 elasticmapreduce.amazonaws.com",
				"iam:PassRole arn:aws:iam::123456789012:role/EMR_AutoScaling_DefaultRole application-autoscaling.amazonaws.com",
				"iam:PassRole arn:aws:iam::123456789012:role/ROLE ec2.amazonaws.com",
				"elasticmapreduce:DescribeCluster " + cluster + "CLUSTER_ID",
			}},
		{"createCluster without roles", "arn:aws:states:::elasticmapreduce:createCluster", map[string]any{"Name": "nightly"},
			[]string{"elasticmapreduce:RunJobFlow *"}},
		{"addStep, .sync", "arn:aws:states:::elasticmapreduce:addStep.sync",
			map[string]any{"ClusterId": "j-1ABC", "Step": map[string]any{"Name": "etl"}},
			[]string{
				"elasticmapreduce:AddJobFlowSteps " + cluster + "j-1ABC",
				"elasticmapreduce:DescribeStep " + cluster + "j-1ABC",
				"elasticmapreduce:CancelSteps " + cluster + "j-1ABC unsure",
			}},
		{"addStep with a runtime role", "arn:aws:states:::elasticmapreduce:addStep",
			map[string]any{"ClusterId.$": "$.cluster", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/etl"},
			[]string{"elasticmapreduce:AddJobFlowSteps " + cluster + "CLUSTER_ID arn:aws:iam::123456789012:role/etl"}},
		{"terminateCluster.sync", "arn:aws:states:::elasticmapreduce:terminateCluster.sync", map[string]any{"ClusterId": "j-1ABC"},
			[]string{"elasticmapreduce:TerminateJobFlows " + cluster + "j-1ABC", "elasticmapreduce:DescribeCluster " + cluster + "j-1ABC"}},
		{"cancelStep", "arn:aws:states:::elasticmapreduce:cancelStep", map[string]any{"ClusterId": "j-1ABC", "StepId": "s-1"},
			[]string{"elasticmapreduce:CancelSteps " + cluster + "j-1ABC"}},
		{"setClusterTerminationProtection", "arn:aws:states:::elasticmapreduce:setClusterTerminationProtection",
			map[string]any{"ClusterId": "j-1ABC", "TerminationProtected": true},
			[]string{"elasticmapreduce:SetTerminationProtection " + cluster + "j-1ABC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range call(t, tt.resource, tt.params).Requests(nightlyEnv()) {
				line := r.Action + " " + partial.Display(r.Resource)
				for _, k := range []string{PassedToServiceKey, "elasticmapreduce:ExecutionRoleArn"} {
					if v, ok := r.Context[k]; ok {
						line += " " + v
					}
				}
				if r.Unsure != "" {
					line += " unsure"
				}
				got = append(got, line)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("requests:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

// TestEMRPatterns: .sync for createCluster, addStep and terminateCluster;
// no callback (https://docs.aws.amazon.com/step-functions/latest/dg/connect-emr.html).
func TestEMRPatterns(t *testing.T) {
	for resource, want := range map[string]bool{
		"arn:aws:states:::elasticmapreduce:createCluster.sync":              true,
		"arn:aws:states:::elasticmapreduce:addStep.sync":                    true,
		"arn:aws:states:::elasticmapreduce:terminateCluster.sync":           true,
		"arn:aws:states:::elasticmapreduce:cancelStep.sync":                 false,
		"arn:aws:states:::elasticmapreduce:addStep.waitForTaskToken":        false,
		"arn:aws:states:::elasticmapreduce:setClusterTerminationProtection": true,
	} {
		if _, ok := Read(TaskState{Resource: resource, Parameters: map[string]any{"ClusterId": "j-1"}}); ok != want {
			t.Errorf("Read(%s) = %v, want %v", resource, ok, want)
		}
	}
}
