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
