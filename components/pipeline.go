package components

import (
	"errors"
	"fmt"
	"sort"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/asl"
	"batchpipeline/internal/integrations"
)

// PipelineType is the type token of Pipeline.
const PipelineType = "batchpipeline:index:Pipeline"

// Pipeline is a scheduled batch pipeline: an EventBridge Scheduler schedule
// starts a Step Functions state machine that runs the parallel jobs
// together, then the final job if none failed; failed executions raise an
// alert.
type Pipeline struct {
	pulumi.ResourceState

	// StateMachineARN is the state machine's ARN.
	StateMachineARN pulumi.StringOutput `pulumi:"stateMachineArn"`
	// ConsoleURL opens the state machine in the AWS console.
	ConsoleURL pulumi.StringOutput `pulumi:"consoleUrl"`
	// ScheduleARN is the schedule's ARN.
	ScheduleARN pulumi.StringOutput `pulumi:"scheduleArn"`
	// StateMachineRoleARN is the role the state machine runs the jobs as.
	StateMachineRoleARN pulumi.StringOutput `pulumi:"stateMachineRoleArn"`
	// ScheduleRoleARN is the role the schedule starts executions as.
	ScheduleRoleARN pulumi.StringOutput `pulumi:"scheduleRoleArn"`
	// JobRoleARNs maps "<job>/<purpose>" (purpose: codebuild, execution,
	// task) to the ARN of each job's role.
	JobRoleARNs pulumi.StringMapOutput `pulumi:"jobRoleArns"`
	// DefinitionJSON is the state machine definition.
	DefinitionJSON pulumi.StringOutput `pulumi:"definitionJson"`
	// AlertTopicARN is the SNS topic failed executions are sent to.
	AlertTopicARN pulumi.StringOutput `pulumi:"alertTopicArn"`
	// RerunCommand is the AWS CLI command that starts the state machine
	// with every parallel job named in its input ({"jobs": [...]}, plus
	// the network when the definition reads it from the input): keep the
	// failed jobs to finish a failed night.
	RerunCommand pulumi.StringOutput `pulumi:"rerunCommand"`

	// Account is where the pipeline deploys, from the provider's invokes.
	Account integrations.Account
	// Definition is the state machine definition as Go values.
	Definition *asl.StateMachine
}

// NewPipeline validates args completely, then registers the pipeline and
// its resources. Invalid args register nothing: the error (joined
// *ConfigError values) names each config key and its fix.
func NewPipeline(ctx *pulumi.Context, name string, args *PipelineArgs, opts ...pulumi.ResourceOption) (*Pipeline, error) {
	if args == nil {
		return nil, errors.New("pipeline " + name + ": args are required")
	}
	a := args.WithDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("pipeline %s: invalid config: %w", name, err)
	}

	p := &Pipeline{}
	if err := ctx.RegisterComponentResource(PipelineType, name, p, opts...); err != nil {
		return nil, fmt.Errorf("register pipeline %s: %w", name, err)
	}
	account, err := lookupAccount(ctx, pulumi.Parent(p))
	if err != nil {
		return nil, fmt.Errorf("pipeline %s: %w", name, err)
	}
	if err := p.build(ctx, account, a); err != nil {
		return nil, fmt.Errorf("pipeline %s: %w", name, err)
	}
	return p, nil
}

// build registers the children of a validated pipeline and its outputs.
func (p *Pipeline) build(ctx *pulumi.Context, account integrations.Account, args PipelineArgs) error {
	denv := newDefinitionEnv(account, args)
	def, err := buildDefinition(denv, args)
	if err != nil {
		return err
	}
	definitionJSON, err := def.JSON()
	if err != nil {
		return fmt.Errorf("marshal the definition: %w", err)
	}
	p.Account, p.Definition = account, def

	env := deployEnv{
		definitionEnv: denv,
		parent:        p,
		tags:          pulumi.ToStringMap(args.Tags),
		retentionDays: args.Logging.RetentionDays,
	}
	if len(args.Tags) == 0 {
		env.tags = nil
	}

	var dependsOn []pulumi.Resource
	if args.ClusterName == "" && args.usesCluster() {
		cluster, err := ecs.NewCluster(ctx, denv.names.cluster(), &ecs.ClusterArgs{
			Name: pulumi.String(denv.names.cluster()),
			Settings: ecs.ClusterSettingArray{ecs.ClusterSettingArgs{
				Name:  pulumi.String("containerInsights"),
				Value: pulumi.String("enabled"),
			}},
			Tags: env.tags,
		}, pulumi.Parent(p))
		if err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
		dependsOn = append(dependsOn, cluster)
	}

	roleARNs := pulumi.StringMap{}
	for _, j := range args.jobs() {
		deployed, err := env.kinds.kind(j.args).deploy(ctx, env, j.args, pulumi.Parent(p))
		if err != nil {
			return err
		}
		dependsOn = append(dependsOn, deployed.dependsOn...)
		purposes := make([]string, 0, len(deployed.roleARNs))
		for purpose := range deployed.roleARNs {
			purposes = append(purposes, purpose)
		}
		sort.Strings(purposes)
		for _, purpose := range purposes {
			roleARNs[j.args.Name+"/"+purpose] = deployed.roleARNs[purpose]
		}
	}

	sm, err := newStateMachine(ctx, env, args, def, dependsOn)
	if err != nil {
		return err
	}
	var network pulumi.MapOutput
	if denv.networkFromInput {
		network = args.Network.configuration("network")
	}
	sched, err := newSchedule(ctx, env, args, sm.machine, sm.machine.Arn, scheduleInput(network, denv.networkFromInput))
	if err != nil {
		return err
	}
	topic, err := newAlerts(ctx, env, args, sm.machine)
	if err != nil {
		return err
	}

	p.StateMachineARN = sm.machine.Arn
	p.ConsoleURL = sm.machine.Arn.ApplyT(func(arn string) string {
		return consoleURL(account, arn)
	}).(pulumi.StringOutput)
	p.ScheduleARN = sched.schedule.Arn
	p.StateMachineRoleARN = sm.role.Arn
	p.ScheduleRoleARN = sched.role.Arn
	p.JobRoleARNs = roleARNs.ToStringMapOutput()
	p.DefinitionJSON = pulumi.String(definitionJSON).ToStringOutput()
	p.AlertTopicARN = topic
	p.RerunCommand = pipelineRerunCommand(account, args, sm.machine.Arn, network, denv.networkFromInput)

	if err := ctx.RegisterResourceOutputs(p, p.outputs()); err != nil {
		return fmt.Errorf("register outputs: %w", err)
	}
	return nil
}

// outputs are the pipeline's outputs by name, as registered.
func (p *Pipeline) outputs() pulumi.Map {
	return pulumi.Map{
		"stateMachineArn":     p.StateMachineARN,
		"consoleUrl":          p.ConsoleURL,
		"scheduleArn":         p.ScheduleARN,
		"stateMachineRoleArn": p.StateMachineRoleARN,
		"scheduleRoleArn":     p.ScheduleRoleARN,
		"jobRoleArns":         p.JobRoleARNs,
		"definitionJson":      p.DefinitionJSON,
		"alertTopicArn":       p.AlertTopicARN,
		"rerunCommand":        p.RerunCommand,
	}
}

// pipelineRerunCommand is the rerunCommand output: rerunCommand of the
// deployed machine, naming every parallel job, with the network when the
// definition reads it from the input (fromInput).
func pipelineRerunCommand(account integrations.Account, args PipelineArgs, machineARN pulumi.StringOutput,
	network pulumi.MapOutput, fromInput bool) pulumi.StringOutput {
	names := make([]string, len(args.ParallelJobs))
	for i, j := range args.ParallelJobs {
		names[i] = j.Name
	}
	if !fromInput {
		return machineARN.ApplyT(func(arn string) (string, error) {
			return rerunCommand(account.Region, arn, names, nil)
		}).(pulumi.StringOutput)
	}
	return pulumi.All(machineARN, network).ApplyT(func(vs []any) (string, error) {
		arn, _ := vs[0].(string)
		cfg, _ := vs[1].(map[string]any)
		return rerunCommand(account.Region, arn, names, cfg)
	}).(pulumi.StringOutput)
}

// consoleURL is the Step Functions console page of a state machine, on the
// console of the account's partition.
func consoleURL(a integrations.Account, stateMachineARN string) string {
	return fmt.Sprintf("https://%s/states/home?region=%s#/statemachines/view/%s", arn.ConsoleHost(a.Region), a.Region, stateMachineARN)
}
