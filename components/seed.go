package components

// SeedPipelineArgs returns the pipeline this project was built for: every
// morning at 05:00 Japan time the CodeBuild job batch-job and the ECS
// Fargate tasks ecs-task-1 and ecs-task-2 (cpu 512, memory 1024) start
// together; if none failed, the CodeBuild job final-batch-job runs.
//
// Images, buildspecs and the network are placeholders that let the args
// validate (the diagram command and tests use them); a stack's config
// supplies the real ones.
func SeedPipelineArgs() PipelineArgs {
	codeBuild := func(name string) JobArgs {
		return JobArgs{Name: name, CodeBuild: &CodeBuildJobArgs{
			Buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - echo " + name + "\n",
		}}
	}
	fargate := func(name string) JobArgs {
		return JobArgs{Name: name, ECS: &FargateJobArgs{
			Image:   "public.ecr.aws/docker/library/busybox:stable",
			CPU:     512,
			Memory:  1024,
			Command: []string{"echo", name},
		}}
	}
	return PipelineArgs{
		Name:         "batch-pipeline",
		Schedule:     ScheduleArgs{Expression: "cron(0 5 * * ? *)", Timezone: DefaultTimezone},
		ParallelJobs: []JobArgs{codeBuild("batch-job"), fargate("ecs-task-1"), fargate("ecs-task-2")},
		FinalJob:     codeBuild("final-batch-job"),
		Network: NetworkArgs{
			SubnetIDs:        []string{"subnet-0123456789abcdef0"},
			SecurityGroupIDs: []string{"sg-0123456789abcdef0"},
		},
	}
}
