package program

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/components"
)

// Run is the Pulumi program: it loads the stack config (Load), builds one
// Pipeline named after it and exports the pipeline's outputs. Invalid config
// fails before any resource is registered.
func Run(ctx *pulumi.Context) error {
	args, err := Load(func(key string) (string, bool) {
		return ctx.GetConfig(Namespace + ":" + key)
	})
	if err != nil {
		return err
	}
	p, err := components.NewPipeline(ctx, args.Name, &args)
	if err != nil {
		return fmt.Errorf("%w (fix it in the stack's Pulumi.<stack>.yaml or with `pulumi config set --path`)", err)
	}
	ctx.Export("stateMachineArn", p.StateMachineARN)
	ctx.Export("consoleUrl", p.ConsoleURL)
	ctx.Export("scheduleArn", p.ScheduleARN)
	ctx.Export("stateMachineRoleArn", p.StateMachineRoleARN)
	ctx.Export("scheduleRoleArn", p.ScheduleRoleARN)
	ctx.Export("jobRoleArns", p.JobRoleARNs)
	ctx.Export("alertTopicArn", p.AlertTopicARN)
	ctx.Export("definition", p.DefinitionJSON)
	ctx.Export("rerunCommand", p.RerunCommand)
	return nil
}
