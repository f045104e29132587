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
// The AWS page also lists logs:CreateLogStream and logs:PutLogEvents on
// "*": every log group of the account. The CDK's StateMachine grants only
// the eight actions below (aws-stepfunctions/lib/state-machine.ts), and
// vended log delivery writes through the log group's resource policy,
// which PutResourcePolicy maintains, not through the role; so the two
// are left out.
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
