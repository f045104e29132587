package components

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/codebuild"
	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/integrations"
)

// CodeBuildJob is the child component of a job run as a CodeBuild build:
// a project with its service role and log group, or an existing project.
type CodeBuildJob struct {
	pulumi.ResourceState

	// ProjectName is the project the state machine starts.
	ProjectName pulumi.StringOutput `pulumi:"projectName"`
	// ProjectARN is the project's ARN.
	ProjectARN pulumi.StringOutput `pulumi:"projectArn"`
	// ServiceRoleARN is the created project's service role ("" for an
	// existing project).
	ServiceRoleARN pulumi.StringOutput `pulumi:"serviceRoleArn"`
}

// CodeBuildJobType is the type token of CodeBuildJob.
const CodeBuildJobType = "batchpipeline:index:CodeBuildJob"

// projectPattern is what CodeBuild accepts as a project name.
var projectPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$`)

// computeTypes are the CodeBuild compute types of LINUX_CONTAINER builds.
var computeTypes = map[string]bool{
	"BUILD_GENERAL1_SMALL": true, "BUILD_GENERAL1_MEDIUM": true, "BUILD_GENERAL1_LARGE": true,
	"BUILD_GENERAL1_XLARGE": true, "BUILD_GENERAL1_2XLARGE": true,
}

// project is the name of the project the job runs.
func (c *CodeBuildJobArgs) project(n resourceNames, job string) string {
	if c.ProjectName != "" {
		return c.ProjectName
	}
	return n.job(job)
}

func (c *CodeBuildJobArgs) validate(jobKey, key string, n resourceNames, job string) []error {
	var errs []error
	if c.ProjectName != "" {
		if !projectPattern.MatchString(c.ProjectName) {
			errs = append(errs, configErrorf(key+".projectName", "%q is not a CodeBuild project name; use 2 to 150 letters, digits, '-' and '_', starting with a letter or digit", c.ProjectName))
		}
		if c.Buildspec != "" || c.Image != "" || len(c.Environment) > 0 || c.ComputeType != "" {
			errs = append(errs, configErrorf(key, "projectName references an existing project; remove buildspec, image, computeType and environment, or remove projectName to create a project"))
		}
		return errs
	}
	for _, d := range []derivedName{
		{"CodeBuild project name", n.job(job), maxProjectName},
		{"IAM role name", n.codeBuildRole(job), maxRoleName},
		{"log group name", n.codeBuildLogGroup(job), maxLogGroupName},
	} {
		if err := d.check(jobKey+".name", job); err != nil {
			errs = append(errs, err)
		}
	}
	if c.Buildspec == "" {
		errs = append(errs, configErrorf(key+".buildspec", "a created project needs an inline buildspec (YAML), or set projectName to use an existing project"))
	}
	if !computeTypes[c.ComputeType] {
		errs = append(errs, configErrorf(key+".computeType", "%q is not a CodeBuild compute type; use BUILD_GENERAL1_SMALL, _MEDIUM, _LARGE, _XLARGE or _2XLARGE", c.ComputeType))
	}
	for _, name := range sortedKeys(c.Environment) {
		if !envNamePattern.MatchString(name) {
			errs = append(errs, configErrorf(key+".environment", "%q is not an environment variable name; use letters, digits and '_', not starting with a digit", name))
		}
	}
	return errs
}

func (c *CodeBuildJobArgs) task(env definitionEnv, job string) (*integrations.Integration, integrations.Pattern, map[string]any) {
	return integrations.CodeBuildStartBuild(), integrations.Sync,
		integrations.StartBuild{ProjectName: c.project(env.names, job)}.Parameters()
}

// describe: the model asks nothing about a project but its name, which
// the Task state holds.
func (c *CodeBuildJobArgs) describe(definitionEnv, string, *jobsEnv) {}

// buildTimeoutMinutes turns the job timeout into a CodeBuild build timeout
// (5 to 2160 minutes), so the build stops when the Task gives up.
func buildTimeoutMinutes(seconds int) int {
	m := (seconds + 59) / 60
	return min(max(m, 5), 2160)
}

func (c *CodeBuildJobArgs) deploy(ctx *pulumi.Context, env deployEnv, jobArgs JobArgs, opts ...pulumi.ResourceOption) (*deployedJob, error) {
	job := jobArgs.Name
	comp := &CodeBuildJob{}
	if err := ctx.RegisterComponentResource(CodeBuildJobType, env.names.job(job), comp, opts...); err != nil {
		return nil, fmt.Errorf("register CodeBuild job %s: %w", job, err)
	}
	project := c.project(env.names, job)
	out := &deployedJob{component: comp, roleARNs: map[string]pulumi.StringOutput{}}

	if c.ProjectName != "" {
		comp.ProjectName = pulumi.String(project).ToStringOutput()
		comp.ProjectARN = pulumi.String(env.account.ProjectARN(project)).ToStringOutput()
		comp.ServiceRoleARN = pulumi.String("").ToStringOutput()
	} else {
		p, roleARN, err := c.createProject(ctx, env, comp, jobArgs, project)
		if err != nil {
			return nil, err
		}
		comp.ProjectName = p.Name
		comp.ProjectARN = p.Arn
		comp.ServiceRoleARN = roleARN
		out.dependsOn = append(out.dependsOn, p)
		out.roleARNs["codebuild"] = roleARN
	}

	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"projectName":    comp.ProjectName,
		"projectArn":     comp.ProjectARN,
		"serviceRoleArn": comp.ServiceRoleARN,
	}); err != nil {
		return nil, fmt.Errorf("register outputs of CodeBuild job %s: %w", job, err)
	}
	return out, nil
}

// createProject registers the project, its log group and its service role.
func (c *CodeBuildJobArgs) createProject(ctx *pulumi.Context, env deployEnv, comp pulumi.Resource, jobArgs JobArgs, project string) (*codebuild.Project, pulumi.StringOutput, error) {
	job := jobArgs.Name
	parent := pulumi.Parent(comp)
	a, n := env.account, env.names
	fail := func(what string, err error) (*codebuild.Project, pulumi.StringOutput, error) {
		return nil, pulumi.StringOutput{}, fmt.Errorf("job %s (CodeBuild): %s: %w", job, what, err)
	}

	logGroupName := n.codeBuildLogGroup(job)
	logGroup, err := cloudwatch.NewLogGroup(ctx, n.job(job)+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(logGroupName),
		RetentionInDays: pulumi.Int(env.retentionDays),
		Tags:            env.tags,
	}, parent)
	if err != nil {
		return fail("log group", err)
	}

	roleName := n.codeBuildRole(job)
	trust, err := integrations.TrustPolicy(integrations.CodeBuildService, a.ID, a.ProjectARN(project)).JSON()
	if err != nil {
		return fail("trust policy", err)
	}
	role, err := awsiam.NewRole(ctx, roleName, &awsiam.RoleArgs{
		Name:             pulumi.String(roleName),
		AssumeRolePolicy: pulumi.String(trust),
		Description:      pulumi.String(fmt.Sprintf("Service role of the CodeBuild project %s", project)),
		Tags:             env.tags,
	}, parent)
	if err != nil {
		return fail("service role", err)
	}
	logs, err := integrations.Policy(integrations.WriteBuildLogsStatement(a, logGroupName)).JSON()
	if err != nil {
		return fail("service role policy", err)
	}
	rolePolicy, err := awsiam.NewRolePolicy(ctx, roleName, &awsiam.RolePolicyArgs{
		Name:   pulumi.String("write-build-logs"),
		Role:   role.Name,
		Policy: pulumi.String(logs),
	}, parent)
	if err != nil {
		return fail("service role policy", err)
	}

	envVars := codebuild.ProjectEnvironmentEnvironmentVariableArray{}
	for _, k := range sortedKeys(c.Environment) {
		envVars = append(envVars, codebuild.ProjectEnvironmentEnvironmentVariableArgs{
			Name:  pulumi.String(k),
			Value: pulumi.String(c.Environment[k]),
			Type:  pulumi.String("PLAINTEXT"),
		})
	}
	p, err := codebuild.NewProject(ctx, project, &codebuild.ProjectArgs{
		Name:         pulumi.String(project),
		Description:  pulumi.String(fmt.Sprintf("Job %s of pipeline %s", job, n.pipeline)),
		ServiceRole:  role.Arn,
		BuildTimeout: pulumi.Int(buildTimeoutMinutes(jobArgs.TimeoutSeconds)),
		Source: codebuild.ProjectSourceArgs{
			Type:      pulumi.String("NO_SOURCE"),
			Buildspec: pulumi.String(c.Buildspec),
		},
		Artifacts: codebuild.ProjectArtifactsArgs{Type: pulumi.String("NO_ARTIFACTS")},
		Environment: codebuild.ProjectEnvironmentArgs{
			Type:                 pulumi.String("LINUX_CONTAINER"),
			Image:                pulumi.String(c.Image),
			ComputeType:          pulumi.String(c.ComputeType),
			EnvironmentVariables: envVars,
		},
		LogsConfig: codebuild.ProjectLogsConfigArgs{
			CloudwatchLogs: codebuild.ProjectLogsConfigCloudwatchLogsArgs{
				GroupName: logGroup.Name,
				Status:    pulumi.String("ENABLED"),
			},
		},
		Tags: env.tags,
	}, parent, pulumi.DependsOn([]pulumi.Resource{rolePolicy}))
	if err != nil {
		return fail("project", err)
	}
	return p, role.Arn, nil
}

// usesCluster is false: a build runs on CodeBuild's own fleet.
func (c *CodeBuildJobArgs) usesCluster() bool { return false }

// withDefaults fills a created project's image and compute type.
func (c *CodeBuildJobArgs) withDefaults() jobKind {
	if c.ProjectName != "" {
		return c
	}
	cb := *c
	if cb.Image == "" {
		cb.Image = DefaultCodeBuildImage
	}
	if cb.ComputeType == "" {
		cb.ComputeType = DefaultCodeBuildComputeType
	}
	return &cb
}
