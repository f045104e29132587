package components

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// StandaloneJobArgs configures one job component outside a Pipeline: the
// resources NewPipeline registers for the job, and nothing else (no state
// machine, so no Task state and no state machine role).
type StandaloneJobArgs struct {
	// Pipeline prefixes the job's resource names, as PipelineArgs.Name does:
	// the job's component and resources are named "<pipeline>-<job>".
	Pipeline string
	// Job is the job, validated and defaulted as a pipeline's jobs are; its
	// kind must be the constructor's.
	Job JobArgs
	// Tags are applied to every taggable resource created.
	Tags map[string]string
	// LogRetentionDays is the retention of the job's log group (default
	// DefaultLogRetentionDays).
	LogRetentionDays int
	// Provider, when set, is the AWS provider of the job's resources and of
	// the account lookup their ARNs are built from.
	Provider pulumi.ProviderResource
}

// NewCodeBuildJob registers a CodeBuild job on its own: a project with its
// service role and log group, or only the component for an existing
// project. Invalid args register nothing.
func NewCodeBuildJob(ctx *pulumi.Context, args StandaloneJobArgs, opts ...pulumi.ResourceOption) (*CodeBuildJob, error) {
	deployed, err := deployStandalone(ctx, args, "codebuild", opts)
	if err != nil {
		return nil, err
	}
	return deployed.component.(*CodeBuildJob), nil
}

// NewFargateJob registers an ECS Fargate job on its own: a task definition
// with its execution role, task role and log group, or only the component
// for an existing family. Invalid args register nothing.
func NewFargateJob(ctx *pulumi.Context, args StandaloneJobArgs, opts ...pulumi.ResourceOption) (*FargateJob, error) {
	deployed, err := deployStandalone(ctx, args, "ecs", opts)
	if err != nil {
		return nil, err
	}
	return deployed.component.(*FargateJob), nil
}

// deployStandalone validates args (config paths "pipeline", "job", ...),
// checks that the job is of the kind with config key want, looks up the
// account and deploys the job.
func deployStandalone(ctx *pulumi.Context, args StandaloneJobArgs, want string, opts []pulumi.ResourceOption) (*deployedJob, error) {
	kinds := builtinJobKinds()
	job := args.Job.withDefaults(kinds)
	if args.LogRetentionDays == 0 {
		args.LogRetentionDays = DefaultLogRetentionDays
	}
	names := resourceNames{pipeline: args.Pipeline}
	var errs []error
	if !namePattern.MatchString(args.Pipeline) {
		errs = append(errs, configErrorf("pipeline", "%q is not a valid pipeline name; use letters, digits, '-' and '_', starting with a letter or digit", args.Pipeline))
	}
	if err := retentionError("logRetentionDays", args.LogRetentionDays); err != nil {
		errs = append(errs, err)
	}
	jobErrs := job.validate("job", names, kinds)
	errs = append(errs, jobErrs...)
	if ks := kinds.of(job); len(jobErrs) == 0 && ks[0].key != want {
		errs = append(errs, configErrorf("job."+ks[0].key, "this constructor registers %s jobs; set job.%s instead", want, want))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("job %s: invalid config: %w", job.Name, errors.Join(errs...))
	}
	var invoke []pulumi.InvokeOption
	if args.Provider != nil {
		invoke = append(invoke, pulumi.Provider(args.Provider))
		opts = append(opts, pulumi.Provider(args.Provider))
	}
	account, err := lookupAccount(ctx, invoke...)
	if err != nil {
		return nil, fmt.Errorf("job %s: %w", job.Name, err)
	}
	env := deployEnv{
		definitionEnv: definitionEnv{account: account, names: names, tagged: len(args.Tags) > 0, kinds: kinds},
		retentionDays: args.LogRetentionDays,
	}
	if len(args.Tags) > 0 {
		env.tags = pulumi.ToStringMap(args.Tags)
	}
	return kinds.kind(job).deploy(ctx, env, job, opts...)
}
