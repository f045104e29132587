package integrations

import (
	"strconv"
	"strings"
)

// Account locates ARNs: the partition ("aws", "aws-cn", "aws-us-gov"),
// the region and the 12-digit account ID. An empty Partition means "aws".
type Account struct {
	Partition string
	Region    string
	ID        string
}

// partition returns the account's partition, "aws" when unset.
func (a Account) partition() string {
	if a.Partition == "" {
		return "aws"
	}
	return a.Partition
}

// WithPartition returns a with its partition set: "aws" when unset.
func (a Account) WithPartition() Account {
	a.Partition = a.partition()
	return a
}

// ARN returns the ARN of a regional resource of service in the account:
// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE. The builders below are
// the formats the product relies on; this is for the others (a stand-in
// of AWS gives every resource type an ARN).
func (a Account) ARN(service, resource string) string {
	return arn(a.partition(), service, a.Region, a.ID, resource)
}

// GlobalARN returns the ARN of a resource of a global service (IAM), which
// has no region.
func (a Account) GlobalARN(service, resource string) string {
	return arn(a.partition(), service, "", a.ID, resource)
}

// PartitionOf returns the partition of a region: aws-cn for China, aws-us-gov
// for GovCloud, aws-iso, aws-iso-b, aws-iso-e and aws-iso-f for the isolated
// regions, aws for every other
// (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
func PartitionOf(region string) string {
	for _, p := range []struct{ prefix, partition string }{
		{"cn-", "aws-cn"}, {"us-gov-", "aws-us-gov"}, {"us-isob-", "aws-iso-b"}, {"us-iso-", "aws-iso"},
		{"eu-isoe-", "aws-iso-e"}, {"us-isof-", "aws-iso-f"},
	} {
		if strings.HasPrefix(region, p.prefix) {
			return p.partition
		}
	}
	return "aws"
}

// arn joins the six parts of an ARN.
func arn(partition, service, region, account, resource string) string {
	return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource
}

// RoleARN returns the ARN of an IAM role. path is the role's path, "/" for
// none or "/team/svc/"; missing leading or trailing slashes are added.
// IAM is global, so the ARN has no region.
func (a Account) RoleARN(path, name string) string {
	return arn(a.partition(), "iam", "", a.ID, "role"+NormalizePath(path)+name)
}

// ManagedPolicyARN returns the ARN of an AWS managed policy in the
// account's partition: ManagedPolicyARN("service-role/", "X") is
// arn:aws:iam::aws:policy/service-role/X.
func (a Account) ManagedPolicyARN(path, name string) string {
	return arn(a.partition(), "iam", "", "aws", "policy"+NormalizePath(path)+name)
}

// ClusterARN returns the ARN of an ECS cluster.
func (a Account) ClusterARN(name string) string {
	return arn(a.partition(), "ecs", a.Region, a.ID, "cluster/"+name)
}

// TaskDefinitionFamilyARN returns the pattern matching every revision of a
// task definition family: arn:P:ecs:R:A:task-definition/FAMILY:*.
//
// ecs:RunTask is authorized against the revisioned ARN
// (task-definition/FAMILY:REV), even when the caller names the family
// only, so a policy naming task-definition/FAMILY without ":*" never
// matches and RunTask fails with AccessDenied. The Step Functions template
// names [[taskDefinition]]:[[revisionNumber]]
// (https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html), and
// CDK's EcsRunTask grants getTaskDefinitionFamilyArn() + ':*' so that a new
// revision does not need a new policy
// (aws-cdk, packages/aws-cdk-lib/aws-stepfunctions-tasks/lib/ecs/run-task.ts,
// makePolicyStatements).
func (a Account) TaskDefinitionFamilyARN(family string) string {
	return arn(a.partition(), "ecs", a.Region, a.ID, "task-definition/"+family+":*")
}

// TaskDefinitionARN returns the ARN of one revision of a task definition.
func (a Account) TaskDefinitionARN(family string, revision int) string {
	return arn(a.partition(), "ecs", a.Region, a.ID, "task-definition/"+family+":"+strconv.Itoa(revision))
}

// TaskARN returns the ARN of an ECS task of a cluster, in the long form
// ECS uses for every task since 2021: task/CLUSTER/ID
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids).
func (a Account) TaskARN(cluster, id string) string {
	return arn(a.partition(), "ecs", a.Region, a.ID, "task/"+cluster+"/"+id)
}

// ClusterTasksPattern returns the pattern of every task ARN of a cluster,
// task/CLUSTER/*.
func (a Account) ClusterTasksPattern(cluster string) string {
	return a.TaskARN(cluster, "*")
}

// ProjectARN returns the ARN of a CodeBuild project.
func (a Account) ProjectARN(name string) string {
	return arn(a.partition(), "codebuild", a.Region, a.ID, "project/"+name)
}

// EventsRuleARN returns the ARN of an EventBridge rule on the default bus.
func (a Account) EventsRuleARN(rule string) string {
	return a.RuleARN("", rule)
}

// RuleARN returns the ARN of an EventBridge rule on an event bus, named
// by name or ARN: rule/NAME on the default bus ("" or "default"),
// rule/BUS/NAME on another.
func (a Account) RuleARN(bus, rule string) string {
	if i := strings.LastIndex(bus, ":event-bus/"); i >= 0 && strings.HasPrefix(bus, "arn:") {
		bus = bus[i+len(":event-bus/"):]
	}
	if bus == "" || bus == "default" {
		return arn(a.partition(), "events", a.Region, a.ID, "rule/"+rule)
	}
	return arn(a.partition(), "events", a.Region, a.ID, "rule/"+bus+"/"+rule)
}

// ScheduleGroupARN returns the ARN of an EventBridge Scheduler schedule
// group.
func (a Account) ScheduleGroupARN(group string) string {
	return arn(a.partition(), "scheduler", a.Region, a.ID, "schedule-group/"+group)
}

// StateMachineARN returns the ARN of a Step Functions state machine.
func (a Account) StateMachineARN(name string) string {
	return arn(a.partition(), "states", a.Region, a.ID, "stateMachine:"+name)
}

// QueueARN returns the ARN of an SQS queue.
func (a Account) QueueARN(name string) string {
	return arn(a.partition(), "sqs", a.Region, a.ID, name)
}

// TopicARN returns the ARN of an SNS topic.
func (a Account) TopicARN(name string) string {
	return arn(a.partition(), "sns", a.Region, a.ID, name)
}

// LogGroupARN returns the ARN of a CloudWatch Logs log group, without the
// ":*" suffix that DescribeLogGroups adds (the form Pulumi's
// aws.cloudwatch.LogGroup reports as arn).
func (a Account) LogGroupARN(name string) string {
	return arn(a.partition(), "logs", a.Region, a.ID, "log-group:"+name)
}
