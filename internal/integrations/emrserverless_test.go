package integrations

import (
	"reflect"
	"testing"
)

// TestEMRServerlessApplicationRequests: the application APIs and
// cancelJobRun as AWS's templates grant them
// (https://docs.aws.amazon.com/step-functions/latest/dg/emr-serverless-iam.html):
// the action on /applications/ID, .sync adding GetApplication (and
// StopApplication for startApplication) and the application rule;
// createApplication on "*" with the service-linked role (unsure: the
// first application only). A "?" marks an unsure request. Expected values
// are literals.
func TestEMRServerlessApplicationRequests(t *testing.T) {
	const (
		app  = "arn:aws:emr-serverless:ap-northeast-1:123456789012:/applications/"
		rule = "arn:aws:events:ap-northeast-1:123456789012:rule/"
	)
	events := func(name string) []string {
		return []string{"events:PutTargets " + rule + name, "events:PutRule " + rule + name, "events:DescribeRule " + rule + name}
	}
	tests := []struct {
		resource string
		params   map[string]any
		want     []string
	}{
		{"arn:aws:states:::emr-serverless:startApplication.sync", map[string]any{"ApplicationId": "00f1"}, append([]string{
			"emr-serverless:StartApplication " + app + "00f1", "emr-serverless:GetApplication " + app + "00f1",
			"emr-serverless:StopApplication " + app + "00f1"}, events("StepFunctionsGetEventsForEMRServerlessApplicationRule")...)},
		{"arn:aws:states:::emr-serverless:stopApplication", map[string]any{"ApplicationId.$": "$.app"}, []string{
			"emr-serverless:StopApplication " + app + "APPLICATION_ID"}},
		{"arn:aws:states:::emr-serverless:deleteApplication.sync", map[string]any{"ApplicationId": "00f1"}, append([]string{
			"emr-serverless:DeleteApplication " + app + "00f1", "emr-serverless:GetApplication " + app + "00f1"},
			events("StepFunctionsGetEventsForEMRServerlessApplicationRule")...)},
		{"arn:aws:states:::emr-serverless:createApplication", map[string]any{"Name": "n", "Type": "SPARK"}, []string{
			"emr-serverless:CreateApplication *",
			"iam:CreateServiceLinkedRole? arn:aws:iam::123456789012:role/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless"}},
		{"arn:aws:states:::emr-serverless:cancelJobRun.sync", map[string]any{"ApplicationId": "00f1", "JobRunId": "00f2"}, append([]string{
			"emr-serverless:CancelJobRun " + app + "00f1/jobruns/00f2", "emr-serverless:GetJobRun " + app + "00f1/jobruns/00f2"},
			events("StepFunctionsGetEventsForEMRServerlessJobRule")...)},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			if got := describeRequests(call(t, tt.resource, tt.params).Requests(nightlyEnv())); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("requests\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
	if _, ok := Read(TaskState{Resource: "arn:aws:states:::emr-serverless:startApplication.waitForTaskToken"}); ok {
		t.Error("startApplication reads with .waitForTaskToken, which connect-emr-serverless.html says is not supported")
	}
}
