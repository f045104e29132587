package iam

import (
	"embed"
	"strings"
)

// managedFS holds the JSON documents of the AWS managed policies that
// ManagedPolicy knows, one file per policy named after the policy's path
// and name (managed/service-role/AmazonECSTaskExecutionRolePolicy.json for
// arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy).
//
// Each file is the default version of the policy as published in the AWS
// Managed Policy Reference Guide, one page per policy:
//
//   - AdministratorAccess (v1):
//     https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
//   - PowerUserAccess (v12, February 2026, with account:GetGovCloudAccountInformation and
//     organizations:DescribeEffectivePolicy):
//     https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html
//   - IAMFullAccess (v2):
//     https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMFullAccess.html
//   - AmazonECSTaskExecutionRolePolicy (v1):
//     https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html
//   - AWSStepFunctionsFullAccess (v1):
//     https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSStepFunctionsFullAccess.html
//
// The texts were checked against the zoph-io/MAMIP snapshot of every AWS
// managed policy (github.com/zoph-io/MAMIP, policies/<name>). AWS only ever
// adds permissions to a managed policy, so a stale copy errs towards
// reporting a permission as missing, never as present.
//
//go:embed managed/*.json managed/service-role/*.json
var managedFS embed.FS

// ManagedPolicy returns the document of an AWS managed policy by ARN, in
// any partition (arn:aws:..., arn:aws-cn:..., arn:aws-us-gov:...). It
// reports false for a policy it does not know, including customer managed
// policies; callers must then treat the policy's permissions as unknown.
func ManagedPolicy(arn string) (Document, bool) {
	name, ok := managedPolicyPath(arn)
	if !ok {
		return Document{}, false
	}
	data, err := managedFS.ReadFile("managed/" + name + ".json")
	if err != nil {
		return Document{}, false
	}
	doc, err := Parse(data)
	if err != nil {
		return Document{}, false
	}
	return doc, true
}

// managedPolicyPath extracts "service-role/Name" from
// "arn:PARTITION:iam::aws:policy/service-role/Name".
func managedPolicyPath(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !strings.HasPrefix(parts[1], "aws") ||
		parts[2] != "iam" || parts[3] != "" || parts[4] != "aws" {
		return "", false
	}
	name, ok := strings.CutPrefix(parts[5], "policy/")
	if !ok || name == "" || strings.Contains(name, "..") || strings.HasSuffix(name, "/") {
		return "", false
	}
	return name, true
}
