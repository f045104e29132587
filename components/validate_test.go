package components

import (
	"errors"
	"strings"
	"testing"
)

// TestBadInputRegistersNothing runs NewPipeline on each bad input: it must
// fail with the key path and the fix, before registering anything.
func TestBadInputRegistersNothing(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name   string
		mutate func(a *PipelineArgs)
		want   string
	}{
		{"cron with 5 fields", func(a *PipelineArgs) { a.Schedule.Expression = "cron(0 5 * * ?)" },
			`schedule.expression: cron(0 5 * * ?) has 5 fields; EventBridge Scheduler cron takes 6`},
		{"cron without ?", func(a *PipelineArgs) { a.Schedule.Expression = "cron(0 5 * * MON *)" },
			`schedule.expression: cron(0 5 * * MON *): exactly one of day-of-month ("*") and day-of-week ("MON") must be '?'`},
		{"cron with two ?", func(a *PipelineArgs) { a.Schedule.Expression = "cron(0 5 ? * ? *)" },
			`exactly one of day-of-month ("?") and day-of-week ("?") must be '?'`},
		{"cron minute out of range", func(a *PipelineArgs) { a.Schedule.Expression = "cron(60 5 * * ? *)" },
			`schedule.expression: cron(60 5 * * ? *): minutes: "60" is not a value from 0 to 59`},
		{"cron ? in hours", func(a *PipelineArgs) { a.Schedule.Expression = "cron(0 ? * * ? *)" },
			`hours: '?' is only allowed in day-of-month and day-of-week`},
		{"cron bad month name", func(a *PipelineArgs) { a.Schedule.Expression = "cron(0 5 1 FOO ? *)" },
			`month: "FOO" is not a value from 1 to 12`},
		{"rate plural with 1", func(a *PipelineArgs) { a.Schedule.Expression = "rate(1 days)" },
			`schedule.expression: rate(1 days): a value of 1 takes the singular unit; use rate(1 day)`},
		{"rate singular above 1", func(a *PipelineArgs) { a.Schedule.Expression = "rate(5 minute)" },
			`use rate(5 minutes)`},
		{"rate unknown unit", func(a *PipelineArgs) { a.Schedule.Expression = "rate(2 weeks)" },
			`unit "weeks" must be minute(s), hour(s) or day(s)`},
		{"rate zero", func(a *PipelineArgs) { a.Schedule.Expression = "rate(0 hours)" },
			`value "0" must be a positive whole number`},
		{"at invalid date", func(a *PipelineArgs) { a.Schedule.Expression = "at(2026-13-01T05:00:00)" },
			`schedule.expression: "at(2026-13-01T05:00:00)" is not a valid one-time schedule`},
		{"not an expression", func(a *PipelineArgs) { a.Schedule.Expression = "0 5 * * *" },
			`schedule.expression: "0 5 * * *" is not an EventBridge Scheduler expression`},
		{"unknown timezone", func(a *PipelineArgs) { a.Schedule.Timezone = "Asia/Tokio" },
			`schedule.timezone: "Asia/Tokio" is not an IANA time zone`},
		{"no final job", func(a *PipelineArgs) { a.FinalJob = JobArgs{} },
			`finalJob: no final job; set finalJob with a name and one of codebuild, ecs`},
		{"no parallel job", func(a *PipelineArgs) { a.ParallelJobs = nil },
			`parallelJobs: no parallel job; add at least one job with one of codebuild, ecs, lambda, batch`},
		{"Lambda function not a name", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: "notify", Lambda: &LambdaJobArgs{FunctionName: "my function"}}
		}, `parallelJobs[0].lambda.functionName: "my function" is not a Lambda function name or ARN; use NAME, NAME:ALIAS or arn:aws:lambda:REGION:ACCOUNT:function:NAME`},
		{"Lambda alias twice", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: "notify", Lambda: &LambdaJobArgs{FunctionName: "notify:live", Alias: "prod"}}
		}, `parallelJobs[0].lambda.alias: functionName "notify:live" already names an alias or version; remove alias, or the qualifier from functionName`},
		{"Lambda alias not an alias", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: "notify", Lambda: &LambdaJobArgs{FunctionName: "notify", Alias: "a/b"}}
		}, `parallelJobs[0].lambda.alias: "a/b" is not a Lambda alias or version`},
		{"Batch queue missing", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: "crunch", Batch: &BatchJobArgs{JobDefinition: "crunch"}}
		}, `parallelJobs[0].batch.jobQueue: "" is not a Batch job queue name or ARN; use the name (up to 128 letters, digits, '-' and '_') or arn:aws:batch:REGION:ACCOUNT:job-queue/NAME of an existing queue`},
		{"Batch existing and created", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: "crunch", Batch: &BatchJobArgs{JobQueue: "q", JobDefinition: "crunch", Image: "x"}}
		}, `parallelJobs[0].batch: jobDefinition references an existing job definition; remove image, command, environment and assignPublicIp, or remove jobDefinition to create one`},
		{"Batch definition not a definition", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: "crunch", Batch: &BatchJobArgs{JobQueue: "q", JobDefinition: "crunch:latest"}}
		}, `parallelJobs[0].batch.jobDefinition: "crunch:latest" is not a Batch job definition; use NAME, NAME:REVISION or arn:aws:batch:REGION:ACCOUNT:job-definition/NAME[:REVISION]`},
		{"Batch created without image", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: "crunch", Batch: &BatchJobArgs{JobQueue: "q"}}
		}, `parallelJobs[0].batch.image: a created job definition needs a container image, or set jobDefinition to use an existing one`},
		{"Batch Fargate size", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: "crunch", Batch: &BatchJobArgs{JobQueue: "q", Image: "x", CPU: 256, Memory: 4096}}
		}, `parallelJobs[0].batch.memory: 4096 MiB is not offered by Fargate with cpu 256`},
		{"Batch reserved variable", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: "crunch", Batch: &BatchJobArgs{JobQueue: "q", Image: "x", Environment: map[string]string{"AWS_BATCH_X": "1"}}}
		}, `parallelJobs[0].batch.environment: "AWS_BATCH_X" is not an environment variable name Batch accepts`},
		{"duplicate parallel job", func(a *PipelineArgs) { a.ParallelJobs[2].Name = "ecs-task-1" },
			`parallelJobs[2].name: job name "ecs-task-1" is already used by parallelJobs[1]`},
		{"final job reuses a name", func(a *PipelineArgs) { a.FinalJob.Name = "batch-job" },
			`finalJob.name: job name "batch-job" is already used by parallelJobs[0]`},
		{"unknown Fargate cpu", func(a *PipelineArgs) { a.ParallelJobs[1].ECS.CPU = 300 },
			`parallelJobs[1].ecs.cpu: 300 is not a Fargate CPU size; use 256, 512, 1024, 2048, 4096, 8192 or 16384`},
		{"Fargate memory not offered", func(a *PipelineArgs) { a.ParallelJobs[2].ECS.Memory = 512 },
			`parallelJobs[2].ecs.memory: 512 MiB is not offered by Fargate with cpu 512; use 1024 to 4096 in steps of 1024`},
		{"Fargate memory off step", func(a *PipelineArgs) { a.ParallelJobs[1].ECS.CPU, a.ParallelJobs[1].ECS.Memory = 8192, 20000 },
			`use 16384 to 61440 in steps of 4096`},
		{"ECS jobs without subnets", func(a *PipelineArgs) { a.Network.SubnetIDs = nil },
			`network.subnetIds: ECS Fargate jobs need at least one subnet`},
		{"not a subnet", func(a *PipelineArgs) { a.Network.SubnetIDs = []string{"vpc-123"} },
			`network.subnetIds[0]: "vpc-123" is not a subnet ID`},
		{"pipeline name too long for roles", func(a *PipelineArgs) { a.Name = long(60) },
			`name: "` + long(60) + `" makes the IAM role name "` + long(60) + `-scheduler" 70 characters long, over the AWS limit of 64; shorten it by 6`},
		{"pipeline name too long for the state machine", func(a *PipelineArgs) { a.Name = long(81) },
			`makes the state machine name "` + long(81) + `" 81 characters long, over the AWS limit of 80`},
		{"job name too long for its role", func(a *PipelineArgs) { a.ParallelJobs[1].Name = long(50) },
			`parallelJobs[1].name: "` + long(50) + `" makes the IAM role name "batch-pipeline-` + long(50) + `-exec" 70 characters long, over the AWS limit of 64; shorten it by 6`},
		{"CodeBuild job name too long for its role", func(a *PipelineArgs) { a.FinalJob.Name = long(40) },
			`finalJob.name: "` + long(40) + `" makes the IAM role name "batch-pipeline-` + long(40) + `-codebuild"`},
		{"invalid pipeline name", func(a *PipelineArgs) { a.Name = "my pipeline" },
			`name: "my pipeline" is not a valid pipeline name`},
		{"invalid job name", func(a *PipelineArgs) { a.ParallelJobs[0].Name = "batch job" },
			`parallelJobs[0].name: "batch job" is not a valid job name`},
		{"job named like a workflow state", func(a *PipelineArgs) { a.ParallelJobs[0].Name = "AnyJobFailed" },
			`parallelJobs[0].name: "AnyJobFailed" cannot name a job`},
		{"job named like the input check", func(a *PipelineArgs) { a.ParallelJobs[1].Name = "CheckInput" },
			`parallelJobs[1].name: "CheckInput" cannot name a job`},
		{"job named like its refusal", func(a *PipelineArgs) { a.ParallelJobs[2].Name = "UnknownJobs" },
			`parallelJobs[2].name: "UnknownJobs" cannot name a job`},
		{"job named like the missing network", func(a *PipelineArgs) { a.FinalJob.Name = "NetworkMissing" },
			`finalJob.name: "NetworkMissing" cannot name a job`},
		{"job name too long for its states", func(a *PipelineArgs) {
			a.ParallelJobs[0] = JobArgs{Name: long(71), CodeBuild: &CodeBuildJobArgs{ProjectName: "shared-project"}}
		}, `parallelJobs[0].name: "` + long(71) + `" cannot name a job: it is a state name of the workflow or longer than 70 characters`},
		{"existing project name invalid", func(a *PipelineArgs) { a.ParallelJobs[0].CodeBuild = &CodeBuildJobArgs{ProjectName: "x"} },
			`parallelJobs[0].codebuild.projectName: "x" is not a CodeBuild project name`},
		{"existing project with build settings", func(a *PipelineArgs) { a.ParallelJobs[0].CodeBuild.ProjectName = "shared-project" },
			`parallelJobs[0].codebuild: projectName references an existing project; remove buildspec`},
		{"created project without buildspec", func(a *PipelineArgs) { a.FinalJob.CodeBuild.Buildspec = "" },
			`finalJob.codebuild.buildspec: a created project needs an inline buildspec`},
		{"unknown compute type", func(a *PipelineArgs) { a.FinalJob.CodeBuild.ComputeType = "HUGE" },
			`finalJob.codebuild.computeType: "HUGE" is not a CodeBuild compute type`},
		{"log level", func(a *PipelineArgs) { a.Logging.Level = "DEBUG" },
			`logging.level: "DEBUG" is not a Step Functions log level; use ALL, ERROR, FATAL or OFF`},
		{"log retention", func(a *PipelineArgs) { a.Logging.RetentionDays = 10 },
			`logging.retentionDays: 10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30`},
		{"job without kind", func(a *PipelineArgs) { a.ParallelJobs[0].CodeBuild = nil },
			`parallelJobs[0]: a job needs exactly one kind, found 0; set one of codebuild, ecs`},
		{"job with two kinds", func(a *PipelineArgs) { a.FinalJob.ECS = &FargateJobArgs{Image: "x"} },
			`finalJob: a job needs exactly one kind, found 2`},
		{"ECS job without image", func(a *PipelineArgs) { a.ParallelJobs[1].ECS.Image = "" },
			`parallelJobs[1].ecs.image: a created task definition needs a container image`},
		{"secret that is not an ARN", func(a *PipelineArgs) {
			a.ParallelJobs[1].ECS.Secrets = map[string]string{"DB_PASSWORD": "my-secret"}
		}, `parallelJobs[1].ecs.secrets.DB_PASSWORD: "my-secret" is not a Secrets Manager secret ARN`},
		{"secret also in environment", func(a *PipelineArgs) {
			a.ParallelJobs[1].ECS.Environment = map[string]string{"TOKEN": "x"}
			a.ParallelJobs[1].ECS.Secrets = map[string]string{"TOKEN": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/token"}
		}, `parallelJobs[1].ecs.secrets.TOKEN: "TOKEN" is also in environment`},
		{"bad environment name", func(a *PipelineArgs) { a.ParallelJobs[1].ECS.Environment = map[string]string{"1X": "y"} },
			`parallelJobs[1].ecs.environment: "1X" is not an environment variable name`},
		{"existing task definition role is not a role ARN", func(a *PipelineArgs) {
			a.ParallelJobs[1].ECS = &FargateJobArgs{Existing: &ExistingTaskDefinitionArgs{
				Family: "fam", ExecutionRoleARN: testAccount.RoleARN("/", "exec"), TaskRoleARN: "task-role"}}
		}, `parallelJobs[1].ecs.existing.taskRoleArn: "task-role" is not the ARN of one IAM role`},
		{"existing task definition with container settings", func(a *PipelineArgs) {
			a.ParallelJobs[1].ECS.Existing = &ExistingTaskDefinitionArgs{
				Family: "fam", ExecutionRoleARN: testAccount.RoleARN("/", "exec"), TaskRoleARN: testAccount.RoleARN("/", "task")}
		}, `parallelJobs[1].ecs: existing references a task definition; remove image`},
		{"invalid cluster name", func(a *PipelineArgs) { a.ClusterName = "my cluster" },
			`clusterName: "my cluster" is not a valid ECS cluster name`},
		{"invalid alert email", func(a *PipelineArgs) { a.Alerts.Email = "ops" },
			`alerts.email: "ops" is not an email address`},
		{"invalid alert topic", func(a *PipelineArgs) { a.Alerts.TopicARN = "alerts" },
			`alerts.topicArn: "alerts" is not an SNS topic ARN`},
		{"timeout out of range", func(a *PipelineArgs) { a.ParallelJobs[0].TimeoutSeconds = -1 },
			`parallelJobs[0].timeoutSeconds: -1 is out of range`},
		{"too many attempts", func(a *PipelineArgs) { n := 11; a.FinalJob.MaxAttempts = &n },
			`finalJob.maxAttempts: 11 is out of range; use 0 to 10`},
		{"aws: tag", func(a *PipelineArgs) { a.Tags = map[string]string{"aws:owner": "x"} },
			`tags: tag key "aws:owner" must be 1 to 128 characters and not start with "aws:"`},
		{"schedule retries out of range", func(a *PipelineArgs) { n := 200; a.Schedule.MaxRetryAttempts = &n },
			`schedule.maxRetryAttempts: 200 is out of range; use 0 to 185`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := SeedPipelineArgs()
			tt.mutate(&args)
			d, err := deployE(t, &args)
			if err == nil {
				t.Fatalf("NewPipeline succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant one containing %q", err, tt.want)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %v holds no *ConfigError", err)
			}
			if regs := d.mocks.Registrations(); len(regs) != 0 {
				t.Errorf("%d resources registered before the error, want none: first %s %s", len(regs), regs[0].Type, regs[0].Name)
			}
		})
	}
}

func TestNilArgs(t *testing.T) {
	d, err := deployE(t, nil)
	if err == nil || !strings.Contains(err.Error(), "args are required") {
		t.Errorf("error = %v, want args are required", err)
	}
	if n := len(d.mocks.Registrations()); n != 0 {
		t.Errorf("%d resources registered", n)
	}
}

// TestValidateReportsEveryProblem checks that one run names every bad key,
// so a user fixes the config in one go.
func TestValidateReportsEveryProblem(t *testing.T) {
	args := SeedPipelineArgs()
	args.Schedule.Timezone = "Mars/Base"
	args.ParallelJobs[1].ECS.CPU = 100
	args.Logging.Level = "LOUD"
	err := args.Validate()
	for _, key := range []string{"schedule.timezone", "parallelJobs[1].ecs.cpu", "logging.level"} {
		if err == nil || !strings.Contains(err.Error(), key+": ") {
			t.Errorf("Validate() = %v, want a problem with %s", err, key)
		}
	}
}

func TestSeedIsValid(t *testing.T) {
	if err := SeedPipelineArgs().Validate(); err != nil {
		t.Fatalf("the seed args are invalid: %v", err)
	}
}

func TestScheduleExpressions(t *testing.T) {
	valid := []string{
		"cron(0 5 * * ? *)",
		"cron(0/15 * * * ? *)",
		"cron(0 5 ? * MON-FRI *)",
		"cron(0 5 ? * mon,wed,fri *)",
		"cron(30 23 L * ? *)",
		"cron(0 5 LW * ? *)",
		"cron(0 5 15W * ? 2026-2030)",
		"cron(0 5 ? * 6#3 *)",
		"cron(0 5 ? * 6L *)",
		"cron(0 5 1,15 JAN-MAR ? *)",
		"cron(5-10 0-6/2 * * ? *)",
		"rate(1 minute)",
		"rate(1 hour)",
		"rate(12 hours)",
		"rate(7 days)",
		"at(2026-12-31T05:00:00)",
	}
	for _, e := range valid {
		if err := validateScheduleExpression(e); err != nil {
			t.Errorf("%s: %v, want valid", e, err)
		}
	}
	invalid := []string{
		"", "cron()", "cron(0 5 * * ? * *)", "cron(0 24 * * ? *)", "cron(0 5 32 * ? *)",
		"cron(0 5 * 13 ? *)", "cron(0 5 ? * 8 *)", "cron(0 5 * * ? 1969)", "cron(0 5 * * ? *",
		"cron(0/0 5 * * ? *)", "cron(0 5 ? * 6#6 *)", "cron(10-5 5 * * ? *)", "cron(0 5 ,1 * ? *)",
		"rate(1)", "rate(one day)", "rate(-1 days)", "rate(1 Day)", "at(2026-12-31 05:00:00)", "at()",
	}
	for _, e := range invalid {
		if err := validateScheduleExpression(e); err == nil {
			t.Errorf("%q: valid, want an error", e)
		}
	}
}

func TestFargateSizes(t *testing.T) {
	tests := []struct {
		cpu, memory int
		ok          bool
	}{
		{256, 512, true}, {256, 1024, true}, {256, 2048, true}, {256, 3072, false},
		{512, 1024, true}, {512, 4096, true}, {512, 5120, false},
		{1024, 2048, true}, {1024, 8192, true}, {1024, 1024, false},
		{2048, 4096, true}, {2048, 16384, true}, {2048, 17408, false},
		{4096, 8192, true}, {4096, 30720, true}, {4096, 31744, false},
		{8192, 16384, true}, {8192, 61440, true}, {8192, 17408, false},
		{16384, 32768, true}, {16384, 122880, true}, {16384, 36864, false},
		{128, 512, false}, {32768, 65536, false},
	}
	for _, tt := range tests {
		err := validateFargateSize("ecs", tt.cpu, tt.memory)
		if (err == nil) != tt.ok {
			t.Errorf("cpu %d memory %d: error %v, want ok=%v", tt.cpu, tt.memory, err, tt.ok)
		}
	}
}

func TestWithDefaults(t *testing.T) {
	a := PipelineArgs{
		ParallelJobs: []JobArgs{{Name: "j", ECS: &FargateJobArgs{Image: "i"}}},
		FinalJob:     JobArgs{Name: "f", CodeBuild: &CodeBuildJobArgs{Buildspec: "b"}},
	}
	d := a.WithDefaults()
	if d.Schedule.Timezone != DefaultTimezone || !*d.Schedule.Enabled || d.Logging.Level != DefaultLogLevel ||
		d.Logging.RetentionDays != DefaultLogRetentionDays || *d.Schedule.MaxRetryAttempts != DefaultScheduleMaxRetryAttempts {
		t.Errorf("pipeline defaults not applied: %+v", d)
	}
	j := d.ParallelJobs[0]
	if j.TimeoutSeconds != DefaultJobTimeoutSeconds || *j.MaxAttempts != DefaultJobMaxAttempts ||
		j.ECS.CPU != DefaultFargateCPU || j.ECS.Memory != DefaultFargateMemory {
		t.Errorf("job defaults not applied: %+v %+v", j, j.ECS)
	}
	if d.FinalJob.CodeBuild.Image != DefaultCodeBuildImage || d.FinalJob.CodeBuild.ComputeType != DefaultCodeBuildComputeType {
		t.Errorf("CodeBuild defaults not applied: %+v", d.FinalJob.CodeBuild)
	}
	if a.ParallelJobs[0].ECS.CPU != 0 || a.FinalJob.CodeBuild.Image != "" || a.Schedule.Timezone != "" {
		t.Error("WithDefaults modified its receiver")
	}
	disabled := false
	a.Schedule.Enabled = &disabled
	if *a.WithDefaults().Schedule.Enabled {
		t.Error("an explicit enabled=false became true")
	}
}
