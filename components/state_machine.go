package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sfn"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/asl"
	"batchpipeline/internal/integrations"
)

// stateMachine is what newStateMachine registered.
type stateMachine struct {
	machine *sfn.StateMachine
	role    *awsiam.Role
}

// newStateMachine registers the state machine's role and its policy, its
// log group and the state machine itself. dependsOn are the resources the
// definition or the policy names by a string (projects, task definitions,
// cluster, job roles).
func newStateMachine(ctx *pulumi.Context, env deployEnv, args PipelineArgs, def *asl.StateMachine, dependsOn []pulumi.Resource) (*stateMachine, error) {
	parent := pulumi.Parent(env.parent)
	a, n := env.account, env.names
	smARN := a.StateMachineARN(n.stateMachine())

	trust, err := integrations.TrustPolicy(integrations.StatesService, a.ID, smARN).JSON()
	if err != nil {
		return nil, fmt.Errorf("state machine trust policy: %w", err)
	}
	role, err := awsiam.NewRole(ctx, n.stateMachineRole(), &awsiam.RoleArgs{
		Name:             pulumi.String(n.stateMachineRole()),
		AssumeRolePolicy: pulumi.String(trust),
		Description:      pulumi.String(fmt.Sprintf("Runs the jobs of the state machine %s", n.stateMachine())),
		Tags:             env.tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("state machine role: %w", err)
	}
	definitionJSON, err := def.JSON()
	if err != nil {
		return nil, fmt.Errorf("marshal the definition: %w", err)
	}
	doc, err := stateMachinePolicy(env.definitionEnv, args, def).JSON()
	if err != nil {
		return nil, fmt.Errorf("state machine role policy: %w", err)
	}
	// The policy names the job roles and resources by ARN strings: wait for
	// them explicitly.
	rolePolicy, err := awsiam.NewRolePolicy(ctx, n.stateMachineRole(), &awsiam.RolePolicyArgs{
		Name:   pulumi.String(n.stateMachinePolicy()),
		Role:   role.Name,
		Policy: pulumi.String(doc),
	}, parent, pulumi.DependsOn(dependsOn))
	if err != nil {
		return nil, fmt.Errorf("state machine role policy: %w", err)
	}

	logging := sfn.StateMachineLoggingConfigurationArgs{
		Level:                pulumi.String(args.Logging.Level),
		IncludeExecutionData: pulumi.Bool(args.Logging.IncludeExecutionData),
	}
	smDeps := append([]pulumi.Resource{rolePolicy}, dependsOn...)
	if args.Logging.Level != logLevelOff {
		logGroup, err := cloudwatch.NewLogGroup(ctx, n.stateMachine()+"-logs", &cloudwatch.LogGroupArgs{
			Name:            pulumi.String(n.stateMachineLogGroup()),
			RetentionInDays: pulumi.Int(env.retentionDays),
			Tags:            env.tags,
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("state machine log group: %w", err)
		}
		// Step Functions wants the log group ARN with its ":*" suffix.
		logging.LogDestination = logGroup.Arn.ApplyT(func(arn string) string { return arn + ":*" }).(pulumi.StringOutput)
		smDeps = append(smDeps, logGroup)
	}

	machine, err := sfn.NewStateMachine(ctx, n.stateMachine(), &sfn.StateMachineArgs{
		Name:                 pulumi.String(n.stateMachine()),
		Type:                 pulumi.String("STANDARD"),
		RoleArn:              role.Arn,
		Definition:           pulumi.String(definitionJSON),
		LoggingConfiguration: logging,
		TracingConfiguration: sfn.StateMachineTracingConfigurationArgs{Enabled: pulumi.Bool(true)},
		Tags:                 env.tags,
	}, parent, pulumi.DependsOn(smDeps))
	if err != nil {
		return nil, fmt.Errorf("state machine: %w", err)
	}
	return &stateMachine{machine: machine, role: role}, nil
}
