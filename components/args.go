package components

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Defaults applied by (PipelineArgs).WithDefaults. They are exported so that
// the program's Pulumi.yaml defaults can be tested against them.
const (
	// DefaultTimezone is the IANA time zone of the schedule.
	DefaultTimezone = "Asia/Tokyo"
	// DefaultLogLevel is the Step Functions execution log level.
	DefaultLogLevel = "ERROR"
	// DefaultLogRetentionDays is the retention of every log group created.
	DefaultLogRetentionDays = 30
	// DefaultJobTimeoutSeconds bounds each job's Task state.
	DefaultJobTimeoutSeconds = 3600
	// DefaultJobMaxAttempts is how often a job is retried on transient errors.
	DefaultJobMaxAttempts = 2
	// DefaultRetryIntervalSeconds is the first retry delay (doubled each time).
	DefaultRetryIntervalSeconds = 30
	// DefaultCodeBuildImage is the image of a created CodeBuild project.
	DefaultCodeBuildImage = "aws/codebuild/amazonlinux-x86_64-standard:5.0"
	// DefaultCodeBuildComputeType is the compute type of a created project.
	DefaultCodeBuildComputeType = "BUILD_GENERAL1_SMALL"
	// DefaultFargateCPU is the task CPU (units) of a created task definition.
	DefaultFargateCPU = 512
	// DefaultFargateMemory is the task memory (MiB) of a created task definition.
	DefaultFargateMemory = 1024
	// DefaultScheduleMaxRetryAttempts is the scheduler's retry count when
	// starting the state machine fails.
	DefaultScheduleMaxRetryAttempts = 3
	// DefaultScheduleMaxEventAgeSeconds is how long the scheduler keeps
	// retrying an invocation.
	DefaultScheduleMaxEventAgeSeconds = 3600
)

// PipelineArgs configures a Pipeline.
//
// The Args types are plain Go values, not pulumi.Input, on purpose:
//
//   - every setting is validated before any resource is registered, so a bad
//     config fails with one clear error and leaves nothing half-created;
//   - the state machine definition and every IAM policy document are built
//     from values known up front (explicit names plus the account from
//     getCallerIdentity), so they are known at the first preview and a policy
//     pack can judge them before anything exists.
//
// The one exception is the network (NetworkArgs: subnets, security groups,
// public IP), which no IAM decision reads: it also takes pulumi Inputs (a
// VPC's subnet ids, a StackReference output). Plain values stay in the
// definition; when one is an Output, the ECS Task states read the whole
// network from the execution input instead, which the schedule sends, so
// the definition is still a constant string known at the first preview,
// and so is every IAM document. See NetworkArgs for what that costs a
// manual run.
//
// The json tags are the config keys: the program loads its config objects
// straight into these types (config.GetObject), and validation errors name
// the key path, e.g. "parallelJobs[1].ecs.cpu".
type PipelineArgs struct {
	// Name prefixes every resource name (state machine, roles, log groups,
	// schedule). Letters, digits, '-' and '_'.
	Name string `json:"name"`
	// Schedule says when the pipeline starts.
	Schedule ScheduleArgs `json:"schedule"`
	// ParallelJobs start together; one failing does not stop the others.
	ParallelJobs []JobArgs `json:"parallelJobs"`
	// FinalJob runs after all parallel jobs, only if none failed.
	FinalJob JobArgs `json:"finalJob"`
	// Network places the Fargate tasks; required when any job is ECS.
	Network NetworkArgs `json:"network"`
	// ClusterName names an existing ECS cluster to run tasks on. Empty
	// creates a cluster named "<name>".
	ClusterName string `json:"clusterName,omitempty"`
	// Alerts says where failed, timed-out or aborted executions are reported.
	Alerts AlertArgs `json:"alerts"`
	// Logging configures the state machine's execution logs and the
	// retention of every log group created.
	Logging LoggingArgs `json:"logging"`
	// Tags are applied to every taggable resource created.
	Tags map[string]string `json:"tags,omitempty"`

	// kinds are the job kinds the pipeline knows; nil means
	// builtinJobKinds (a test registers another kind here).
	kinds jobKinds
}

// jobKinds returns the registry of job kinds of the pipeline.
func (a PipelineArgs) jobKinds() jobKinds {
	if a.kinds != nil {
		return a.kinds
	}
	return builtinJobKinds()
}

// ScheduleArgs configures the EventBridge Scheduler schedule.
type ScheduleArgs struct {
	// Expression is an EventBridge Scheduler expression: cron(min hour
	// day-of-month month day-of-week year), rate(n unit) or
	// at(yyyy-mm-ddThh:mm:ss).
	Expression string `json:"expression"`
	// Timezone is the IANA time zone the expression is read in
	// (default DefaultTimezone).
	Timezone string `json:"timezone,omitempty"`
	// Enabled turns the schedule on (default true).
	Enabled *bool `json:"enabled,omitempty"`
	// DeadLetterQueue creates an SQS queue that receives the invocations the
	// scheduler could not deliver after its retries.
	DeadLetterQueue bool `json:"deadLetterQueue,omitempty"`
	// MaxRetryAttempts is the scheduler's retry count (0..185, default
	// DefaultScheduleMaxRetryAttempts).
	MaxRetryAttempts *int `json:"maxRetryAttempts,omitempty"`
	// MaxEventAgeSeconds bounds the scheduler's retries (60..86400, default
	// DefaultScheduleMaxEventAgeSeconds).
	MaxEventAgeSeconds int `json:"maxEventAgeSeconds,omitempty"`
}

// JobArgs is one job of the pipeline. Exactly one kind (CodeBuild, ECS,
// Lambda or Batch) must be set.
type JobArgs struct {
	// Name identifies the job in the workflow and in resource names; unique
	// within the pipeline. Letters, digits, '-' and '_'.
	Name string `json:"name"`
	// TimeoutSeconds bounds the job's Task state (default
	// DefaultJobTimeoutSeconds).
	TimeoutSeconds int `json:"timeoutSeconds,omitempty"`
	// MaxAttempts is how many times a transient failure is retried (0..10,
	// default DefaultJobMaxAttempts; 0 disables retries).
	MaxAttempts *int `json:"maxAttempts,omitempty"`
	// RetryIntervalSeconds is the first retry delay, doubled on each attempt
	// (default DefaultRetryIntervalSeconds).
	RetryIntervalSeconds int `json:"retryIntervalSeconds,omitempty"`
	// CodeBuild runs the job as a CodeBuild build.
	CodeBuild *CodeBuildJobArgs `json:"codebuild,omitempty"`
	// ECS runs the job as an ECS Fargate task.
	ECS *FargateJobArgs `json:"ecs,omitempty"`
	// Lambda runs the job as an invocation of an existing Lambda function.
	Lambda *LambdaJobArgs `json:"lambda,omitempty"`
	// Batch runs the job as an AWS Batch job on an existing job queue.
	Batch *BatchJobArgs `json:"batch,omitempty"`
}

// CodeBuildJobArgs configures a CodeBuild job: either an existing project
// (ProjectName set, nothing else) or a project created by the component.
type CodeBuildJobArgs struct {
	// ProjectName references an existing project. Empty creates a project
	// named "<pipeline>-<job>".
	ProjectName string `json:"projectName,omitempty"`
	// Image is the build image of a created project (default
	// DefaultCodeBuildImage).
	Image string `json:"image,omitempty"`
	// ComputeType of a created project (default DefaultCodeBuildComputeType).
	ComputeType string `json:"computeType,omitempty"`
	// Buildspec is the inline buildspec (YAML) of a created project.
	Buildspec string `json:"buildspec,omitempty"`
	// Environment holds plain-text environment variables of a created project.
	Environment map[string]string `json:"environment,omitempty"`
}

// FargateJobArgs configures an ECS Fargate job: either an existing task
// definition (Existing set) or a task definition created by the component.
type FargateJobArgs struct {
	// Image is the container image of a created task definition.
	Image string `json:"image,omitempty"`
	// CPU is the task size in CPU units (default DefaultFargateCPU); with
	// Memory it must be a combination Fargate offers.
	CPU int `json:"cpu,omitempty"`
	// Memory is the task memory in MiB (default DefaultFargateMemory).
	Memory int `json:"memory,omitempty"`
	// Command overrides the image's command.
	Command []string `json:"command,omitempty"`
	// Environment holds plain-text environment variables.
	Environment map[string]string `json:"environment,omitempty"`
	// Secrets maps an environment variable name to the ARN of a Secrets
	// Manager secret or an SSM parameter; the execution role may read
	// exactly these.
	Secrets map[string]string `json:"secrets,omitempty"`
	// Existing references a task definition family that already exists.
	Existing *ExistingTaskDefinitionArgs `json:"existing,omitempty"`
}

// ExistingTaskDefinitionArgs references an existing task definition family
// and the two roles it uses; the state machine role may pass exactly these.
type ExistingTaskDefinitionArgs struct {
	// Family is the task definition family; the latest ACTIVE revision runs.
	Family string `json:"family"`
	// ExecutionRoleARN is the family's execution role.
	ExecutionRoleARN string `json:"executionRoleArn"`
	// TaskRoleARN is the family's task role.
	TaskRoleARN string `json:"taskRoleArn"`
}

// NetworkArgs places Fargate tasks (awsvpc network mode). Each setting is
// either a plain value (the config keys) or a pulumi Input (the ...Input
// field, for a program: a VPC's subnet ids, a StackReference output), not
// both.
//
// With plain values (an Input that is a literal, such as
// pulumi.StringArray{pulumi.String("subnet-...")}, counts as one) the
// definition holds the network, as before. When any setting is an Output,
// the ECS Task states read their NetworkConfiguration from the execution
// input's "network" (NetworkField) and the schedule sends it: the
// definition and every IAM document stay known at the first preview, and
// the policy pack judges them as it judges a plain stack. The cost is a
// manual run: start-execution must carry "network" too. The state machine
// refuses an input without it at NetworkMissing, before any job starts;
// the rerunCommand output holds the deployed network, and JobsFailed's
// rerunInput keeps the failed execution's network, so re-running a failed
// night needs nothing more. The network is not embedded in the definition
// once known instead, because the definition would then be an Output, not
// known at a first preview, and the guard could not judge it.
//
// Validation: plain values and the length and literal elements of a
// literal array are checked before any resource is registered; an
// Output's values are checked when known (at a preview for a
// StackReference output, at the deployment for a resource created in the
// same program), with the same messages.
type NetworkArgs struct {
	// SubnetIDs are the subnets tasks run in (1..16).
	SubnetIDs []string `json:"subnetIds,omitempty"`
	// SecurityGroupIDs are attached to each task (0..5).
	SecurityGroupIDs []string `json:"securityGroupIds,omitempty"`
	// AssignPublicIP gives each task a public IP (needed in public subnets
	// without a NAT gateway to pull images).
	AssignPublicIP bool `json:"assignPublicIp,omitempty"`

	// SubnetIDsInput is SubnetIDs as a pulumi Input, such as
	// pulumi.StringArray{subnet.ID().ToStringOutput()} or a
	// StackReference output's AsStringArrayOutput().
	SubnetIDsInput pulumi.StringArrayInput `json:"-"`
	// SecurityGroupIDsInput is SecurityGroupIDs as a pulumi Input.
	SecurityGroupIDsInput pulumi.StringArrayInput `json:"-"`
	// AssignPublicIPInput is AssignPublicIP as a pulumi Input.
	AssignPublicIPInput pulumi.BoolInput `json:"-"`
}

// AlertArgs configures failure alerts.
type AlertArgs struct {
	// Email subscribes this address to the alert topic (it must confirm).
	Email string `json:"email,omitempty"`
	// TopicARN sends alerts to an existing SNS topic. Empty creates a topic.
	// With an existing topic, its policy must let events.amazonaws.com
	// publish.
	TopicARN string `json:"topicArn,omitempty"`
}

// LoggingArgs configures logging.
type LoggingArgs struct {
	// Level is the state machine log level: ALL, ERROR, FATAL or OFF
	// (default DefaultLogLevel).
	Level string `json:"level,omitempty"`
	// IncludeExecutionData logs state input and output (off by default:
	// they may hold data that must not reach logs).
	IncludeExecutionData bool `json:"includeExecutionData,omitempty"`
	// RetentionDays of every log group created (default
	// DefaultLogRetentionDays; one of the values CloudWatch Logs allows).
	RetentionDays int `json:"retentionDays,omitempty"`
}

// DecodePipelineArgs decodes a JSON config object into PipelineArgs,
// strictly (see DecodeConfig). Defaults are not applied and nothing is
// validated; NewPipeline does both.
func DecodePipelineArgs(data []byte) (PipelineArgs, error) {
	var a PipelineArgs
	if err := DecodeConfig(data, &a); err != nil {
		return PipelineArgs{}, fmt.Errorf("decode pipeline config: %w", err)
	}
	return a, nil
}

// DecodeConfig decodes one JSON config value into out (PipelineArgs or any
// part of it) strictly: an unknown key (a typo such as "cpus") is an error
// rather than a silently ignored setting, and so is data after the value.
// Fields of out that the JSON does not set keep their values, so a config
// object can be decoded onto defaults. The errors never quote the value,
// which may be a secret.
func DecodeConfig(data []byte, out any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the value")
	}
	return nil
}
