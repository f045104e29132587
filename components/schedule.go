package components

import (
	"fmt"

	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/integrations"
)

// schedule is what newSchedule registered.
type schedule struct {
	schedule *scheduler.Schedule
	role     *awsiam.Role
}

// newSchedule registers the EventBridge Scheduler schedule that starts the
// state machine with input (scheduleInput), its role
// (states:StartExecution on exactly this machine) and, if asked, its
// dead-letter queue.
func newSchedule(ctx *pulumi.Context, env deployEnv, args PipelineArgs, machine pulumi.Resource, machineARN pulumi.StringOutput,
	input pulumi.StringInput) (*schedule, error) {
	parent := pulumi.Parent(env.parent)
	a, n := env.account, env.names
	s := args.Schedule

	var deadLetter scheduler.ScheduleTargetDeadLetterConfigPtrInput
	if s.DeadLetterQueue {
		queue, err := sqs.NewQueue(ctx, n.deadLetterQueue(), &sqs.QueueArgs{
			Name:                    pulumi.String(n.deadLetterQueue()),
			MessageRetentionSeconds: pulumi.Int(14 * 24 * 3600),
			SqsManagedSseEnabled:    pulumi.Bool(true),
			Tags:                    env.tags,
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("schedule dead-letter queue: %w", err)
		}
		deadLetter = scheduler.ScheduleTargetDeadLetterConfigArgs{Arn: queue.Arn}
	}

	// Only aws:SourceAccount: the aws:SourceArn Scheduler sets is the
	// schedule group's, which is shared by every schedule of the group.
	trust, err := integrations.TrustPolicy(integrations.SchedulerService, a.ID, "").JSON()
	if err != nil {
		return nil, fmt.Errorf("schedule trust policy: %w", err)
	}
	role, err := awsiam.NewRole(ctx, n.scheduleRole(), &awsiam.RoleArgs{
		Name:             pulumi.String(n.scheduleRole()),
		AssumeRolePolicy: pulumi.String(trust),
		Description:      pulumi.String(fmt.Sprintf("Starts the state machine %s on schedule", n.stateMachine())),
		Tags:             env.tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("schedule role: %w", err)
	}
	doc, err := scheduleRolePolicy(env.definitionEnv, args).JSON()
	if err != nil {
		return nil, fmt.Errorf("schedule role policy: %w", err)
	}
	// The policy names the state machine by its ARN string: wait for it.
	rolePolicy, err := awsiam.NewRolePolicy(ctx, n.scheduleRole(), &awsiam.RolePolicyArgs{
		Name:   pulumi.String("start-execution"),
		Role:   role.Name,
		Policy: pulumi.String(doc),
	}, parent, pulumi.DependsOn([]pulumi.Resource{machine}))
	if err != nil {
		return nil, fmt.Errorf("schedule role policy: %w", err)
	}

	state := "ENABLED"
	if !*s.Enabled {
		state = "DISABLED"
	}
	sched, err := scheduler.NewSchedule(ctx, n.schedule(), &scheduler.ScheduleArgs{
		Name:                       pulumi.String(n.schedule()),
		Description:                pulumi.String(fmt.Sprintf("Starts the pipeline %s", n.pipeline)),
		ScheduleExpression:         pulumi.String(s.Expression),
		ScheduleExpressionTimezone: pulumi.String(s.Timezone),
		State:                      pulumi.String(state),
		FlexibleTimeWindow:         scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")},
		Target: scheduler.ScheduleTargetArgs{
			Arn:     machineARN,
			RoleArn: role.Arn,
			Input:   input,
			RetryPolicy: scheduler.ScheduleTargetRetryPolicyArgs{
				MaximumRetryAttempts:     pulumi.Int(*s.MaxRetryAttempts),
				MaximumEventAgeInSeconds: pulumi.Int(s.MaxEventAgeSeconds),
			},
			DeadLetterConfig: deadLetter,
		},
	}, parent, pulumi.DependsOn([]pulumi.Resource{rolePolicy}))
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	return &schedule{schedule: sched, role: role}, nil
}
