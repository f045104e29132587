package components

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/batch"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
)

// BatchJob is the child component of a job submitted to AWS Batch: a job
// definition created for Fargate with its execution role, job role and
// log group, or an existing job definition; the job queue always exists.
type BatchJob struct {
	pulumi.ResourceState

	// JobQueue is the queue jobs are submitted to, as configured.
	JobQueue pulumi.StringOutput `pulumi:"jobQueue"`
	// JobDefinition is what the state machine submits: the created job
	// definition's name (its latest revision) or the configured one.
	JobDefinition pulumi.StringOutput `pulumi:"jobDefinition"`
	// JobDefinitionARN is the created revision's ARN ("" for an existing
	// job definition).
	JobDefinitionARN pulumi.StringOutput `pulumi:"jobDefinitionArn"`
	// ExecutionRoleARN and JobRoleARN are the created job definition's
	// roles ("" for an existing one).
	ExecutionRoleARN pulumi.StringOutput `pulumi:"executionRoleArn"`
	JobRoleARN       pulumi.StringOutput `pulumi:"jobRoleArn"`
}

// BatchJobType is the type token of BatchJob.
const BatchJobType = "batchpipeline:index:BatchJob"

// BatchJobArgs configures a job submitted to an existing AWS Batch job
// queue with batch:submitJob.sync: either an existing job definition
// (JobDefinition set) or one the component creates for Fargate (Image
// set), whose queue must then have a Fargate compute environment.
type BatchJobArgs struct {
	// JobQueue is the name or ARN of an existing job queue.
	JobQueue string `json:"jobQueue"`
	// JobDefinition references an existing job definition: NAME (its
	// latest ACTIVE revision), NAME:REVISION or its ARN. Empty creates a
	// Fargate job definition named "<pipeline>-<job>".
	JobDefinition string `json:"jobDefinition,omitempty"`
	// Image is the container image of a created job definition.
	Image string `json:"image,omitempty"`
	// CPU is the job's size in CPU units, as for an ECS job (default
	// DefaultFargateCPU); with Memory it must be a combination Fargate
	// offers.
	CPU int `json:"cpu,omitempty"`
	// Memory is the job's memory in MiB (default DefaultFargateMemory).
	Memory int `json:"memory,omitempty"`
	// Command overrides the image's command.
	Command []string `json:"command,omitempty"`
	// Environment holds plain-text environment variables.
	Environment map[string]string `json:"environment,omitempty"`
	// AssignPublicIP gives the job's task a public IP (needed in public
	// subnets without a NAT gateway to pull the image).
	AssignPublicIP bool `json:"assignPublicIp,omitempty"`
}

// batchNamePattern is what AWS Batch accepts as a job queue, job
// definition or job name: "up to 128 letters (uppercase and lowercase),
// numbers, hyphens, and underscores", starting with a letter or number
// for a job name (https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html).
var batchNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$`)

// batchDefinitionPattern is a job definition by name, with or without
// its revision.
var batchDefinitionPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,127}(:[1-9][0-9]*)?$`)

// maxBatchName is AWS Batch's limit on job, queue and job definition
// names.
const maxBatchName = 128

// definition is what the Task state names: the created job definition's
// name, or the configured one.
func (b *BatchJobArgs) definition(n resourceNames, job string) string {
	if b.JobDefinition != "" {
		return b.JobDefinition
	}
	return n.job(job)
}

func (b *BatchJobArgs) validate(jobKey, key string, n resourceNames, job string) []error {
	var errs []error
	if !batchNamePattern.MatchString(b.JobQueue) && !isBatchARN(b.JobQueue, "job-queue/") {
		errs = append(errs, configErrorf(key+".jobQueue", "%q is not a Batch job queue name or ARN; use the name (up to 128 letters, digits, '-' and '_') or arn:aws:batch:REGION:ACCOUNT:job-queue/NAME of an existing queue", b.JobQueue))
	}
	if err := (derivedName{"Batch job name", n.job(job), maxBatchName}).check(jobKey+".name", job); err != nil {
		errs = append(errs, err)
	}
	if b.JobDefinition != "" {
		if b.Image != "" || len(b.Command) > 0 || len(b.Environment) > 0 || b.AssignPublicIP {
			errs = append(errs, configErrorf(key, "jobDefinition references an existing job definition; remove image, command, environment and assignPublicIp, or remove jobDefinition to create one"))
		}
		if !batchDefinitionPattern.MatchString(b.JobDefinition) && !isBatchARN(b.JobDefinition, "job-definition/") {
			errs = append(errs, configErrorf(key+".jobDefinition", "%q is not a Batch job definition; use NAME, NAME:REVISION or arn:aws:batch:REGION:ACCOUNT:job-definition/NAME[:REVISION]", b.JobDefinition))
		}
		return errs
	}
	for _, d := range []derivedName{
		{"Batch job definition name", n.job(job), maxBatchName},
		{"IAM role name", n.executionRole(job), maxRoleName},
		{"IAM role name", n.taskRole(job), maxRoleName},
		{"log group name", n.batchLogGroup(job), maxLogGroupName},
	} {
		if err := d.check(jobKey+".name", job); err != nil {
			errs = append(errs, err)
		}
	}
	if !batchNamePattern.MatchString(n.job(job)) {
		errs = append(errs, configErrorf(jobKey+".name", "the Batch job definition name %q must start with a letter or digit; rename the pipeline", n.job(job)))
	}
	if b.Image == "" {
		errs = append(errs, configErrorf(key+".image", "a created job definition needs a container image, or set jobDefinition to use an existing one"))
	}
	if err := validateFargateSize(key, b.CPU, b.Memory); err != nil {
		errs = append(errs, err)
	}
	for _, name := range sortedKeys(b.Environment) {
		if !envNamePattern.MatchString(name) || strings.HasPrefix(name, "AWS_BATCH") { // "cannot start with AWS_BATCH", API_ContainerProperties.html
			errs = append(errs, configErrorf(key+".environment", "%q is not an environment variable name Batch accepts; use letters, digits and '_', not starting with a digit or AWS_BATCH (reserved)", name))
		}
	}
	return errs
}

// isBatchARN reports whether s is an AWS Batch ARN of a resource whose
// path starts with prefix.
func isBatchARN(s, prefix string) bool {
	a, ok := arn.Parse(s)
	return ok && a.Service == "batch" && a.Region != "" && a.AccountID != "" &&
		strings.HasPrefix(a.Resource, prefix) && len(a.Resource) > len(prefix)
}

func (b *BatchJobArgs) task(env definitionEnv, job string) (*integrations.Integration, integrations.Pattern, map[string]any) {
	return integrations.BatchSubmitJob(), integrations.Sync, integrations.SubmitJob{
		JobName:       env.names.job(job),
		JobQueue:      b.JobQueue,
		JobDefinition: b.definition(env.names, job),
	}.Parameters()
}

// describe: SubmitJob passes no role (the job definition's roles were
// passed when it was registered), and the model asks nothing else.
func (b *BatchJobArgs) describe(definitionEnv, string, *jobsEnv) {}

func (b *BatchJobArgs) deploy(ctx *pulumi.Context, env deployEnv, jobArgs JobArgs, opts ...pulumi.ResourceOption) (*deployedJob, error) {
	job := jobArgs.Name
	comp := &BatchJob{JobQueue: pulumi.String(b.JobQueue).ToStringOutput()}
	if err := ctx.RegisterComponentResource(BatchJobType, env.names.job(job), comp, opts...); err != nil {
		return nil, fmt.Errorf("register Batch job %s: %w", job, err)
	}
	out := &deployedJob{component: comp, roleARNs: map[string]pulumi.StringOutput{}}
	if b.JobDefinition != "" {
		comp.JobDefinition = pulumi.String(b.JobDefinition).ToStringOutput()
		comp.JobDefinitionARN = pulumi.String("").ToStringOutput()
		comp.ExecutionRoleARN = pulumi.String("").ToStringOutput()
		comp.JobRoleARN = pulumi.String("").ToStringOutput()
	} else {
		created, err := b.createJobDefinition(ctx, env, comp, jobArgs)
		if err != nil {
			return nil, err
		}
		comp.JobDefinition = created.definition.Name
		comp.JobDefinitionARN = created.definition.Arn
		comp.ExecutionRoleARN = created.execution.Arn
		comp.JobRoleARN = created.job.Arn
		out.dependsOn = append(out.dependsOn, created.definition)
		out.roleARNs["execution"] = comp.ExecutionRoleARN
		out.roleARNs["job"] = comp.JobRoleARN
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"jobQueue":         comp.JobQueue,
		"jobDefinition":    comp.JobDefinition,
		"jobDefinitionArn": comp.JobDefinitionARN,
		"executionRoleArn": comp.ExecutionRoleARN,
		"jobRoleArn":       comp.JobRoleARN,
	}); err != nil {
		return nil, fmt.Errorf("register outputs of Batch job %s: %w", job, err)
	}
	return out, nil
}

// createdJobDefinition is what createJobDefinition registered.
type createdJobDefinition struct {
	definition     *batch.JobDefinition
	execution, job *awsiam.Role
}

// createJobDefinition registers a Fargate job definition, its log group,
// its execution role (the ECS task execution managed policy: pull the
// image, write the logs) and its job role, both trusting
// ecs-tasks.amazonaws.com, as AWS Batch's Fargate jobs require
// (https://docs.aws.amazon.com/batch/latest/userguide/execution-IAM-role.html).
func (b *BatchJobArgs) createJobDefinition(ctx *pulumi.Context, env deployEnv, comp pulumi.Resource, jobArgs JobArgs) (*createdJobDefinition, error) {
	job := jobArgs.Name
	parent := pulumi.Parent(comp)
	a, n := env.account, env.names
	name := n.job(job)
	wrap := func(what string, err error) error { return fmt.Errorf("job %s (Batch): %s: %w", job, what, err) }

	logGroupName := n.batchLogGroup(job)
	res, err := newContainerResources(ctx, env, parent, job, logGroupName, containerDescriptions{
		execution: fmt.Sprintf("Execution role of the Batch job definition %s", name),
		task:      fmt.Sprintf("Job role of the Batch job definition %s", name),
	}, wrap)
	if err != nil {
		return nil, err
	}
	execution, jobRole := res.execution, res.task
	properties := pulumi.All(execution.Arn, jobRole.Arn).ApplyT(func(roles []any) (string, error) {
		return b.containerProperties(job, logGroupName, a.Region, roles[0].(string), roles[1].(string))
	}).(pulumi.StringOutput)
	def, err := batch.NewJobDefinition(ctx, name, &batch.JobDefinitionArgs{
		Name:                 pulumi.String(name),
		Type:                 pulumi.String("container"),
		PlatformCapabilities: pulumi.StringArray{pulumi.String("FARGATE")},
		ContainerProperties:  properties,
		// Batch stops an attempt that outlives the job's timeout, as the
		// Task state gives up then (at least 60 seconds).
		Timeout:       batch.JobDefinitionTimeoutArgs{AttemptDurationSeconds: pulumi.Int(max(jobArgs.TimeoutSeconds, 60))},
		PropagateTags: pulumi.Bool(len(env.tags) > 0),
		Tags:          env.tags,
	}, parent, pulumi.DependsOn([]pulumi.Resource{res.attachment, res.logGroup}))
	if err != nil {
		return nil, wrap("job definition", err)
	}
	return &createdJobDefinition{definition: def, execution: execution, job: jobRole}, nil
}

// batchContainerProperties is the part of a Fargate job definition's
// containerProperties this component writes
// (https://docs.aws.amazon.com/batch/latest/APIReference/API_ContainerProperties.html).
type batchContainerProperties struct {
	Image                        string               `json:"image"`
	Command                      []string             `json:"command,omitempty"`
	Environment                  []nameValue          `json:"environment,omitempty"`
	ExecutionRoleARN             string               `json:"executionRoleArn"`
	JobRoleARN                   string               `json:"jobRoleArn"`
	ResourceRequirements         []batchRequirement   `json:"resourceRequirements"`
	NetworkConfiguration         batchNetwork         `json:"networkConfiguration"`
	FargatePlatformConfiguration batchPlatformVersion `json:"fargatePlatformConfiguration"`
	LogConfiguration             *logConfiguration    `json:"logConfiguration"`
}

type batchRequirement struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

type batchNetwork struct {
	AssignPublicIP string `json:"assignPublicIp"`
}

type batchPlatformVersion struct {
	PlatformVersion string `json:"platformVersion"`
}

// containerProperties is the JSON of the job definition's container.
func (b *BatchJobArgs) containerProperties(job, logGroup, region, executionRole, jobRole string) (string, error) {
	assign := "DISABLED"
	if b.AssignPublicIP {
		assign = "ENABLED"
	}
	p := batchContainerProperties{
		Image:            b.Image,
		Command:          b.Command,
		ExecutionRoleARN: executionRole,
		JobRoleARN:       jobRole,
		ResourceRequirements: []batchRequirement{
			{Type: "VCPU", Value: batchVCPU(b.CPU)},
			{Type: "MEMORY", Value: strconv.Itoa(b.Memory)},
		},
		NetworkConfiguration:         batchNetwork{AssignPublicIP: assign},
		FargatePlatformConfiguration: batchPlatformVersion{PlatformVersion: "LATEST"},
		LogConfiguration: &logConfiguration{
			LogDriver: "awslogs",
			Options: map[string]string{
				"awslogs-group":         logGroup,
				"awslogs-region":        region,
				"awslogs-stream-prefix": job,
			},
		},
	}
	for _, k := range sortedKeys(b.Environment) {
		p.Environment = append(p.Environment, nameValue{Name: k, Value: b.Environment[k]})
	}
	out, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("marshal container properties: %w", err)
	}
	return string(out), nil
}

// batchVCPU writes CPU units as the vCPU count Batch takes ("0.25" for
// 256, "1" for 1024).
func batchVCPU(units int) string {
	return strconv.FormatFloat(float64(units)/1024, 'f', -1, 64)
}

// usesCluster is false: the job runs in its queue's compute environment.
func (b *BatchJobArgs) usesCluster() bool { return false }

// withDefaults fills a created job definition's CPU and memory.
func (b *BatchJobArgs) withDefaults() jobKind {
	if b.JobDefinition != "" {
		return b
	}
	c := *b
	if c.CPU == 0 {
		c.CPU = DefaultFargateCPU
	}
	if c.Memory == 0 {
		c.Memory = DefaultFargateMemory
	}
	return &c
}
