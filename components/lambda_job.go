package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/integrations"
)

// LambdaJob is the child component of a job that invokes an existing
// Lambda function: the component creates nothing for it, the state machine
// role may invoke exactly that function (and alias).
type LambdaJob struct {
	pulumi.ResourceState

	// FunctionName is the function the state machine invokes, as
	// configured (a name or an ARN).
	FunctionName pulumi.StringOutput `pulumi:"functionName"`
	// Qualifier is the alias or version invoked ("" for the unqualified
	// function).
	Qualifier pulumi.StringOutput `pulumi:"qualifier"`
}

// LambdaJobType is the type token of LambdaJob.
const LambdaJobType = "batchpipeline:index:LambdaJob"

// LambdaJobArgs configures a job that invokes an existing Lambda function
// synchronously (lambda:invoke, request-response): the job fails when the
// function returns an error. A function runs 15 minutes at most, so a
// longer job belongs on ECS, CodeBuild or Batch.
type LambdaJobArgs struct {
	// FunctionName is the function's name, name:alias, or ARN (in
	// another account its resource-based policy must let the state
	// machine's role invoke it).
	FunctionName string `json:"functionName"`
	// Alias invokes this alias or version of the function (Lambda's
	// Qualifier). Leave it empty when FunctionName holds one.
	Alias string `json:"alias,omitempty"`
	// Payload is the event the function receives (a JSON object; default
	// {"pipeline": NAME, "job": JOB}).
	Payload map[string]any `json:"payload,omitempty"`
}

func (l *LambdaJobArgs) validate(_, key string, _ resourceNames, _ string) []error {
	var errs []error
	if !integrations.ValidFunctionName(l.FunctionName) {
		errs = append(errs, configErrorf(key+".functionName", "%q is not a Lambda function name or ARN; use NAME, NAME:ALIAS or arn:aws:lambda:REGION:ACCOUNT:function:NAME (letters, digits, '-', '_' and '.', at most 170 characters)", l.FunctionName))
	}
	if l.Alias != "" {
		if !integrations.ValidQualifier(l.Alias) {
			errs = append(errs, configErrorf(key+".alias", "%q is not a Lambda alias or version; use 1 to 128 letters, digits, '$', '-' and '_'", l.Alias))
		}
		if integrations.FunctionQualified(l.FunctionName) {
			errs = append(errs, configErrorf(key+".alias", "functionName %q already names an alias or version; remove alias, or the qualifier from functionName", l.FunctionName))
		}
	}
	return errs
}

func (l *LambdaJobArgs) task(env definitionEnv, job string) (*integrations.Integration, integrations.Pattern, map[string]any) {
	payload := l.Payload
	if payload == nil {
		payload = map[string]any{"pipeline": env.names.pipeline, "job": job}
	}
	return integrations.LambdaInvoke(), integrations.RequestResponse,
		integrations.Invoke{FunctionName: l.FunctionName, Qualifier: l.Alias, Payload: payload}.Parameters()
}

// describe: the model asks nothing about a function but what the Task
// state names.
func (l *LambdaJobArgs) describe(definitionEnv, string, *jobsEnv) {}

func (l *LambdaJobArgs) deploy(ctx *pulumi.Context, env deployEnv, jobArgs JobArgs, opts ...pulumi.ResourceOption) (*deployedJob, error) {
	job := jobArgs.Name
	comp := &LambdaJob{
		FunctionName: pulumi.String(l.FunctionName).ToStringOutput(),
		Qualifier:    pulumi.String(l.Alias).ToStringOutput(),
	}
	if err := ctx.RegisterComponentResource(LambdaJobType, env.names.job(job), comp, opts...); err != nil {
		return nil, fmt.Errorf("register Lambda job %s: %w", job, err)
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"functionName": comp.FunctionName,
		"qualifier":    comp.Qualifier,
	}); err != nil {
		return nil, fmt.Errorf("register outputs of Lambda job %s: %w", job, err)
	}
	return &deployedJob{component: comp, roleARNs: map[string]pulumi.StringOutput{}}, nil
}

// usesCluster is false: a function runs on Lambda.
func (l *LambdaJobArgs) usesCluster() bool { return false }

// withDefaults has nothing to fill: the default event names the pipeline
// and the job, which task knows.
func (l *LambdaJobArgs) withDefaults() jobKind { return l }
