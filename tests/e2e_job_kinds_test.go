package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/engine"
	"batchpipeline/policies/pack"
	"batchpipeline/program"
)

// moreKinds are a Lambda job (an existing function's alias) and a Batch
// job (a job definition created for Fargate, on an existing queue), as a
// user adds them to the prod stack's parallel jobs.
const moreKinds = `    - name: notify
      lambda:
        functionName: nightly-notify
        alias: live
    - name: crunch
      batch:
        jobQueue: nightly-fargate
        image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/batch/crunch:2026.11
        cpu: 1024
        memory: 2048
        command: [/app/crunch]
`

// prodWithMoreKinds writes the project and the prod stack extended with
// moreKinds into a directory, and returns it.
func prodWithMoreKinds(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, filepath.Join(repoRoot, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.yaml"))
	stack, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.prod.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const final = "  batchpipeline:finalJob:\n"
	if !strings.Contains(string(stack), final) {
		t.Fatal("Pulumi.prod.yaml has no batchpipeline:finalJob to add jobs before")
	}
	extended := strings.Replace(string(stack), final, moreKinds+final, 1)
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.prod.yaml"), []byte(extended), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestE2EProdWithLambdaAndBatchJobsPasses: the prod stack with one job of
// each kind previews through the real engine with the policy pack, and
// no policy refuses it.
func TestE2EProdWithLambdaAndBatchJobsPasses(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	opts := prodOptions(env, program.Run, prodWithMoreKinds(t))
	opts.StateDir = t.TempDir()

	res, err := runE(t, engine.Preview, opts)
	requirePasses(t, res, err)
	if n := len(res.StepsOfType("aws:batch/jobDefinition:JobDefinition")); n != 1 {
		t.Errorf("%d Batch job definitions among the steps, want the crunch job's", n)
	}
	for _, kind := range []string{"batchpipeline:index:LambdaJob", "batchpipeline:index:BatchJob",
		"batchpipeline:index:FargateJob", "batchpipeline:index:CodeBuildJob"} {
		if len(res.StepsOfType(kind)) == 0 {
			t.Errorf("no %s among the steps", kind)
		}
	}
}

// TestE2EProdWithLambdaAndBatchJobsRefusedWithoutTheirGrants: the same
// stack, its state machine policy without batch:SubmitJob: the pack
// refuses it, naming the action. Without lambda:InvokeFunction the pack
// names the call in its advisory twin instead: the function is outside
// the stack, and its resource-based policy may allow the role (within
// one account, either policy suffices).
func TestE2EProdWithLambdaAndBatchJobsRefusedWithoutTheirGrants(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	for _, tt := range []struct {
		action    string
		mandatory bool
	}{{"batch:SubmitJob", true}, {"lambda:InvokeFunction", false}} {
		t.Run(tt.action, func(t *testing.T) {
			t.Parallel()
			removed := &passRoleLog{}
			prog := func(ctx *pulumi.Context) error {
				if err := ctx.RegisterResourceTransform(withoutAction(tt.action, removed)); err != nil {
					return fmt.Errorf("register transform: %w", err)
				}
				return program.Run(ctx)
			}
			opts := prodOptions(env, prog, prodWithMoreKinds(t))
			opts.StateDir = t.TempDir()
			res, err := runE(t, engine.Preview, opts)
			if len(removed.roleNames()) == 0 {
				t.Fatalf("the transform removed no %s: the policy no longer grants it, and this test proves nothing", tt.action)
			}
			if tt.mandatory {
				requireViolation(t, res, err, pack.TaskPermissionsPolicy, tt.action+" on")
				return
			}
			requirePasses(t, res, err)
			for _, v := range res.Violations {
				if v.PolicyName == pack.TaskPermissionsUnverifiedPolicy && strings.Contains(v.Message, tt.action+" on") &&
					strings.Contains(v.Message, "nightly-notify") {
					return
				}
			}
			t.Errorf("no %s advisory names %s on the function; violations: %v", pack.TaskPermissionsUnverifiedPolicy, tt.action, res.Violations)
		})
	}
}
