package iam

import (
	"embed"
	"strings"

	"batchpipeline/internal/arn"
)

// managedFS holds the JSON documents of the AWS managed policies that
// ManagedPolicy knows, one file per policy named after the policy's path
// and name (managed/service-role/AmazonECSTaskExecutionRolePolicy.json for
// arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy).
//
// Each file is the default version of the policy. Sources (the AWS
// Managed Policy Reference Guide has one page per policy,
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/<Name>.html,
// and github.com/zoph-io/MAMIP mirrors every default version under
// policies/<Name>):
//
//   - AdministratorAccess v1: MAMIP policies/AdministratorAccess.
//   - PowerUserAccess v12 (2026-02-12; Allow NotAction iam:*,
//     organizations:*, account:* plus account:GetAccountInformation,
//     account:GetGovCloudAccountInformation, account:GetPrimaryEmail,
//     account:ListRegions, iam:CreateServiceLinkedRole,
//     iam:DeleteServiceLinkedRole, iam:ListRoles,
//     organizations:DescribeEffectivePolicy and
//     organizations:DescribeOrganization): MAMIP policies/PowerUserAccess.
//   - IAMFullAccess v2 (2019-06-21): MAMIP policies/IAMFullAccess.
//   - service-role/AmazonECSTaskExecutionRolePolicy v1: MAMIP, and the same
//     text in https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html.
//   - AWSStepFunctionsFullAccess v1: the AWS reference page above (edited
//     2017-01-11; it needs iam:PassRole from elsewhere, as its description says).
//
// AWS only ever adds permissions to a managed policy, so a stale copy errs
// towards reporting a permission as missing, never as present.
//
//go:embed managed/*.json managed/service-role/*.json
var managedFS embed.FS

// ManagedPolicy returns the document of an AWS managed policy by ARN, in
// any partition (arn:aws:..., arn:aws-cn:..., arn:aws-us-gov:...). It
// reports false for a policy it does not know, including customer managed
// policies; callers must then treat the policy's permissions as unknown.
func ManagedPolicy(policyARN string) (Document, bool) {
	name, ok := managedPolicyPath(policyARN)
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
func managedPolicyPath(policyARN string) (string, bool) {
	a, ok := arn.Parse(policyARN)
	if !ok || !strings.HasPrefix(a.Partition, "aws") || a.Service != "iam" || a.Region != "" || a.AccountID != "aws" {
		return "", false
	}
	name, ok := strings.CutPrefix(a.Resource, "policy/")
	if !ok || name == "" || strings.Contains(name, "..") || strings.HasSuffix(name, "/") {
		return "", false
	}
	return name, true
}
