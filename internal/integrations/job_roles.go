package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
)

// ExecutionRolePolicyARN is the AWS managed policy an ECS task execution
// role needs to pull images from ECR and write awslogs
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html).
func ExecutionRolePolicyARN(a Account) string {
	return a.ManagedPolicyARN("service-role", "AmazonECSTaskExecutionRolePolicy")
}

// ReadSecretsStatements lets an execution role read exactly the secrets
// a task definition's containers name (valueFrom values): Secrets Manager
// secrets with secretsmanager:GetSecretValue, SSM parameters with
// ssm:GetParameters
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html).
// Values that are no secret reference are skipped (see SecretReference).
//
// kms:Decrypt is not granted: secrets encrypted with the AWS managed keys
// (aws/secretsmanager, aws/ssm) need no grant, and the customer managed
// key of a secret is not known here, so it cannot be scoped.
func ReadSecretsStatements(valueFroms []string) []iam.Statement {
	var secrets, params iam.Strings
	for _, v := range valueFroms {
		service, res, ok := SecretReference(v)
		switch {
		case !ok:
		case service == "secretsmanager":
			secrets = union(secrets, iam.Strings{res})
		case service == "ssm":
			params = union(params, iam.Strings{res})
		}
	}
	var st []iam.Statement
	if len(secrets) > 0 {
		st = append(st, iam.Statement{Sid: "ReadSecrets", Effect: iam.Allow,
			Action: iam.Strings{"secretsmanager:GetSecretValue"}, Resource: secrets})
	}
	if len(params) > 0 {
		st = append(st, iam.Statement{Sid: "ReadParameters", Effect: iam.Allow,
			Action: iam.Strings{"ssm:GetParameters"}, Resource: params})
	}
	return st
}

// WriteBuildLogsStatement lets a CodeBuild project's service role write
// its build logs to its own log group: log streams are
// log-group:NAME:log-stream:STREAM, so NAME:* covers exactly the streams
// of that group
// (https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html).
func WriteBuildLogsStatement(a Account, logGroup string) iam.Statement {
	return iam.Statement{
		Sid:      "WriteOwnBuildLogs",
		Effect:   iam.Allow,
		Action:   iam.Strings{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource: iam.Strings{a.LogGroupARN(logGroup) + ":*"},
	}
}

// SecretReference returns the service ("secretsmanager" or "ssm") and
// the IAM resource ARN of a container secret's valueFrom: a Secrets
// Manager secret ARN loses the JSON key, version stage and version id ECS
// accepts after it
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html);
// an SSM parameter ARN is kept
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html).
func SecretReference(valueFrom string) (service, resource string, ok bool) {
	a, ok := arn.Parse(valueFrom)
	if !ok || a.Region == "" || a.AccountID == "" {
		return "", "", false
	}
	switch a.Service {
	case "secretsmanager":
		// secret:NAME-SUFFIX[:json-key:version-stage:version-id]
		name, ok := strings.CutPrefix(a.Resource, "secret:")
		name, _, _ = strings.Cut(name, ":")
		if !ok || name == "" {
			return "", "", false
		}
		a.Resource = "secret:" + name
		return "secretsmanager", a.String(), true
	case "ssm":
		if strings.Contains(a.Resource, ":") || !strings.HasPrefix(a.Resource, "parameter/") || len(a.Resource) == len("parameter/") {
			return "", "", false
		}
		return "ssm", valueFrom, true
	}
	return "", "", false
}
