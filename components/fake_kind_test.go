package components

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

// batchBuildJob is a job kind that exists only in this test: a CodeBuild
// batch build (codebuild:startBuildBatch.sync) of an existing project. It
// is the whole of a new kind, written in one file: the registry entry that
// finds it on a job, and the jobKind methods.
type batchBuildJob struct {
	Project string
}

// registerBatchBuilds returns the built-in kinds plus batchBuildJob, which
// the jobs named in byJob have.
func registerBatchBuilds(byJob map[string]*batchBuildJob) jobKinds {
	return append(builtinJobKinds(), jobKindEntry{
		key: "batchBuild",
		of: func(j JobArgs) jobKind {
			if k, ok := byJob[j.Name]; ok {
				return k
			}
			return nil
		},
		set: func(j *JobArgs, k jobKind) { byJob[j.Name] = k.(*batchBuildJob) },
	})
}

func (b *batchBuildJob) withDefaults() jobKind { return b }

func (b *batchBuildJob) validate(_, key string, _ resourceNames, _ string) []error {
	if !projectPattern.MatchString(b.Project) {
		return []error{configErrorf(key+".project", "%q is not a CodeBuild project name", b.Project)}
	}
	return nil
}

func (b *batchBuildJob) usesCluster() bool { return false }

func (b *batchBuildJob) task(definitionEnv, string) (*integrations.Integration, integrations.Pattern, map[string]any) {
	for _, in := range integrations.Integrations() {
		if in.Name() == "codebuild:startBuildBatch" {
			return in, integrations.Sync, integrations.StartBuild{ProjectName: b.Project}.Parameters()
		}
	}
	panic("no codebuild:startBuildBatch integration")
}

func (b *batchBuildJob) describe(definitionEnv, string, *jobsEnv) {}

// BatchBuildJob is the fake kind's component.
type BatchBuildJob struct {
	pulumi.ResourceState
}

func (b *batchBuildJob) deploy(ctx *pulumi.Context, env deployEnv, job JobArgs, opts ...pulumi.ResourceOption) (*deployedJob, error) {
	comp := &BatchBuildJob{}
	if err := ctx.RegisterComponentResource("batchpipeline:test:BatchBuildJob", env.names.job(job.Name), comp, opts...); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{}); err != nil {
		return nil, err
	}
	return &deployedJob{component: comp}, nil
}

// TestRegisteredKindBuildsAPipeline builds a pipeline whose second
// parallel job and final job are of a kind the package does not know: its
// Task state, the state machine role's grants (through the run-time model),
// its component and the validation of its settings come from the kind alone.
func TestRegisteredKindBuildsAPipeline(t *testing.T) {
	byJob := map[string]*batchBuildJob{"reports": {Project: "reports"}, "publish": {Project: "publish"}}
	args := SeedPipelineArgs()
	args.ParallelJobs = []JobArgs{ecsJob("extract"), {Name: "reports"}}
	args.FinalJob = JobArgs{Name: "publish"}
	args.kinds = registerBatchBuilds(byJob)
	d := deploy(t, args)

	def := d.definition(t)
	var calls []string
	for _, task := range integrations.Tasks(def) {
		calls = append(calls, task.Call.Integration.Name()+"."+string(task.Call.Pattern))
	}
	if got, want := strings.Join(calls, " "), "codebuild:startBuildBatch.sync"; strings.Count(got, want) != 2 {
		t.Errorf("Task states call %s, want two %s", got, want)
	}

	policy := d.rolePolicy(t, args.Name+"-sfn")
	for _, project := range []string{"reports", "publish"} {
		if got := allowed(policy, "codebuild:StartBuildBatch", testAccount.ProjectARN(project), nil); got != iam.Allowed {
			t.Errorf("state machine role: codebuild:StartBuildBatch on %s = %v, want Allowed", project, got)
		}
	}
	if got := allowed(policy, "codebuild:StartBuild", testAccount.ProjectARN("reports"), nil); got == iam.Allowed {
		t.Errorf("state machine role may codebuild:StartBuild the batch project: more than the kind's Task state needs")
	}
	rule := testAccount.EventsRuleARN(integrations.CodeBuildBatchEventsRule)
	if got := allowed(policy, "events:PutRule", rule, nil); got != iam.Allowed {
		t.Errorf("state machine role: events:PutRule on %s = %v, want Allowed (the .sync pattern's managed rule)", rule, got)
	}

	for _, job := range []string{args.Name + "-reports", args.Name + "-publish"} {
		comp := d.one(t, "batchpipeline:test:BatchBuildJob", job)
		if parent := d.one(t, PipelineType, "pipeline"); comp.Parent != parent.URN {
			t.Errorf("%s: parent %s, want the pipeline", job, comp.Parent)
		}
	}

	// The built-in job beside the registered kind keeps its grants.
	role := testAccount.RoleARN("/", args.Name+"-extract-task")
	passed := map[string]string{"iam:PassedToService": "ecs-tasks.amazonaws.com"}
	if got := allowed(policy, "iam:PassRole", role, passed); got != iam.Allowed {
		t.Errorf("iam:PassRole on %s = %v, want Allowed", role, got)
	}
	if !args.usesCluster() {
		t.Error("usesCluster = false with an ECS job")
	}
}

// TestRegisteredKindValidates checks that the registered kind's settings
// are validated under its own config key, and that the message for a job
// without a kind lists it.
func TestRegisteredKindValidates(t *testing.T) {
	byJob := map[string]*batchBuildJob{"reports": {Project: "no spaces"}}
	args := SeedPipelineArgs()
	args.ParallelJobs = []JobArgs{{Name: "reports"}, {Name: "none"}}
	args.kinds = registerBatchBuilds(byJob)
	err := args.WithDefaults().validate()
	for _, want := range []string{
		`parallelJobs[0].batchBuild.project: "no spaces" is not a CodeBuild project name`,
		"parallelJobs[1]: a job needs exactly one kind, found 0; set one of codebuild, ecs, lambda, batch, batchBuild",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validate() = %v, want it to contain %q", err, want)
		}
	}
}
