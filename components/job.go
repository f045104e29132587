package components

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

// jobKind is one way of running a job: a CodeBuild build or an ECS Fargate
// task. Adding a kind means one new file implementing this interface, one
// field on JobArgs and one line in JobArgs.kinds.
type jobKind interface {
	// configKey is the json key of the kind's field on JobArgs.
	configKey() string
	// validate checks the kind's settings (defaults applied); key is the
	// config path of the job.
	validate(key string, n resourceNames, job string) []error
	// task returns the Resource and Parameters of the job's Task state.
	task(env definitionEnv, job string) (resource string, parameters map[string]any)
	// retryErrors are the transient errors of the integration worth a retry.
	retryErrors() []string
	// statements are what the state machine role needs to run the job,
	// with every ARN known up front.
	statements(env definitionEnv, job string) []iam.Statement
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
