package integrations

import (
	"reflect"
	"testing"
)

// TestSageMakerRequests: a training job as AWS's policy for the
// integration lists it (https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html,
// .sync, static): CreateTrainingJob, DescribeTrainingJob and
// StopTrainingJob on training-job/NAME (SageMaker lower-cases names in its
// ARNs), AddTags, iam:PassRole on the role towards
// sagemaker.amazonaws.com, and the three events actions on
// rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule; a transform job
// passes no role (its API takes none). A "?" marks an unsure request.
// Expected values are literals.
func TestSageMakerRequests(t *testing.T) {
	const (
		job  = "arn:aws:sagemaker:ap-northeast-1:123456789012:training-job/nightly-model"
		role = "arn:aws:iam::123456789012:role/sm"
		rule = "arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule"
	)
	params := map[string]any{"TrainingJobName": "Nightly-Model", "RoleArn": role}
	tests := []struct {
		resource string
		params   map[string]any
		want     []string
	}{
		{"arn:aws:states:::sagemaker:createTrainingJob.sync", params, []string{
			"sagemaker:CreateTrainingJob " + job, "iam:PassRole " + role + " to sagemaker.amazonaws.com", "sagemaker:AddTags " + job,
			"sagemaker:DescribeTrainingJob " + job, "sagemaker:StopTrainingJob " + job,
			"events:PutTargets " + rule, "events:PutRule " + rule, "events:DescribeRule " + rule}},
		{"arn:aws:states:::sagemaker:createTrainingJob", params, []string{
			"sagemaker:CreateTrainingJob " + job, "iam:PassRole " + role + " to sagemaker.amazonaws.com", "sagemaker:AddTags? " + job}},
		{"arn:aws:states:::sagemaker:createTransformJob", map[string]any{"TransformJobName": "t"}, []string{
			"sagemaker:CreateTransformJob arn:aws:sagemaker:ap-northeast-1:123456789012:transform-job/t",
			"sagemaker:AddTags? arn:aws:sagemaker:ap-northeast-1:123456789012:transform-job/t"}},
		{"arn:aws:states:::sagemaker:createProcessingJob", map[string]any{"ProcessingJobName.$": "$.n", "RoleArn.$": "$.r"}, []string{
			"sagemaker:CreateProcessingJob arn:aws:sagemaker:ap-northeast-1:123456789012:processing-job/JOB_NAME",
			"iam:PassRole arn:aws:iam::ACCOUNT_ID:role/ROLE to sagemaker.amazonaws.com",
			"sagemaker:AddTags? arn:aws:sagemaker:ap-northeast-1:123456789012:processing-job/JOB_NAME"}},
		// A tuning job passes the role of its training job definition and
		// of each of its definitions (the API's RoleArn fields); its
		// managed rule and tag are unsure.
		{"arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync", map[string]any{"HyperParameterTuningJobName": "Tune",
			"TrainingJobDefinition":  map[string]any{"RoleArn": role},
			"TrainingJobDefinitions": []any{map[string]any{"RoleArn": role + "-2"}}}, []string{
			"sagemaker:CreateHyperParameterTuningJob arn:aws:sagemaker:ap-northeast-1:123456789012:hyper-parameter-tuning-job/tune",
			"iam:PassRole " + role + " to sagemaker.amazonaws.com", "iam:PassRole " + role + "-2 to sagemaker.amazonaws.com",
			"sagemaker:AddTags? arn:aws:sagemaker:ap-northeast-1:123456789012:hyper-parameter-tuning-job/tune",
			"sagemaker:DescribeHyperParameterTuningJob arn:aws:sagemaker:ap-northeast-1:123456789012:hyper-parameter-tuning-job/tune",
			"sagemaker:StopHyperParameterTuningJob arn:aws:sagemaker:ap-northeast-1:123456789012:hyper-parameter-tuning-job/tune",
			"events:PutTargets? arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTuningJobsRule",
			"events:PutRule? arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTuningJobsRule",
			"events:DescribeRule? arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTuningJobsRule"}},
		{"arn:aws:states:::sagemaker:createLabelingJob", map[string]any{"LabelingJobName": "label", "RoleArn": role}, []string{
			"sagemaker:CreateLabelingJob arn:aws:sagemaker:ap-northeast-1:123456789012:labeling-job/label",
			"iam:PassRole " + role + " to sagemaker.amazonaws.com",
			"sagemaker:AddTags? arn:aws:sagemaker:ap-northeast-1:123456789012:labeling-job/label"}},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			if got := describeRequests(call(t, tt.resource, tt.params).Requests(nightlyEnv())); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("requests\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
	if _, ok := Read(TaskState{Resource: "arn:aws:states:::sagemaker:createTrainingJob.waitForTaskToken"}); ok {
		t.Error("createTrainingJob reads with .waitForTaskToken, which connect-sagemaker.html says is not supported")
	}
}

// TestSageMakerModelAndEndpointRequests: createModel passes its
// ExecutionRoleArn ("the caller of this API must have the iam:PassRole
// permission", SageMaker's API reference), createEndpoint and
// updateEndpoint act on the endpoint and the configuration (both
// required resource types in the service authorization reference), names
// in lower case. A "?" marks an unsure request. Expected values are
// literals.
func TestSageMakerModelAndEndpointRequests(t *testing.T) {
	const sm = "arn:aws:sagemaker:ap-northeast-1:123456789012:"
	tests := []struct {
		resource string
		params   map[string]any
		want     []string
	}{
		{"arn:aws:states:::sagemaker:createModel", map[string]any{"ModelName": "Churn", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/sm"},
			[]string{"sagemaker:CreateModel " + sm + "model/churn", "iam:PassRole arn:aws:iam::123456789012:role/sm to sagemaker.amazonaws.com"}},
		{"arn:aws:states:::sagemaker:createEndpointConfig", map[string]any{"EndpointConfigName": "cfg"},
			[]string{"sagemaker:CreateEndpointConfig " + sm + "endpoint-config/cfg"}},
		{"arn:aws:states:::sagemaker:createEndpointConfig", map[string]any{"EndpointConfigName": "cfg", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/sm"},
			[]string{"sagemaker:CreateEndpointConfig " + sm + "endpoint-config/cfg", "iam:PassRole? arn:aws:iam::123456789012:role/sm to sagemaker.amazonaws.com"}},
		{"arn:aws:states:::sagemaker:createEndpoint", map[string]any{"EndpointName": "Live", "EndpointConfigName": "Cfg"},
			[]string{"sagemaker:CreateEndpoint " + sm + "endpoint/live", "sagemaker:CreateEndpoint " + sm + "endpoint-config/cfg"}},
		{"arn:aws:states:::sagemaker:updateEndpoint", map[string]any{"EndpointName": "live", "EndpointConfigName.$": "$.cfg"},
			[]string{"sagemaker:UpdateEndpoint " + sm + "endpoint/live", "sagemaker:UpdateEndpoint " + sm + "endpoint-config/CONFIG"}},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			if got := describeRequests(call(t, tt.resource, tt.params).Requests(nightlyEnv())); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("requests\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
	if _, ok := Read(TaskState{Resource: "arn:aws:states:::sagemaker:createEndpoint.sync"}); ok {
		t.Error("createEndpoint reads with .sync, which connect-sagemaker.html lists for the jobs only")
	}
}
