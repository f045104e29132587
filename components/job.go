package components

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
)

// jobKind is one way of running a job: a CodeBuild build or an ECS Fargate
// task. A kind is one file: a type implementing this interface (its config
// struct, e.g. *FargateJobArgs) and its child component, plus its entry in
// builtinJobKinds and its field on JobArgs (the typed config key). Config
// keys, defaults, validation, the job's Task state, what the model is told
// about it and the registered resources and outputs all come from here; the
// state machine role's policy follows from the Task state the kind writes,
// through the model of its integration (internal/integrations).
type jobKind interface {
	// withDefaults returns the kind with its unset settings filled.
	withDefaults() jobKind
	// validate checks the kind's settings (defaults applied); jobKey is
	// the config path of the job, key the kind's (e.g. "parallelJobs[0]"
	// and "parallelJobs[0].ecs").
	validate(jobKey, key string, n resourceNames, job string) []error
	// usesCluster reports whether the job runs on the pipeline's ECS
	// cluster (and so in its network).
	usesCluster() bool
	// task returns the integration, pattern and Parameters of the job's
	// Task state.
	task(env definitionEnv, job string) (*integrations.Integration, integrations.Pattern, map[string]any)
	// describe tells the model what the job's Task state names that it
	// asks about (an ECS job's task definition and its roles).
	describe(env definitionEnv, job string, into *jobsEnv)
	// deploy registers the job's component, with opts, and its resources.
	deploy(ctx *pulumi.Context, env deployEnv, job JobArgs, opts ...pulumi.ResourceOption) (*deployedJob, error)
}

// jobKindEntry registers one job kind: its config key, how to read it off
// a job (nil when the job is not of this kind) and how to store it back.
type jobKindEntry struct {
	key string
	of  func(JobArgs) jobKind
	set func(*JobArgs, jobKind)
}

// jobKinds is the registry of job kinds a pipeline knows.
type jobKinds []jobKindEntry

// builtinJobKinds are the kinds JobArgs has a field for.
func builtinJobKinds() jobKinds {
	return jobKinds{
		fieldKind("codebuild", func(j *JobArgs) **CodeBuildJobArgs { return &j.CodeBuild }),
		fieldKind("ecs", func(j *JobArgs) **FargateJobArgs { return &j.ECS }),
		fieldKind("lambda", func(j *JobArgs) **LambdaJobArgs { return &j.Lambda }),
		fieldKind("batch", func(j *JobArgs) **BatchJobArgs { return &j.Batch }),
	}
}

// fieldKind is the entry of a kind held in a pointer field of JobArgs
// (nil when the job is not of that kind); field returns the field of a job.
func fieldKind[T any, P interface {
	*T
	jobKind
}](key string, field func(*JobArgs) *P) jobKindEntry {
	return jobKindEntry{
		key: key,
		of: func(j JobArgs) jobKind {
			if k := *field(&j); k != nil {
				return k
			}
			return nil
		},
		set: func(j *JobArgs, k jobKind) { *field(j) = k.(P) },
	}
}

// keyedKind is a kind set on a job, with its config key.
type keyedKind struct {
	key  string
	kind jobKind
}

// of returns the kinds set on j; a valid job has exactly one.
func (ks jobKinds) of(j JobArgs) []keyedKind {
	var out []keyedKind
	for _, e := range ks {
		if k := e.of(j); k != nil {
			out = append(out, keyedKind{key: e.key, kind: k})
		}
	}
	return out
}

// kind returns the single kind of a validated job.
func (ks jobKinds) kind(j JobArgs) jobKind { return ks.of(j)[0].kind }

// keys lists the config keys of every kind, for error messages.
func (ks jobKinds) keys() []string {
	out := make([]string, len(ks))
	for i, e := range ks {
		out[i] = e.key
	}
	return out
}

// withDefaults returns j with the defaults of its kinds applied.
func (ks jobKinds) withDefaults(j JobArgs) JobArgs {
	for _, e := range ks {
		if k := e.of(j); k != nil {
			e.set(&j, k.withDefaults())
		}
	}
	return j
}

// definitionEnv is what the definition and the IAM statements are built
// from: all of it known before any resource exists.
type definitionEnv struct {
	account    integrations.Account
	names      resourceNames
	clusterARN string
	network    NetworkArgs
	// networkFromInput is set when the network is given as pulumi Inputs:
	// the ECS tasks read it from the execution input (NetworkField).
	networkFromInput bool
	// tagged is set when the pipeline tags what it creates: created task
	// definitions then carry tags, which their tasks get too.
	tagged bool
	// kinds are the job kinds the pipeline knows.
	kinds jobKinds
}

// deployEnv is what a job kind needs to register its resources.
type deployEnv struct {
	definitionEnv
	parent        pulumi.Resource
	tags          pulumi.StringMap
	retentionDays int
}

// deployedJob is what a job kind registered.
type deployedJob struct {
	// component is the job's child component.
	component pulumi.Resource
	// dependsOn are the resources the state machine names by a string
	// (project, task definition, roles it passes): it must wait for them.
	dependsOn []pulumi.Resource
	// roleARNs maps a role's purpose ("codebuild", "execution", "task") to
	// its ARN.
	roleARNs map[string]pulumi.StringOutput
}

// jobsEnv is the model's integrations.Env for the pipeline's own
// definition: it answers from the jobs, whose every name is known up
// front.
type jobsEnv struct {
	account integrations.Account
	// taskDefinitions are the jobs' task definitions by family.
	taskDefinitions map[string]integrations.TaskDefinition
}

// newJobsEnv describes every job of validated args.
func newJobsEnv(env definitionEnv, args PipelineArgs) *jobsEnv {
	e := &jobsEnv{account: env.account, taskDefinitions: map[string]integrations.TaskDefinition{}}
	for _, j := range args.jobs() {
		env.kinds.kind(j.args).describe(env, j.args.Name, e)
	}
	return e
}

// Account implements integrations.Env.
func (e *jobsEnv) Account() integrations.Account { return e.account }

// TaskDefinitions implements integrations.Env: the job's task definition
// of that family.
func (e *jobsEnv) TaskDefinitions(ref string) []integrations.TaskDefinition {
	if td, ok := e.taskDefinitions[ref]; ok {
		return []integrations.TaskDefinition{td}
	}
	return nil
}

// Role implements integrations.Env: a role ARN as given, a name in the
// pipeline's account.
func (e *jobsEnv) Role(ref string) integrations.Role {
	if arn.HasPrefix(ref) {
		return integrations.Role{Set: true, ARN: ref}
	}
	return integrations.Role{Set: true, ARN: e.account.RoleARN("/", ref)}
}
