// Package components holds the Pulumi component resources of the batch
// pipeline: a Pipeline that runs a set of jobs in parallel on a schedule,
// then a final job, orchestrated by an AWS Step Functions state machine.
//
// One concern per file:
//
//	args.go, defaults.go    the typed config (PipelineArgs) and its defaults
//	validate.go             validation of every setting, before anything is registered
//	schedule_expression.go  EventBridge Scheduler cron/rate/at syntax
//	fargate_sizes.go        the Fargate cpu/memory table
//	names.go                physical names derived from the pipeline and job names
//	job.go                  the jobKind interface and the registry of kinds (builtinJobKinds)
//	codebuild_job.go        CodeBuild job kind (CodeBuildJob component)
//	fargate_job.go          ECS Fargate job kind (FargateJob component)
//	standalone_job.go       NewCodeBuildJob, NewFargateJob: one job without a pipeline
//	definition.go           BuildDefinition: the state machine as asl values
//	policies.go             the IAM documents, built from internal/integrations
//	state_machine.go        state machine, its role and log group
//	schedule.go             EventBridge Scheduler schedule, its role, dead-letter queue
//	alerts.go               failure alerts: EventBridge rule, SNS topic
//	pipeline.go             the Pipeline component that ties them together
//	seed.go                 the pipeline this project was built for
//
// Everything inside the definition and the policy documents is derived from
// the args and the account (getCallerIdentity, getPartition, getRegion), so
// both are known at the first preview and a policy pack can judge them
// before any resource exists.
package components
