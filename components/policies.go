package components

import (
	"fmt"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

// BuildStateMachinePolicy returns the identity policy of the state
// machine's role in account a: for each job exactly what its integration
// needs (integrations.ECSRunTaskStatements, CodeBuildStartBuildStatements),
// plus log delivery and X-Ray. Like BuildDefinition it is pure and known
// before anything exists.
func BuildStateMachinePolicy(a integrations.Account, args PipelineArgs) (iam.Document, error) {
	args = args.WithDefaults()
	if err := args.validate(); err != nil {
		return iam.Document{}, fmt.Errorf("invalid pipeline args: %w", err)
	}
	return stateMachinePolicy(newDefinitionEnv(a, args), args), nil
}

// BuildScheduleRolePolicy returns the identity policy of the schedule's
// role: states:StartExecution on exactly this state machine, and
// sqs:SendMessage on the dead-letter queue if there is one.
func BuildScheduleRolePolicy(a integrations.Account, args PipelineArgs) (iam.Document, error) {
	args = args.WithDefaults()
	if err := args.validate(); err != nil {
		return iam.Document{}, fmt.Errorf("invalid pipeline args: %w", err)
	}
	return scheduleRolePolicy(newDefinitionEnv(a, args), args), nil
}

func stateMachinePolicy(env definitionEnv, args PipelineArgs) iam.Document {
	var groups [][]iam.Statement
	for _, j := range args.jobs() {
		groups = append(groups, j.args.kind().statements(env, j.args.Name))
	}
	groups = append(groups, integrations.LogDeliveryStatements(), integrations.XRayStatements())
	return policy(uniqueSids(integrations.Combine(groups...))...)
}

func scheduleRolePolicy(env definitionEnv, args PipelineArgs) iam.Document {
	a, n := env.account, env.names
	groups := [][]iam.Statement{integrations.StartExecutionStatements(a.StateMachineARN(n.stateMachine()))}
	if args.Schedule.DeadLetterQueue {
		groups = append(groups, []iam.Statement{{
			Sid:      "SendUndeliveredToDeadLetterQueue",
			Effect:   iam.Allow,
			Action:   iam.Strings{"sqs:SendMessage"},
			Resource: iam.Strings{queueARN(a, n.deadLetterQueue())},
		}})
	}
	return policy(uniqueSids(integrations.Combine(groups...))...)
}

// alertTopicPolicy lets EventBridge publish to the created alert topic,
// only for this pipeline's rule.
func alertTopicPolicy(a integrations.Account, topicARN, ruleARN string) iam.Document {
	return policy(iam.Statement{
		Sid:       "EventBridgePublishesFailedExecutions",
		Effect:    iam.Allow,
		Principal: &iam.Principal{ByType: map[string]iam.Strings{"Service": {"events.amazonaws.com"}}},
		Action:    iam.Strings{"sns:Publish"},
		Resource:  iam.Strings{topicARN},
		Condition: map[string]map[string]iam.Strings{
			"ArnEquals":    {"aws:SourceArn": {ruleARN}},
			"StringEquals": {"aws:SourceAccount": {a.ID}},
		},
	})
}

// queueARN is the ARN of an SQS queue.
func queueARN(a integrations.Account, name string) string {
	return fmt.Sprintf("arn:%s:sqs:%s:%s:%s", partitionOf(a), a.Region, a.ID, name)
}

// topicARN is the ARN of an SNS topic.
func topicARN(a integrations.Account, name string) string {
	return fmt.Sprintf("arn:%s:sns:%s:%s:%s", partitionOf(a), a.Region, a.ID, name)
}

func partitionOf(a integrations.Account) string {
	if a.Partition == "" {
		return "aws"
	}
	return a.Partition
}

// uniqueSids makes the Sids of a policy unique, as IAM requires: the
// builders derive per-job Sids from names, and two names may map to the
// same Sid ("a-b" and "a_b").
func uniqueSids(in []iam.Statement) []iam.Statement {
	seen := map[string]int{}
	out := make([]iam.Statement, len(in))
	for i, s := range in {
		if s.Sid != "" {
			seen[s.Sid]++
			if n := seen[s.Sid]; n > 1 {
				s.Sid = fmt.Sprintf("%s%d", s.Sid, n)
			}
		}
		out[i] = s
	}
	return out
}
