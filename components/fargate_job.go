package components

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

// FargateJob is the child component of a job run as an ECS Fargate task: a
// task definition with its execution role, task role and log group, or an
// existing task definition family and its roles.
type FargateJob struct {
	pulumi.ResourceState

	// Family is the task definition family the state machine runs (its
	// latest ACTIVE revision).
	Family pulumi.StringOutput `pulumi:"family"`
	// TaskDefinitionARN is the created revision's ARN, or the family ARN
	// pattern of an existing family.
	TaskDefinitionARN pulumi.StringOutput `pulumi:"taskDefinitionArn"`
	// ExecutionRoleARN is the role ECS uses to pull the image, write logs
	// and read the secrets.
	ExecutionRoleARN pulumi.StringOutput `pulumi:"executionRoleArn"`
	// TaskRoleARN is the role the container's code runs as.
	TaskRoleARN pulumi.StringOutput `pulumi:"taskRoleArn"`
}

// FargateJobType is the type token of FargateJob.
const FargateJobType = "batchpipeline:index:FargateJob"

// envNamePattern is what a container environment variable name may be.
var envNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// familyPattern is what ECS accepts as a task definition family.
var familyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// family is the task definition family the job runs.
func (f *FargateJobArgs) family(n resourceNames, job string) string {
	if f.Existing != nil {
		return f.Existing.Family
	}
	return n.job(job)
}

// roles returns the execution and task role ARNs the job's tasks use.
func (f *FargateJobArgs) roles(a integrations.Account, n resourceNames, job string) (execution, task string) {
	if f.Existing != nil {
		return f.Existing.ExecutionRoleARN, f.Existing.TaskRoleARN
	}
	return a.RoleARN("/", n.executionRole(job)), a.RoleARN("/", n.taskRole(job))
}

func (f *FargateJobArgs) validate(jobKey, key string, n resourceNames, job string) []error {
	var errs []error
	if e := f.Existing; e != nil {
		if f.Image != "" || len(f.Command) > 0 || len(f.Environment) > 0 || len(f.Secrets) > 0 {
			errs = append(errs, configErrorf(key, "existing references a task definition; remove image, command, environment and secrets, or remove existing to create a task definition"))
		}
		if !familyPattern.MatchString(e.Family) {
			errs = append(errs, configErrorf(key+".existing.family", "%q is not a task definition family; use 1 to 255 letters, digits, '-' and '_'", e.Family))
		}
		for _, r := range []struct{ field, role string }{{"executionRoleArn", e.ExecutionRoleARN}, {"taskRoleArn", e.TaskRoleARN}} {
			if !arn.IsRoleARN(r.role) {
				errs = append(errs, configErrorf(key+".existing."+r.field, "%q is not the ARN of one IAM role (arn:aws:iam::ACCOUNT:role/NAME, a 12-digit account, no wildcards); the state machine may pass exactly the family's two roles, so both are needed", r.role))
			}
		}
		return errs
	}
	for _, d := range []derivedName{
		{"task definition family", n.job(job), maxFamilyName},
		{"IAM role name", n.executionRole(job), maxRoleName},
		{"IAM role name", n.taskRole(job), maxRoleName},
		{"log group name", n.ecsLogGroup(job), maxLogGroupName},
	} {
		if err := d.check(jobKey+".name", job); err != nil {
			errs = append(errs, err)
		}
	}
	if f.Image == "" {
		errs = append(errs, configErrorf(key+".image", "a created task definition needs a container image, or set existing to use an existing task definition"))
	}
	if err := validateFargateSize(key, f.CPU, f.Memory); err != nil {
		errs = append(errs, err)
	}
	for _, name := range sortedKeys(f.Environment) {
		if !envNamePattern.MatchString(name) || len(name) > maxContainerEnvName {
			errs = append(errs, configErrorf(key+".environment", "%q is not an environment variable name; use letters, digits and '_', not starting with a digit", name))
		}
	}
	for _, name := range sortedKeys(f.Secrets) {
		if !envNamePattern.MatchString(name) || len(name) > maxContainerEnvName {
			errs = append(errs, configErrorf(key+".secrets", "%q is not an environment variable name; use letters, digits and '_', not starting with a digit", name))
		}
		if _, dup := f.Environment[name]; dup {
			errs = append(errs, configErrorf(key+".secrets."+name, "%q is also in environment; a variable comes from one place", name))
		}
		if _, _, ok := integrations.SecretReference(f.Secrets[name]); !ok {
			errs = append(errs, configErrorf(key+".secrets."+name, "%q is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) or an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)", f.Secrets[name]))
		}
	}
	return errs
}

func (f *FargateJobArgs) task(env definitionEnv, job string) (*integrations.Integration, integrations.Pattern, map[string]any) {
	network := ""
	if env.networkFromInput {
		// The branch's input is the execution input.
		network = "$." + NetworkField
	}
	return integrations.ECSRunTask(), integrations.Sync, integrations.RunTask{
		Cluster: env.clusterARN,
		// The family name runs its latest ACTIVE revision; IAM then
		// matches ecs:RunTask on task-definition/FAMILY:*.
		TaskDefinition: f.family(env.names, job),
		LaunchType:     "FARGATE",
		Subnets:        env.network.SubnetIDs,
		SecurityGroups: env.network.SecurityGroupIDs,
		AssignPublicIP: env.network.AssignPublicIP,
		NetworkPath:    network,
		// The task gets the task definition's tags: a created one has the
		// pipeline's tags (if any); an existing one may have its own.
		PropagateTags: f.Existing != nil || env.tagged,
	}.Parameters()
}

// describe tells the model the job's task definition: its family, its two
// roles and whether it carries tags (an existing one may).
func (f *FargateJobArgs) describe(env definitionEnv, job string, into *jobsEnv) {
	execution, task := f.roles(env.account, env.names, job)
	tagged := integrations.No
	switch {
	case f.Existing != nil:
		tagged = integrations.Maybe
	case env.tagged:
		tagged = integrations.Yes
	}
	family := f.family(env.names, job)
	into.taskDefinitions[family] = integrations.TaskDefinition{
		Family:        family,
		ARN:           integrations.RevisionOf(env.account, family, "the task definition's revision is known once it is registered"),
		ExecutionRole: integrations.Role{Set: true, ARN: execution},
		TaskRole:      integrations.Role{Set: true, ARN: task},
		Tagged:        tagged,
		AWSVPC:        true,
	}
}

func (f *FargateJobArgs) deploy(ctx *pulumi.Context, env deployEnv, jobArgs JobArgs, opts ...pulumi.ResourceOption) (*deployedJob, error) {
	job := jobArgs.Name
	comp := &FargateJob{}
	if err := ctx.RegisterComponentResource(FargateJobType, env.names.job(job), comp, opts...); err != nil {
		return nil, fmt.Errorf("register Fargate job %s: %w", job, err)
	}
	out := &deployedJob{component: comp, roleARNs: map[string]pulumi.StringOutput{}}
	if e := f.Existing; e != nil {
		comp.Family = pulumi.String(e.Family).ToStringOutput()
		comp.TaskDefinitionARN = pulumi.String(env.account.TaskDefinitionFamilyARN(e.Family)).ToStringOutput()
		comp.ExecutionRoleARN = pulumi.String(e.ExecutionRoleARN).ToStringOutput()
		comp.TaskRoleARN = pulumi.String(e.TaskRoleARN).ToStringOutput()
	} else {
		created, err := f.createTaskDefinition(ctx, env, comp, job)
		if err != nil {
			return nil, err
		}
		comp.Family = created.taskDefinition.Family
		comp.TaskDefinitionARN = created.taskDefinition.Arn
		comp.ExecutionRoleARN = created.execution.Arn
		comp.TaskRoleARN = created.task.Arn
		out.dependsOn = append(out.dependsOn, created.taskDefinition, created.execution, created.task)
	}
	out.roleARNs["execution"] = comp.ExecutionRoleARN
	out.roleARNs["task"] = comp.TaskRoleARN

	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"family":            comp.Family,
		"taskDefinitionArn": comp.TaskDefinitionARN,
		"executionRoleArn":  comp.ExecutionRoleARN,
		"taskRoleArn":       comp.TaskRoleARN,
	}); err != nil {
		return nil, fmt.Errorf("register outputs of Fargate job %s: %w", job, err)
	}
	return out, nil
}

// createdTaskDefinition is what createTaskDefinition registered.
type createdTaskDefinition struct {
	taskDefinition  *ecs.TaskDefinition
	execution, task *awsiam.Role
}

// createTaskDefinition registers the task definition, its log group, its
// execution role (managed policy plus exactly the named secrets) and its
// task role.
func (f *FargateJobArgs) createTaskDefinition(ctx *pulumi.Context, env deployEnv, comp pulumi.Resource, job string) (*createdTaskDefinition, error) {
	parent := pulumi.Parent(comp)
	a, n := env.account, env.names
	family := n.job(job)
	wrap := func(what string, err error) error { return fmt.Errorf("job %s (ECS Fargate): %s: %w", job, what, err) }

	logGroupName := n.ecsLogGroup(job)
	res, err := newContainerResources(ctx, env, parent, job, logGroupName, containerDescriptions{
		execution: fmt.Sprintf("ECS execution role of the task definition %s", family),
		task:      fmt.Sprintf("Task role of the task definition %s", family),
	}, wrap)
	if err != nil {
		return nil, err
	}
	execution, task := res.execution, res.task
	tdDeps := []pulumi.Resource{res.attachment}
	if doc, ok := f.secretsPolicy(); ok {
		js, err := doc.JSON()
		if err != nil {
			return nil, wrap("secrets policy", err)
		}
		secrets, err := awsiam.NewRolePolicy(ctx, n.executionRole(job), &awsiam.RolePolicyArgs{
			Name:   pulumi.String("read-secrets"),
			Role:   execution.Name,
			Policy: pulumi.String(js),
		}, parent)
		if err != nil {
			return nil, wrap("secrets policy", err)
		}
		tdDeps = append(tdDeps, secrets)
	}

	containers, err := f.containerDefinitions(job, logGroupName, a.Region)
	if err != nil {
		return nil, wrap("container definitions", err)
	}
	td, err := ecs.NewTaskDefinition(ctx, family, &ecs.TaskDefinitionArgs{
		Family:                  pulumi.String(family),
		Cpu:                     pulumi.String(strconv.Itoa(f.CPU)),
		Memory:                  pulumi.String(strconv.Itoa(f.Memory)),
		NetworkMode:             pulumi.String("awsvpc"),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("FARGATE")},
		RuntimePlatform: ecs.TaskDefinitionRuntimePlatformArgs{
			OperatingSystemFamily: pulumi.String("LINUX"),
			CpuArchitecture:       pulumi.String("X86_64"),
		},
		ExecutionRoleArn:     execution.Arn,
		TaskRoleArn:          task.Arn,
		ContainerDefinitions: pulumi.String(containers),
		Tags:                 env.tags,
	}, parent, pulumi.DependsOn(append(tdDeps, res.logGroup)))
	if err != nil {
		return nil, wrap("task definition", err)
	}
	return &createdTaskDefinition{taskDefinition: td, execution: execution, task: task}, nil
}

// secretsPolicy is the execution role's read access to exactly the named
// secrets, or false when there are none.
func (f *FargateJobArgs) secretsPolicy() (iam.Document, bool) {
	refs := make([]string, 0, len(f.Secrets))
	for _, name := range sortedKeys(f.Secrets) {
		refs = append(refs, f.Secrets[name])
	}
	st := integrations.ReadSecretsStatements(refs)
	return integrations.Policy(st...), len(st) > 0
}

// containerDefinition is the part of the ECS container definition JSON this
// component writes.
type containerDefinition struct {
	Name             string            `json:"name"`
	Image            string            `json:"image"`
	Essential        bool              `json:"essential"`
	Command          []string          `json:"command,omitempty"`
	Environment      []nameValue       `json:"environment,omitempty"`
	Secrets          []nameValueFrom   `json:"secrets,omitempty"`
	LogConfiguration *logConfiguration `json:"logConfiguration"`
}

type nameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type nameValueFrom struct {
	Name      string `json:"name"`
	ValueFrom string `json:"valueFrom"`
}

type logConfiguration struct {
	LogDriver string            `json:"logDriver"`
	Options   map[string]string `json:"options"`
}

// containerDefinitions is the JSON of the task's single container.
func (f *FargateJobArgs) containerDefinitions(job, logGroup, region string) (string, error) {
	c := containerDefinition{
		Name:      job,
		Image:     f.Image,
		Essential: true,
		Command:   f.Command,
		LogConfiguration: &logConfiguration{
			LogDriver: "awslogs",
			Options: map[string]string{
				"awslogs-group":         logGroup,
				"awslogs-region":        region,
				"awslogs-stream-prefix": job,
			},
		},
	}
	for _, k := range sortedKeys(f.Environment) {
		c.Environment = append(c.Environment, nameValue{Name: k, Value: f.Environment[k]})
	}
	for _, k := range sortedKeys(f.Secrets) {
		c.Secrets = append(c.Secrets, nameValueFrom{Name: k, ValueFrom: f.Secrets[k]})
	}
	b, err := json.Marshal([]containerDefinition{c})
	if err != nil {
		return "", fmt.Errorf("marshal container definitions: %w", err)
	}
	return string(b), nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// usesCluster is true: the task runs on the pipeline's cluster.
func (f *FargateJobArgs) usesCluster() bool { return true }

// withDefaults fills a created task definition's CPU and memory.
func (f *FargateJobArgs) withDefaults() jobKind {
	if f.Existing != nil {
		return f
	}
	e := *f
	if e.CPU == 0 {
		e.CPU = DefaultFargateCPU
	}
	if e.Memory == 0 {
		e.Memory = DefaultFargateMemory
	}
	return &e
}
