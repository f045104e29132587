package components

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/integrations"
)

// jobKind is one way of running a job: a CodeBuild build or an ECS Fargate
// task. Adding a kind means one new file implementing this interface, one
// field on JobArgs and one line in JobArgs.kinds; the state machine role's
// policy follows from the Task state the kind writes, through the model of
// its integration (internal/integrations).
type jobKind interface {
	// configKey is the json key of the kind's field on JobArgs.
	configKey() string
	// validate checks the kind's settings (defaults applied); key is the
	// config path of the job.
	validate(key string, n resourceNames, job string) []error
	// task returns the integration, pattern and Parameters of the job's
	// Task state.
	task(env definitionEnv, job string) (*integrations.Integration, integrations.Pattern, map[string]any)
	// describe tells the model what the job's Task state names that it
	// asks about (an ECS job's task definition and its roles).
	describe(env definitionEnv, job string, into *jobsEnv)
	// deploy registers the job's child component and its resources.
	deploy(ctx *pulumi.Context, env deployEnv, job JobArgs) (*deployedJob, error)
}

// jobKindKeys lists the config keys of every job kind, for error messages.
var jobKindKeys = []string{"codebuild", "ecs"}

// kinds returns the kinds set on j; a valid job has exactly one.
func (j JobArgs) kinds() []jobKind {
	var ks []jobKind
	if j.CodeBuild != nil {
		ks = append(ks, j.CodeBuild)
	}
	if j.ECS != nil {
		ks = append(ks, j.ECS)
	}
	return ks
}

// kind returns the single kind of a validated job.
func (j JobArgs) kind() jobKind { return j.kinds()[0] }

// definitionEnv is what the definition and the IAM statements are built
// from: all of it known before any resource exists.
type definitionEnv struct {
	account    integrations.Account
	names      resourceNames
	clusterARN string
	network    NetworkArgs
	// tagged is set when the pipeline tags what it creates: created task
	// definitions then carry tags, which their tasks get too.
	tagged bool
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
		j.args.kind().describe(env, j.args.Name, e)
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
	if integrations.IsARNPrefix(ref) {
		return integrations.Role{Set: true, ARN: ref}
	}
	return integrations.Role{Set: true, ARN: e.account.RoleARN("/", ref)}
}
