package program

import "batchpipeline/components"

// Defaults returns the pipeline the program deploys when the stack sets
// nothing but its network: components.SeedPipelineArgs, the nightly batch
// this project was built for (05:00 Japan time, batch-job, ecs-task-1 and
// ecs-task-2 together, then final-batch-job), with a dead-letter queue for
// the schedule, the default logging and a Project tag. Subnets and
// security groups belong to an account, so the defaults have none: a stack
// that runs ECS jobs sets network.subnetIds.
//
// Pulumi.yaml declares the same values as the config defaults; a test keeps
// the two equal.
func Defaults() components.PipelineArgs {
	a := components.SeedPipelineArgs()
	a.Network = components.NetworkArgs{}
	a.Schedule.DeadLetterQueue = true
	a.Logging = components.LoggingArgs{
		Level:         components.DefaultLogLevel,
		RetentionDays: components.DefaultLogRetentionDays,
	}
	a.Tags = map[string]string{"Project": "batchpipeline"}
	return a
}
