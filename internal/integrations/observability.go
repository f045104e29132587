package integrations

import "batchpipeline/internal/iam"

// LogDeliveryStatements returns the statement a state machine role needs
// to send execution logs to CloudWatch Logs
// (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html,
// "IAM Policies for logging to CloudWatch Logs"). Step Functions sets up a
// CloudWatch Logs vended log delivery; those log-delivery APIs do not
// support resource-level permissions, so the resource is "*" as on the
// AWS page.
//
// The AWS page's current policy also lists logs:CreateLogStream and
// logs:PutLogEvents on "*", every log group of the account (its 2023
// version listed PutLogEvents only). The CDK's StateMachine grants only
// the eight actions below (aws-stepfunctions/lib/state-machine.ts,
// buildLoggingConfiguration; the Step Functions team confirmed them as
// minimal in aws-cdk#7158), and the only report of the two being needed is
// about the console status of Express workflows
// (terraform-aws-modules/terraform-aws-step-functions#76). The pipeline's
// machine is STANDARD, so the two are left out. A missing delivery
// permission fails the deploy itself ("The state machine IAM Role is not
// authorized to access the Log Destination", aws-cdk#26432), not a run.
func LogDeliveryStatements() []iam.Statement {
	return []iam.Statement{{
		Sid:    "CloudWatchLogsDelivery",
		Effect: iam.Allow,
		Action: iam.Strings{
			"logs:CreateLogDelivery",
			"logs:GetLogDelivery",
			"logs:UpdateLogDelivery",
			"logs:DeleteLogDelivery",
			"logs:ListLogDeliveries",
			"logs:PutResourcePolicy",
			"logs:DescribeResourcePolicies",
			"logs:DescribeLogGroups",
		},
		Resource: iam.Strings{"*"},
	}}
}

// XRayStatements returns the statement a state machine role needs when
// X-Ray tracing is enabled
// (https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html).
// These X-Ray actions do not support resource-level permissions, hence "*".
func XRayStatements() []iam.Statement {
	return []iam.Statement{{
		Sid:    "XRayTracing",
		Effect: iam.Allow,
		Action: iam.Strings{
			"xray:PutTraceSegments",
			"xray:PutTelemetryRecords",
			"xray:GetSamplingRules",
			"xray:GetSamplingTargets",
		},
		Resource: iam.Strings{"*"},
	}}
}
