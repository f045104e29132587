package integrations

import (
	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// Account locates ARNs: the partition ("aws", "aws-cn", "aws-us-gov"),
// the region and the 12-digit account ID. An empty Partition means "aws".
// It is arn.Account with the builders of the resources the model names,
// each defined in the file of the integration or caller that names it
// (ClusterARN in ecs.go, ProjectARN in codebuild.go, ...); the generic
// ones are here.
type Account arn.Account

// WithPartition returns a with its partition set: "aws" when unset.
func (a Account) WithPartition() Account { return Account(arn.Account(a).WithPartition()) }

// ARN returns the ARN of a regional resource of service in the account:
// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE. The builders of the
// integration files are the formats the product relies on; this is for
// the others (a stand-in of AWS gives every resource type an ARN).
func (a Account) ARN(service, resource string) string {
	return arn.Account(a).Regional(service, resource)
}

// GlobalARN returns the ARN of a resource of a global service (IAM), which
// has no region.
func (a Account) GlobalARN(service, resource string) string {
	return arn.Account(a).Global(service, resource)
}

// Anywhere returns any account and region of a's partition, each a hole
// that says why it is not known: where a resource chosen at run time may
// live.
func (a Account) Anywhere(why string) Account {
	return Account{Partition: a.Partition,
		Region: partial.Hole{Label: "REGION", Class: partial.Region, Why: why}.String(),
		ID:     partial.Hole{Label: "ACCOUNT_ID", Class: partial.AccountID, Why: why}.String()}
}

// AccountOf returns where the resource of a parsed ARN lives.
func AccountOf(a arn.ARN) Account { return Account(a.Account()) }

// RoleARN returns the ARN of an IAM role. path is the role's path, "/" for
// none or "/team/svc/"; missing leading or trailing slashes are added.
// IAM is global, so the ARN has no region.
func (a Account) RoleARN(path, name string) string {
	return a.GlobalARN("iam", "role"+arn.NormalizePath(path)+name)
}

// ManagedPolicyARN returns the ARN of an AWS managed policy in the
// account's partition: ManagedPolicyARN("service-role/", "X") is
// arn:aws:iam::aws:policy/service-role/X.
func (a Account) ManagedPolicyARN(path, name string) string {
	return Account{Partition: a.Partition, ID: "aws"}.GlobalARN("iam", "policy"+arn.NormalizePath(path)+name)
}

// QueueARN returns the ARN of an SQS queue.
func (a Account) QueueARN(name string) string { return a.ARN("sqs", name) }

// TopicARN returns the ARN of an SNS topic.
func (a Account) TopicARN(name string) string { return a.ARN("sns", name) }

// LogGroupARN returns the ARN of a CloudWatch Logs log group, without the
// ":*" suffix that DescribeLogGroups adds (the form Pulumi's
// aws.cloudwatch.LogGroup reports as arn).
func (a Account) LogGroupARN(name string) string { return a.ARN("logs", "log-group:"+name) }
