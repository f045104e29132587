package components

import (
	"encoding/json"
	"strings"
	"testing"

	"batchpipeline/internal/iam"
)

// TestVariants deploys pipelines other than the seed and checks the
// properties every pipeline must have, plus what is special to each.
func TestVariants(t *testing.T) {
	existingExec := testAccount.RoleARN("/", "legacy-exec")
	existingTask := testAccount.RoleARN("/service/", "legacy-task")
	tests := []struct {
		name   string
		args   func() PipelineArgs
		verify func(t *testing.T, d *deployment)
	}{
		{
			name: "five jobs: three ECS, two CodeBuild",
			args: func() PipelineArgs {
				a := SeedPipelineArgs()
				a.Name = "five"
				a.ParallelJobs = []JobArgs{ecsJob("extract"), ecsJob("transform"), codeBuildJob("report"), ecsJob("load")}
				a.FinalJob = codeBuildJob("publish")
				return a
			},
			verify: func(t *testing.T, d *deployment) {
				counts := map[string]int{typeTaskDefinition: 3, typeProject: 2, FargateJobType: 3, CodeBuildJobType: 2, typeRole: 3*2 + 2 + 2}
				for typ, want := range counts {
					if got := len(d.mocks.ByType(typ)); got != want {
						t.Errorf("%d %s, want %d", got, typ, want)
					}
				}
				if got := len(d.definition(t).States["RunJobs"].Branches); got != 4 {
					t.Errorf("%d branches, want 4", got)
				}
			},
		},
		{
			name: "ECS final job",
			args: func() PipelineArgs {
				a := SeedPipelineArgs()
				a.FinalJob = ecsJob("final-task")
				return a
			},
			verify: func(t *testing.T, d *deployment) {
				final := d.definition(t).States["final-task"]
				if final == nil || final.Resource != "arn:aws:states:::ecs:runTask.sync" {
					t.Fatalf("final job state = %+v", final)
				}
				if got := len(d.mocks.ByType(typeTaskDefinition)); got != 3 {
					t.Errorf("%d task definitions, want 3", got)
				}
			},
		},
		{
			name: "only CodeBuild jobs: no cluster, no network",
			args: func() PipelineArgs {
				a := SeedPipelineArgs()
				a.ParallelJobs = []JobArgs{codeBuildJob("a"), codeBuildJob("b")}
				a.Network = NetworkArgs{}
				return a
			},
			verify: func(t *testing.T, d *deployment) {
				if n := len(d.mocks.ByType(typeCluster)); n != 0 {
					t.Errorf("%d clusters for a pipeline without ECS jobs", n)
				}
				doc := d.rolePolicy(t, "batch-pipeline-sfn")
				for _, st := range doc.Statement {
					if contains(st.Action, "iam:PassRole") {
						t.Errorf("PassRole granted without ECS jobs: %+v", st)
					}
				}
			},
		},
		{
			name: "existing project",
			args: func() PipelineArgs {
				a := SeedPipelineArgs()
				a.ParallelJobs[0].CodeBuild = &CodeBuildJobArgs{ProjectName: "shared-nightly"}
				return a
			},
			verify: func(t *testing.T, d *deployment) {
				if _, ok := d.mocks.Find(typeProject, "batch-pipeline-batch-job"); ok {
					t.Error("a project was created for a job that references one")
				}
				if _, ok := d.mocks.Find(CodeBuildJobType, "batch-pipeline-batch-job"); !ok {
					t.Error("no job component for the existing project")
				}
				task := d.definition(t).States["RunJobs"].Branches[0].States["batch-job"]
				if task.Parameters["ProjectName"] != "shared-nightly" {
					t.Errorf("ProjectName = %v", task.Parameters["ProjectName"])
				}
				doc := d.rolePolicy(t, "batch-pipeline-sfn")
				if got := allowed(doc, "codebuild:StartBuild", testAccount.ProjectARN("shared-nightly"), nil); got != iam.Allowed {
					t.Errorf("StartBuild on the existing project: %v", got)
				}
				if _, ok := d.outputs["jobRoleArns"].(map[string]string)["batch-job/codebuild"]; ok {
					t.Error("a service role ARN is reported for an existing project")
				}
			},
		},
		{
			name: "existing task definition",
			args: func() PipelineArgs {
				a := SeedPipelineArgs()
				a.ParallelJobs[1].ECS = &FargateJobArgs{Existing: &ExistingTaskDefinitionArgs{
					Family: "legacy-family", ExecutionRoleARN: existingExec, TaskRoleARN: existingTask}}
				return a
			},
			verify: func(t *testing.T, d *deployment) {
				if _, ok := d.mocks.Find(typeTaskDefinition, "batch-pipeline-ecs-task-1"); ok {
					t.Error("a task definition was created for a job that references one")
				}
				if _, ok := d.mocks.Find(typeRole, "batch-pipeline-ecs-task-1-exec"); ok {
					t.Error("an execution role was created for an existing task definition")
				}
				task := d.definition(t).States["RunJobs"].Branches[1].States["ecs-task-1"]
				if task.Parameters["TaskDefinition"] != "legacy-family" {
					t.Errorf("TaskDefinition = %v", task.Parameters["TaskDefinition"])
				}
				doc := d.rolePolicy(t, "batch-pipeline-sfn")
				ecsTasks := map[string]string{"iam:PassedToService": "ecs-tasks.amazonaws.com"}
				for _, role := range []string{existingExec, existingTask} {
					if got := allowed(doc, "iam:PassRole", role, ecsTasks); got != iam.Allowed {
						t.Errorf("PassRole %s: %v", role, got)
					}
				}
				if got := allowed(doc, "iam:PassRole", testAccount.RoleARN("/", "batch-pipeline-ecs-task-1-exec"), ecsTasks); got != iam.ImplicitDeny {
					t.Errorf("PassRole on the role that would have been created: %v", got)
				}
				roles := d.outputs["jobRoleArns"].(map[string]string)
				if roles["ecs-task-1/execution"] != existingExec || roles["ecs-task-1/task"] != existingTask {
					t.Errorf("job role outputs = %v", roles)
				}
			},
		},
		{
			name: "existing cluster",
			args: func() PipelineArgs {
				a := SeedPipelineArgs()
				a.ClusterName = "shared-cluster"
				return a
			},
			verify: func(t *testing.T, d *deployment) {
				if n := len(d.mocks.ByType(typeCluster)); n != 0 {
					t.Errorf("%d clusters created with an existing one given", n)
				}
				task := d.definition(t).States["RunJobs"].Branches[2].States["ecs-task-2"]
				if want := testAccount.ClusterARN("shared-cluster"); task.Parameters["Cluster"] != want {
					t.Errorf("Cluster = %v, want %s", task.Parameters["Cluster"], want)
				}
			},
		},
		{
			name: "dead-letter queue, email, disabled schedule, tags",
			args: func() PipelineArgs {
				a := SeedPipelineArgs()
				off := false
				a.Schedule.Enabled = &off
				a.Schedule.DeadLetterQueue = true
				a.Alerts.Email = "ops@example.com"
				a.Tags = map[string]string{"team": "data"}
				return a
			},
			verify: func(t *testing.T, d *deployment) {
				queue := d.one(t, typeQueue, "batch-pipeline-schedule-dlq")
				s := d.one(t, typeSchedule, "batch-pipeline")
				if got := str(t, s.Inputs, "state"); got != "DISABLED" {
					t.Errorf("state = %q", got)
				}
				queueARN := str(t, queue.Outputs, "arn")
				if got := str(t, s.Inputs, "target", "deadLetterConfig", "arn"); got != queueARN {
					t.Errorf("dead-letter queue = %q, want %q", got, queueARN)
				}
				doc := d.rolePolicy(t, "batch-pipeline-scheduler")
				if got := allowed(doc, "sqs:SendMessage", queueARN, nil); got != iam.Allowed {
					t.Errorf("SendMessage to the dead-letter queue: %v", got)
				}
				sub := d.one(t, typeSubscription, "batch-pipeline-alerts-email")
				if str(t, sub.Inputs, "protocol") != "email" || str(t, sub.Inputs, "endpoint") != "ops@example.com" {
					t.Errorf("subscription = %v", sub.Inputs)
				}
				for _, typ := range []string{typeStateMachine, typeRole, typeTaskDefinition, typeProject, typeSchedule} {
					for _, r := range d.mocks.ByType(typ) {
						if typ == typeSchedule {
							continue // schedules take no tags
						}
						if got := str(t, r.Inputs, "tags", "team"); got != "data" {
							t.Errorf("%s %s tag team = %q", typ, r.Name, got)
						}
					}
				}
			},
		},
		{
			name: "given alert topic, logging off",
			args: func() PipelineArgs {
				a := SeedPipelineArgs()
				a.Alerts.TopicARN = "arn:aws:sns:ap-northeast-1:123456789012:ops"
				a.Logging.Level = "OFF"
				return a
			},
			verify: func(t *testing.T, d *deployment) {
				if n := len(d.mocks.ByType(typeTopic)) + len(d.mocks.ByType(typeTopicPolicy)); n != 0 {
					t.Errorf("%d topic resources created with a topic given", n)
				}
				target := d.one(t, typeEventTarget, "batch-pipeline-execution-failed")
				if got := str(t, target.Inputs, "arn"); got != "arn:aws:sns:ap-northeast-1:123456789012:ops" {
					t.Errorf("alert target = %q", got)
				}
				if _, ok := d.mocks.Find(typeLogGroup, "batch-pipeline-logs"); ok {
					t.Error("a state machine log group was created with logging off")
				}
				sm := d.one(t, typeStateMachine, "batch-pipeline")
				if has(prop(t, sm.Inputs, "loggingConfiguration").ObjectValue(), "logDestination") {
					t.Error("a log destination is set with logging off")
				}
			},
		},
		{
			name: "secrets",
			args: func() PipelineArgs {
				a := SeedPipelineArgs()
				a.ParallelJobs[1].ECS.Secrets = map[string]string{
					"DB_PASSWORD": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf:password::",
					"API_TOKEN":   "arn:aws:ssm:ap-northeast-1:123456789012:parameter/batch/api-token",
				}
				return a
			},
			verify: func(t *testing.T, d *deployment) {
				doc := d.rolePolicy(t, "batch-pipeline-ecs-task-1-exec")
				secret := "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"
				param := "arn:aws:ssm:ap-northeast-1:123456789012:parameter/batch/api-token"
				if got := allowed(doc, "secretsmanager:GetSecretValue", secret, nil); got != iam.Allowed {
					t.Errorf("GetSecretValue on the named secret: %v", got)
				}
				if got := allowed(doc, "ssm:GetParameters", param, nil); got != iam.Allowed {
					t.Errorf("GetParameters on the named parameter: %v", got)
				}
				for _, other := range []string{
					"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:other-AbCdEf",
					"arn:aws:ssm:ap-northeast-1:123456789012:parameter/batch/other",
				} {
					if got := allowed(doc, "secretsmanager:GetSecretValue", other, nil); got != iam.ImplicitDeny {
						t.Errorf("GetSecretValue on %s: %v", other, got)
					}
					if got := allowed(doc, "ssm:GetParameters", other, nil); got != iam.ImplicitDeny {
						t.Errorf("GetParameters on %s: %v", other, got)
					}
				}
				td := d.one(t, typeTaskDefinition, "batch-pipeline-ecs-task-1")
				var containers []containerDefinition
				if err := json.Unmarshal([]byte(str(t, td.Inputs, "containerDefinitions")), &containers); err != nil {
					t.Fatal(err)
				}
				if got := containers[0].Secrets; len(got) != 2 || got[0].Name != "API_TOKEN" || !strings.HasSuffix(got[1].ValueFrom, ":password::") {
					t.Errorf("container secrets = %+v", got)
				}
				if rp := d.one(t, typeRolePolicy, "batch-pipeline-ecs-task-1-exec"); !contains(td.Dependencies, rp.URN) {
					t.Error("the task definition does not wait for the secrets policy")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args()
			d := deploy(t, args)
			checkDefinition(t, d.definition(t), args)
			checkIAM(t, d, args)
			tt.verify(t, d)
		})
	}
}

// TestOtherPartition checks that every ARN follows the partition the
// provider reports.
func TestOtherPartition(t *testing.T) {
	d, err := deployInPartition(t, SeedPipelineArgs(), "aws-cn", "cn-north-1")
	if err != nil {
		t.Fatal(err)
	}
	def := str(t, d.one(t, typeStateMachine, "batch-pipeline").Inputs, "definition")
	if strings.Contains(def, "arn:aws:") || !strings.Contains(def, "arn:aws-cn:states:::ecs:runTask.sync") {
		t.Errorf("definition does not use the aws-cn partition: %s", def)
	}
	if url, _ := d.outputs["consoleUrl"].(string); !strings.HasPrefix(url, "https://console.amazonaws.cn/states/home?region=cn-north-1#") {
		t.Errorf("ConsoleURL = %q, want the China console", url)
	}
	for _, doc := range allDocuments(t, d) {
		js, _ := doc.doc.JSON()
		if strings.Contains(js, "arn:aws:") {
			t.Errorf("%s names an aws-partition ARN: %s", doc.where, js)
		}
	}
}
