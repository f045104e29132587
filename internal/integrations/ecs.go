package integrations

import "batchpipeline/internal/iam"

// Actions of the ecs:runTask.sync integration, from
// https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html
// ("Run a Job (.sync)", static resources).
const (
	actionRunTask       = "ecs:RunTask"
	actionStopTask      = "ecs:StopTask"
	actionDescribeTasks = "ecs:DescribeTasks"
	actionPassRole      = "iam:PassRole"
	conditionPassedTo   = "iam:PassedToService"
)

// eventsRuleActions are the actions Step Functions needs on its managed
// EventBridge rule for any .sync integration.
func eventsRuleActions() []string {
	return []string{"events:PutTargets", "events:PutRule", "events:DescribeRule"}
}

// ecsTaskActions are the actions Step Functions uses on the task it
// started: DescribeTasks to poll it, StopTask to stop it when the
// execution is stopped or times out.
func ecsTaskActions() []string {
	return []string{actionStopTask, actionDescribeTasks}
}

// ECSRunTaskStatements returns the statements a state machine role needs to
// run a task of the given task definition family with ecs:runTask.sync
// (https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html):
//
//   - ecs:RunTask on every revision of the family (see
//     Account.TaskDefinitionFamilyARN for why ":*");
//   - ecs:StopTask and ecs:DescribeTasks on "*", as in the AWS template:
//     the task ID is unknown until RunTask returns, and the cluster is not
//     an input here (ECS does accept task ARNs, arn:P:ecs:R:A:task/CLUSTER/ID,
//     but the template and CDK's EcsRunTask both use "*"; Step Functions can
//     only stop tasks it started);
//   - events:PutTargets, events:PutRule and events:DescribeRule on the
//     managed rule StepFunctionsGetEventsForECSTaskRule, through which
//     Step Functions learns that the task stopped;
//   - iam:PassRole on exactly the task definition's execution role and task
//     role (empty ones skipped, equal ones once), only towards
//     ecs-tasks.amazonaws.com. The AWS page mentions this under the
//     template but leaves it out of the JSON; without it RunTask fails at
//     run time with "is not authorized to perform: iam:PassRole".
//
// Statements shared by every ECS job have fixed Sids; the others carry the
// family's name (see Combine).
func ECSRunTaskStatements(a Account, family, executionRoleARN, taskRoleARN string) []iam.Statement {
	suffix := sidPart(family)
	stmts := []iam.Statement{
		{
			Sid:      "ECSRunTask" + suffix,
			Effect:   iam.Allow,
			Action:   iam.Strings{actionRunTask},
			Resource: iam.Strings{a.TaskDefinitionFamilyARN(family)},
		},
		{
			Sid:      "ECSStopAndDescribeTasks",
			Effect:   iam.Allow,
			Action:   iam.Strings(ecsTaskActions()),
			Resource: iam.Strings{"*"},
		},
		{
			Sid:      "ECSTaskEventsRule",
			Effect:   iam.Allow,
			Action:   iam.Strings(eventsRuleActions()),
			Resource: iam.Strings{a.EventsRuleARN(ECSEventsRule)},
		},
	}
	if roles := uniqueNonEmpty(executionRoleARN, taskRoleARN); len(roles) > 0 {
		stmts = append(stmts, iam.Statement{
			Sid:      "ECSPassTaskRoles" + suffix,
			Effect:   iam.Allow,
			Action:   iam.Strings{actionPassRole},
			Resource: iam.Strings(roles),
			Condition: map[string]map[string]iam.Strings{
				"StringEquals": {conditionPassedTo: {ECSTasksService}},
			},
		})
	}
	return stmts
}

// RequiredECS returns the permission checks for one ecs:runTask.sync Task
// state: the same facts as ECSRunTaskStatements, as concrete requests.
// taskDefinitionARN is the revisioned ARN the task runs
// (task-definition/FAMILY:REV, what aws.ecs.TaskDefinition reports as arn);
// passRoles are the roles ECS receives (the task definition's execution
// and task roles, and any role override); empty ones are skipped.
//
// The ecs:StopTask and ecs:DescribeTasks checks use the account's task
// pattern (arn:P:ecs:R:A:task/*) as their resource, since the task ID is
// only known at run time.
func RequiredECS(a Account, taskDefinitionARN string, passRoles ...string) []Requirement {
	reqs := []Requirement{{
		Action:   actionRunTask,
		Resource: taskDefinitionARN,
		Why:      "Step Functions calls ecs:RunTask on the task definition's revisioned ARN to start the job",
	}}
	for _, action := range ecsTaskActions() {
		reqs = append(reqs, Requirement{
			Action:   action,
			Resource: a.TaskARNPattern(),
			Why:      "Step Functions polls the task with ecs:DescribeTasks and stops it with ecs:StopTask when the execution is stopped",
		})
	}
	for _, action := range eventsRuleActions() {
		reqs = append(reqs, Requirement{
			Action:   action,
			Resource: a.EventsRuleARN(ECSEventsRule),
			Why:      "ecs:runTask.sync learns that the task stopped through the managed EventBridge rule " + ECSEventsRule,
		})
	}
	for _, role := range uniqueNonEmpty(passRoles...) {
		reqs = append(reqs, Requirement{
			Action:   actionPassRole,
			Resource: role,
			Context:  map[string]string{conditionPassedTo: ECSTasksService},
			Why:      "ecs:RunTask hands the task definition's roles to ECS; without iam:PassRole the task fails at run time with AccessDenied (the deploy itself succeeds)",
		})
	}
	return reqs
}
