package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/integrations"
)

// containerResources are what a job that runs a container on Fargate
// (an ECS task definition, an AWS Batch job definition) needs besides its
// definition: a log group, an execution role with ECS's task execution
// managed policy (pull the image, write the logs) and the role its code
// runs as, both trusting ecs-tasks.amazonaws.com.
type containerResources struct {
	logGroup   *cloudwatch.LogGroup
	execution  *awsiam.Role
	task       *awsiam.Role
	attachment *awsiam.RolePolicyAttachment
}

// containerDescriptions are the descriptions of a container job's two
// roles.
type containerDescriptions struct {
	execution, task string
}

// newContainerResources registers the log group logGroupName and the two
// roles of job, children of parent; wrap adds the job to an error.
func newContainerResources(ctx *pulumi.Context, env deployEnv, parent pulumi.ResourceOption, job, logGroupName string,
	desc containerDescriptions, wrap func(what string, err error) error) (*containerResources, error) {
	a, n := env.account, env.names
	logGroup, err := cloudwatch.NewLogGroup(ctx, n.job(job)+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(logGroupName),
		RetentionInDays: pulumi.Int(env.retentionDays),
		Tags:            env.tags,
	}, parent)
	if err != nil {
		return nil, wrap("log group", err)
	}
	trust, err := integrations.TrustPolicy(integrations.ECSTasksService, a.ID, "").JSON()
	if err != nil {
		return nil, wrap("trust policy", err)
	}
	newRole := func(name, description string) (*awsiam.Role, error) {
		return awsiam.NewRole(ctx, name, &awsiam.RoleArgs{
			Name:             pulumi.String(name),
			AssumeRolePolicy: pulumi.String(trust),
			Description:      pulumi.String(description),
			Tags:             env.tags,
		}, parent)
	}
	execution, err := newRole(n.executionRole(job), desc.execution)
	if err != nil {
		return nil, wrap("execution role", err)
	}
	task, err := newRole(n.taskRole(job), desc.task)
	if err != nil {
		return nil, wrap(fmt.Sprintf("role %s", n.taskRole(job)), err)
	}
	attachment, err := awsiam.NewRolePolicyAttachment(ctx, n.executionRole(job), &awsiam.RolePolicyAttachmentArgs{
		Role:      execution.Name,
		PolicyArn: pulumi.String(integrations.ExecutionRolePolicyARN(a)),
	}, parent)
	if err != nil {
		return nil, wrap("execution role policy attachment", err)
	}
	return &containerResources{logGroup: logGroup, execution: execution, task: task, attachment: attachment}, nil
}
