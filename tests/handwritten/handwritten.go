// Package handwritten is a stack program written by hand with raw
// pulumi-aws resources, independent of the components package: an ECS
// Fargate task definition with an execution role and a task role, and a
// Step Functions state machine that runs it with ecs:runTask.sync, and
// optionally an EventBridge rule target or an EventBridge Scheduler
// schedule that runs it directly.
//
// Every ARN the state machine's role policy and definition need comes from
// a resource output, so at a first preview the policy document and the
// definition are unknown: only the engine's property dependencies link the
// resources. The end-to-end tests use it to check that the policy pack
// catches a missing iam:PassRole both then and once the values are known.
package handwritten

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sfn"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Options chooses what the hand-written stack contains.
type Options struct {
	// PassRole includes the statement that lets the state machine's role
	// pass the task's execution and task roles to ECS. Without it, every
	// run of the state machine fails with AccessDenied on iam:PassRole.
	PassRole bool
	// KnownUpFront writes the role policy and the definition from names
	// and the account (getCallerIdentity, getRegion), so both are known at
	// the first preview, instead of building them from resource outputs.
	KnownUpFront bool
	// Tags tags the task definition and has the state propagate its tags
	// to the task (PropagateTags TASK_DEFINITION), so RunTask creates a
	// tagged task.
	Tags bool
	// TagResource includes the statement that lets the role tag the tasks
	// RunTask creates (ecs:TagResource, ecs:CreateAction = RunTask).
	// Without it, a run with Tags fails with AccessDenied on
	// ecs:TagResource.
	TagResource bool
	// Target also runs the task nightly, directly, with its own role:
	// from an EventBridge rule target (EventsTarget: an EventTarget with
	// ecsTarget) or an EventBridge Scheduler schedule (SchedulerTarget:
	// the ECS RunTask templated target); "" for neither.
	Target Target
	// TargetPassRole lets the target's role pass the task's roles.
	// Without it, every invocation fails with AccessDenied on
	// iam:PassRole.
	TargetPassRole bool
	// TargetTrusts is the service the target's role trusts, "" for the
	// target's own (events or scheduler.amazonaws.com). Another one makes
	// a role the target's service cannot assume.
	TargetTrusts string
	// Credentials runs the job state with a Credentials role of its own
	// (CredentialsRoleName), whose policy allows what the task needs, and
	// the state machine's role may assume it (sts:AssumeRole). Needs
	// KnownUpFront.
	Credentials bool
	// CredentialsTrusts is the role the Credentials role's trust policy
	// names, "" for the state machine's role. Another one rules the state
	// machine's role out: every run fails at the state.
	CredentialsTrusts string
}

// Target is what else runs the task.
type Target string

// Targets.
const (
	EventsTarget    Target = "events"
	SchedulerTarget Target = "scheduler"
)

// Names of the resources, so tests can find them in engine events.
const (
	ExecutionRoleName = "hw-job-exec"
	TaskRoleName      = "hw-job-task"
	MachineRoleName   = "hw-machine"
	StateMachineName  = "hw-machine"
	Family            = "hw-job"
	ClusterName       = "hw-cluster"
	TargetRoleName    = "hw-target"
	// CredentialsRoleName is the role of the job state's Credentials.
	CredentialsRoleName = "hw-runner"
	TargetName          = "hw-nightly-task"
)

// Program returns the stack program.
func Program(opts Options) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		return build(ctx, opts)
	}
}

func build(ctx *pulumi.Context, opts Options) error {
	caller, err := aws.GetCallerIdentity(ctx, nil)
	if err != nil {
		return fmt.Errorf("get caller identity: %w", err)
	}
	region, err := aws.GetRegion(ctx, nil)
	if err != nil {
		return fmt.Errorf("get region: %w", err)
	}

	ecsTrust, err := trustPolicy(ctx, "ecs-tasks.amazonaws.com")
	if err != nil {
		return err
	}
	statesTrust, err := trustPolicy(ctx, "states.amazonaws.com")
	if err != nil {
		return err
	}

	execRole, err := iam.NewRole(ctx, ExecutionRoleName, &iam.RoleArgs{
		Name:             pulumi.String(ExecutionRoleName),
		AssumeRolePolicy: pulumi.String(ecsTrust),
	})
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicyAttachment(ctx, ExecutionRoleName+"-managed", &iam.RolePolicyAttachmentArgs{
		Role:      execRole.Name,
		PolicyArn: pulumi.String("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
	}); err != nil {
		return err
	}
	taskRole, err := iam.NewRole(ctx, TaskRoleName, &iam.RoleArgs{
		Name:             pulumi.String(TaskRoleName),
		AssumeRolePolicy: pulumi.String(ecsTrust),
	})
	if err != nil {
		return err
	}

	cluster, err := ecs.NewCluster(ctx, ClusterName, &ecs.ClusterArgs{Name: pulumi.String(ClusterName)})
	if err != nil {
		return err
	}
	containers, err := json.Marshal([]map[string]any{{
		"name":      "main",
		"image":     "public.ecr.aws/docker/library/busybox:stable",
		"essential": true,
		"command":   []string{"echo", "hello"},
	}})
	if err != nil {
		return fmt.Errorf("container definitions: %w", err)
	}
	var tags pulumi.StringMap
	if opts.Tags {
		tags = pulumi.StringMap{"Team": pulumi.String("batch")}
	}
	taskDef, err := ecs.NewTaskDefinition(ctx, Family, &ecs.TaskDefinitionArgs{
		Family:                  pulumi.String(Family),
		Cpu:                     pulumi.String("256"),
		Memory:                  pulumi.String("512"),
		NetworkMode:             pulumi.String("awsvpc"),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("FARGATE")},
		ExecutionRoleArn:        execRole.Arn,
		TaskRoleArn:             taskRole.Arn,
		ContainerDefinitions:    pulumi.String(string(containers)),
		Tags:                    tags,
	})
	if err != nil {
		return err
	}

	machineRole, err := iam.NewRole(ctx, MachineRoleName, &iam.RoleArgs{
		Name:             pulumi.String(MachineRoleName),
		AssumeRolePolicy: pulumi.String(statesTrust),
	})
	if err != nil {
		return err
	}
	arn := func(service, resource string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region.Name, caller.AccountId, resource)
	}
	roleARN := func(name string) string { return fmt.Sprintf("arn:aws:iam::%s:role/%s", caller.AccountId, name) }
	rulesARN := arn("events", "rule/StepFunctionsGetEventsForECSTaskRule")
	var extra []any
	if opts.TagResource {
		extra = append(extra, map[string]any{
			"Effect":    "Allow",
			"Action":    "ecs:TagResource",
			"Resource":  arn("ecs", "task/"+ClusterName+"/*"),
			"Condition": map[string]any{"StringEquals": map[string]any{"ecs:CreateAction": "RunTask"}},
		})
	}
	var policy pulumi.StringOutput
	credentials := ""
	if opts.Credentials {
		credentials = roleARN(CredentialsRoleName)
		if err := credentialsRole(ctx, opts, roleARN, arn("ecs", "task-definition/"+Family), rulesARN, extra); err != nil {
			return err
		}
		extra = append(extra, map[string]any{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": credentials})
	}
	switch {
	case opts.KnownUpFront:
		// Every ARN written from names: the document is known at once.
		var passRoles []string
		if opts.PassRole {
			passRoles = []string{roleARN(ExecutionRoleName), roleARN(TaskRoleName)}
		}
		doc, err := machinePolicy(arn("ecs", "task-definition/"+Family), rulesARN, extra, passRoles...)
		if err != nil {
			return err
		}
		policy = pulumi.String(doc).ToStringOutput()
	case opts.PassRole:
		policy = pulumi.All(taskDef.ArnWithoutRevision, execRole.Arn, taskRole.Arn).ApplyT(func(v []any) (string, error) {
			return machinePolicy(v[0].(string), rulesARN, extra, v[1].(string), v[2].(string))
		}).(pulumi.StringOutput)
	default:
		// Without PassRole the policy names no role, so it depends on none:
		// what a hand-written policy that forgot the statement looks like.
		policy = taskDef.ArnWithoutRevision.ApplyT(func(family string) (string, error) {
			return machinePolicy(family, rulesARN, extra)
		}).(pulumi.StringOutput)
	}
	rolePolicy, err := iam.NewRolePolicy(ctx, MachineRoleName+"-run-job", &iam.RolePolicyArgs{
		Role:   machineRole.Name,
		Policy: policy,
	})
	if err != nil {
		return err
	}

	var definition pulumi.StringOutput
	if opts.KnownUpFront {
		def, err := machineDefinition(arn("ecs", "cluster/"+ClusterName), Family, opts.Tags, credentials)
		if err != nil {
			return err
		}
		definition = pulumi.String(def).ToStringOutput()
	} else {
		definition = pulumi.All(cluster.Arn, taskDef.Arn).ApplyT(func(v []any) (string, error) {
			return machineDefinition(v[0].(string), v[1].(string), opts.Tags, credentials)
		}).(pulumi.StringOutput)
	}
	machine, err := sfn.NewStateMachine(ctx, StateMachineName, &sfn.StateMachineArgs{
		Name:       pulumi.String(StateMachineName),
		RoleArn:    machineRole.Arn,
		Definition: definition,
	}, pulumi.DependsOn([]pulumi.Resource{rolePolicy, cluster, taskDef}))
	if err != nil {
		return err
	}
	ctx.Export("stateMachineArn", machine.Arn)
	if opts.Target != "" {
		return scheduleTask(ctx, opts, cluster, taskDef, execRole, taskRole)
	}
	return nil
}

// scheduleTask runs the task at 05:00 in Japan from a target with its
// own role: what AWS's page on the EventBridge role asks of it
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html),
// PassRole included only with opts.TargetPassRole; Scheduler's templated
// target asks the same of the schedule's role
// (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html).
func scheduleTask(ctx *pulumi.Context, opts Options, cluster *ecs.Cluster, taskDef *ecs.TaskDefinition, execRole, taskRole *iam.Role) error {
	trusted := opts.TargetTrusts
	if trusted == "" {
		trusted = map[Target]string{EventsTarget: "events.amazonaws.com", SchedulerTarget: "scheduler.amazonaws.com"}[opts.Target]
	}
	trust, err := trustPolicy(ctx, trusted)
	if err != nil {
		return err
	}
	role, err := iam.NewRole(ctx, TargetRoleName, &iam.RoleArgs{
		Name:             pulumi.String(TargetRoleName),
		AssumeRolePolicy: pulumi.String(trust),
	})
	if err != nil {
		return err
	}
	// Without PassRole the policy names no role, so it depends on none.
	inputs := []any{taskDef.ArnWithoutRevision}
	if opts.TargetPassRole {
		inputs = append(inputs, execRole.Arn, taskRole.Arn)
	}
	policy := pulumi.All(inputs...).ApplyT(func(v []any) (string, error) {
		statements := []any{map[string]any{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": v[0].(string) + ":*"}}
		if len(v) == 3 {
			statements = append(statements, map[string]any{
				"Effect": "Allow", "Action": "iam:PassRole", "Resource": []string{v[1].(string), v[2].(string)},
				"Condition": map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
			})
		}
		doc, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
		return string(doc), err
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(ctx, TargetRoleName+"-run-task", &iam.RolePolicyArgs{Role: role.Name, Policy: policy}); err != nil {
		return err
	}
	subnets := pulumi.StringArray{pulumi.String("subnet-0a1b2c3d4e5f60001")}
	if opts.Target == SchedulerTarget {
		_, err = scheduler.NewSchedule(ctx, TargetName, &scheduler.ScheduleArgs{
			Name:                       pulumi.String(TargetName),
			ScheduleExpression:         pulumi.String("cron(0 5 * * ? *)"),
			ScheduleExpressionTimezone: pulumi.String("Asia/Tokyo"),
			FlexibleTimeWindow:         &scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")},
			Target: &scheduler.ScheduleTargetArgs{
				Arn:     cluster.Arn,
				RoleArn: role.Arn,
				EcsParameters: &scheduler.ScheduleTargetEcsParametersArgs{
					TaskDefinitionArn: taskDef.Arn,
					LaunchType:        pulumi.String("FARGATE"),
					NetworkConfiguration: &scheduler.ScheduleTargetEcsParametersNetworkConfigurationArgs{
						Subnets: subnets,
					},
				},
			},
		})
		return err
	}
	rule, err := cloudwatch.NewEventRule(ctx, TargetName, &cloudwatch.EventRuleArgs{
		Name:               pulumi.String(TargetName),
		ScheduleExpression: pulumi.String("cron(0 20 * * ? *)"), // 05:00 in Japan, in the UTC EventBridge rules run on
	})
	if err != nil {
		return err
	}
	_, err = cloudwatch.NewEventTarget(ctx, TargetName, &cloudwatch.EventTargetArgs{
		Rule:    rule.Name,
		Arn:     cluster.Arn,
		RoleArn: role.Arn,
		EcsTarget: &cloudwatch.EventTargetEcsTargetArgs{
			TaskDefinitionArn: taskDef.Arn,
			LaunchType:        pulumi.String("FARGATE"),
			NetworkConfiguration: &cloudwatch.EventTargetEcsTargetNetworkConfigurationArgs{
				Subnets: subnets,
			},
		},
	})
	return err
}

// trustPolicy lets an AWS service assume a role. It is rendered by the
// provider's getPolicyDocument, as many hand-written programs do, so the
// invoke runs (and is known) at preview.
func trustPolicy(ctx *pulumi.Context, service string) (string, error) {
	doc, err := iam.GetPolicyDocument(ctx, &iam.GetPolicyDocumentArgs{
		Statements: []iam.GetPolicyDocumentStatement{{
			Actions: []string{"sts:AssumeRole"},
			Principals: []iam.GetPolicyDocumentStatementPrincipal{{
				Type:        "Service",
				Identifiers: []string{service},
			}},
		}},
	})
	if err != nil {
		return "", fmt.Errorf("trust policy for %s: %w", service, err)
	}
	return doc.Json, nil
}

// machinePolicy is what the state machine's role needs to run the task with
// ecs:runTask.sync (https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html),
// with the extra statements and a PassRole statement on passRoles when
// any are given.
func machinePolicy(taskDefFamilyARN, rulesARN string, extra []any, passRoles ...string) (string, error) {
	statements := []any{
		map[string]any{
			"Effect":   "Allow",
			"Action":   []string{"ecs:RunTask"},
			"Resource": []string{taskDefFamilyARN + ":*"},
		},
		map[string]any{
			"Effect":   "Allow",
			"Action":   []string{"ecs:StopTask", "ecs:DescribeTasks"},
			"Resource": "*",
		},
		map[string]any{
			"Effect":   "Allow",
			"Action":   []string{"events:PutTargets", "events:PutRule", "events:DescribeRule"},
			"Resource": []string{rulesARN},
		},
	}
	statements = append(statements, extra...)
	if len(passRoles) > 0 {
		statements = append(statements, map[string]any{
			"Sid":       "PassRole",
			"Effect":    "Allow",
			"Action":    "iam:PassRole",
			"Resource":  passRoles,
			"Condition": map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
		})
	}
	doc, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	if err != nil {
		return "", fmt.Errorf("machine policy: %w", err)
	}
	return string(doc), nil
}

// credentialsRole is the role the job state runs with when it sets
// Credentials: it may do what the task needs, and trusts the role
// opts.CredentialsTrusts names (the state machine's by default), as AWS's
// cross-account tutorial writes it
// (https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-access-cross-acct-resources.html).
func credentialsRole(ctx *pulumi.Context, opts Options, roleARN func(string) string, taskDefFamilyARN, rulesARN string, extra []any) error {
	trusted := opts.CredentialsTrusts
	if trusted == "" {
		trusted = MachineRoleName
	}
	trust, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"AWS": roleARN(trusted)}, "Action": "sts:AssumeRole"}}})
	if err != nil {
		return fmt.Errorf("credentials role trust: %w", err)
	}
	role, err := iam.NewRole(ctx, CredentialsRoleName, &iam.RoleArgs{
		Name:             pulumi.String(CredentialsRoleName),
		AssumeRolePolicy: pulumi.String(string(trust)),
	})
	if err != nil {
		return err
	}
	doc, err := machinePolicy(taskDefFamilyARN, rulesARN, extra, roleARN(ExecutionRoleName), roleARN(TaskRoleName))
	if err != nil {
		return err
	}
	_, err = iam.NewRolePolicy(ctx, CredentialsRoleName+"-run-job", &iam.RolePolicyArgs{Role: role.Name, Policy: pulumi.String(doc)})
	return err
}

// machineDefinition runs the task once and waits for it; with
// propagateTags the task gets its task definition's tags; with
// credentials ("" for none) the state runs with that role.
func machineDefinition(clusterARN, taskDef string, propagateTags bool, credentials string) (string, error) {
	params := map[string]any{
		"LaunchType":     "FARGATE",
		"Cluster":        clusterARN,
		"TaskDefinition": taskDef,
		"NetworkConfiguration": map[string]any{
			"AwsvpcConfiguration": map[string]any{
				"Subnets":        []string{"subnet-0a1b2c3d4e5f60001"},
				"AssignPublicIp": "DISABLED",
			},
		},
	}
	if propagateTags {
		params["PropagateTags"] = "TASK_DEFINITION"
	}
	run := map[string]any{
		"Type":       "Task",
		"Resource":   "arn:aws:states:::ecs:runTask.sync",
		"Parameters": params,
		"End":        true,
	}
	if credentials != "" {
		run["Credentials"] = map[string]any{"RoleArn": credentials}
	}
	doc, err := json.Marshal(map[string]any{
		"Comment": "Runs the hand-written job",
		"StartAt": "RunJob",
		"States":  map[string]any{"RunJob": run},
	})
	if err != nil {
		return "", fmt.Errorf("state machine definition: %w", err)
	}
	return string(doc), nil
}
