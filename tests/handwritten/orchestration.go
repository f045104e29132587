package handwritten

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sfn"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// OrchestrationOptions chooses the role policy of the orchestration stack.
type OrchestrationOptions struct {
	// InvokeFunction lets the parent state machine's role invoke the
	// function (lambda:InvokeFunction). Without it, and with no
	// Permission naming the role, every run fails at the Lambda state.
	InvokeFunction bool
	// StartAction is the action the parent's role is granted on the child
	// state machine: "states:StartExecution", which startExecution.sync:2
	// calls, or "states:StartSyncExecution", what
	// terraform-aws-modules/step-functions grants for .sync (issues #59,
	// #65), with which every run fails at the state.
	StartAction string
}

// Names of the orchestration stack's resources.
const (
	FunctionName     = "hw-report"
	FunctionRoleName = "hw-report-fn"
	ParentName       = "hw-parent"
	ParentRoleName   = "hw-parent"
	ChildName        = "hw-child"
	ChildRoleName    = "hw-child"
)

// OrchestrationProgram returns a stack program of raw pulumi-aws
// resources: a Lambda function, a child state machine, and a parent state
// machine that invokes the function (lambda:invoke) and then runs the
// child and waits for it (states:startExecution.sync:2), its role's policy
// written by hand from names, so known at the first preview.
func OrchestrationProgram(opts OrchestrationOptions) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		caller, err := aws.GetCallerIdentity(ctx, nil)
		if err != nil {
			return fmt.Errorf("get caller identity: %w", err)
		}
		region, err := aws.GetRegion(ctx, nil)
		if err != nil {
			return fmt.Errorf("get region: %w", err)
		}
		arn := func(service, resource string) string {
			return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region.Name, caller.AccountId, resource)
		}
		role := func(name, service string) (*iam.Role, error) {
			trust, err := trustPolicy(ctx, service)
			if err != nil {
				return nil, err
			}
			return iam.NewRole(ctx, name, &iam.RoleArgs{Name: pulumi.String(name), AssumeRolePolicy: pulumi.String(trust)})
		}

		fnRole, err := role(FunctionRoleName, "lambda.amazonaws.com")
		if err != nil {
			return err
		}
		fn, err := lambda.NewFunction(ctx, FunctionName, &lambda.FunctionArgs{
			Name:        pulumi.String(FunctionName),
			Role:        fnRole.Arn,
			PackageType: pulumi.String("Image"),
			ImageUri:    pulumi.String(caller.AccountId + ".dkr.ecr." + region.Name + ".amazonaws.com/report:latest"),
		})
		if err != nil {
			return err
		}

		childRole, err := role(ChildRoleName, "states.amazonaws.com")
		if err != nil {
			return err
		}
		child, err := sfn.NewStateMachine(ctx, ChildName, &sfn.StateMachineArgs{
			Name:       pulumi.String(ChildName),
			RoleArn:    childRole.Arn,
			Definition: pulumi.String(`{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`),
		})
		if err != nil {
			return err
		}

		parentRole, err := role(ParentRoleName, "states.amazonaws.com")
		if err != nil {
			return err
		}
		var statements []any
		if opts.InvokeFunction {
			statements = append(statements, map[string]any{"Effect": "Allow", "Action": "lambda:InvokeFunction",
				"Resource": arn("lambda", "function:"+FunctionName)})
		}
		statements = append(statements,
			map[string]any{"Effect": "Allow", "Action": opts.StartAction, "Resource": arn("states", "stateMachine:"+ChildName)},
			map[string]any{"Effect": "Allow", "Action": []string{"states:DescribeExecution", "states:StopExecution"},
				"Resource": arn("states", "execution:"+ChildName+":*")},
			map[string]any{"Effect": "Allow", "Action": []string{"events:PutTargets", "events:PutRule", "events:DescribeRule"},
				"Resource": arn("events", "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule")},
		)
		doc, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
		if err != nil {
			return fmt.Errorf("parent policy: %w", err)
		}
		rolePolicy, err := iam.NewRolePolicy(ctx, ParentRoleName+"-calls", &iam.RolePolicyArgs{
			Role: parentRole.Name, Policy: pulumi.String(string(doc)),
		})
		if err != nil {
			return err
		}
		definition, err := json.Marshal(map[string]any{
			"StartAt": "Report",
			"States": map[string]any{
				"Report": map[string]any{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "RunChild",
					"Parameters": map[string]any{"FunctionName": FunctionName, "Payload.$": "$"}},
				"RunChild": map[string]any{"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": true,
					"Parameters": map[string]any{"StateMachineArn": arn("states", "stateMachine:"+ChildName), "Input.$": "$"}},
			},
		})
		if err != nil {
			return fmt.Errorf("parent definition: %w", err)
		}
		parent, err := sfn.NewStateMachine(ctx, ParentName, &sfn.StateMachineArgs{
			Name:       pulumi.String(ParentName),
			RoleArn:    parentRole.Arn,
			Definition: pulumi.String(string(definition)),
		}, pulumi.DependsOn([]pulumi.Resource{rolePolicy, fn, child}))
		if err != nil {
			return err
		}
		ctx.Export("parentArn", parent.Arn)
		return nil
	}
}
