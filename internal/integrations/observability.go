package integrations

import "batchpipeline/internal/iam"

// LogDeliveryStatements returns the statement a state machine role needs
// to send execution logs to CloudWatch Logs
// (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html,
// "IAM Policies for logging to CloudWatch Logs"). Step Functions sets up a
// CloudWatch Logs vended log delivery; those log-delivery APIs do not
// support resource-level permissions, so the resource is "*" as on the
// AWS page.
func LogDeliveryStatements() []iam.Statement {
	return []iam.Statement{{
		Sid:    "CloudWatchLogsDelivery",
		Effect: iam.Allow,
		Action: iam.Strings{
			"logs:CreateLogDelivery",
			"logs:CreateLogStream",
			"logs:GetLogDelivery",
			"logs:UpdateLogDelivery",
			"logs:DeleteLogDelivery",
			"logs:ListLogDeliveries",
			"logs:PutLogEvents",
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

// StartExecutionStatements returns the statement the role of a schedule
// (EventBridge rule target or EventBridge Scheduler) needs to start the
// state machine
// (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html).
func StartExecutionStatements(stateMachineARN string) []iam.Statement {
	return []iam.Statement{{
		Sid:      "StartExecution",
		Effect:   iam.Allow,
		Action:   iam.Strings{"states:StartExecution"},
		Resource: iam.Strings{stateMachineARN},
	}}
}
