package tests

import (
	"strings"
	"testing"

	"batchpipeline/internal/engine"
	"batchpipeline/policies/pack"
	"batchpipeline/tests/handwritten"
)

// handwrittenOptions runs the hand-written stack in stateDir.
func handwrittenOptions(env e2eEnv, stateDir string, passRole bool) engine.Options {
	return handwrittenEngineOptions(env, stateDir, handwritten.Options{PassRole: passRole})
}

// handwrittenEngineOptions runs the hand-written stack built with opts in stateDir.
func handwrittenEngineOptions(env e2eEnv, stateDir string, opts handwritten.Options) engine.Options {
	return engine.Options{
		Program:     handwritten.Program(opts),
		Stack:       "dev",
		ProjectName: "handwritten",
		Config:      map[string]string{"aws:region": "ap-northeast-1"},
		StateDir:    stateDir,
		CLI:         env.CLI,
		PolicyPacks: []string{env.Pack},
	}
}

// The names a PassRole violation of the hand-written stack must give.
var handwrittenNames = []string{handwritten.StateMachineName, handwritten.ExecutionRoleName, handwritten.TaskRoleName}

func TestE2EHandwrittenFirstPreview(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()

	t.Run("without PassRole fails", func(t *testing.T) {
		t.Parallel()
		res, err := runE(t, engine.Preview, handwrittenOptions(env, t.TempDir(), false))
		requireViolation(t, res, err, pack.PassRolePolicy, handwrittenNames...)
		// Trust policies come from the getPolicyDocument invoke: known.
		for _, s := range res.StepsOfType("aws:iam/role:Role") {
			if doc, ok := s.String("assumeRolePolicy"); !ok || !strings.Contains(doc, `"sts:AssumeRole"`) {
				t.Errorf("role %s trust policy = %v, want the rendered document", s.Name, s.Inputs["assumeRolePolicy"])
			}
		}
		// The role ARNs are outputs: at a first preview the policy is unknown.
		for _, s := range res.StepsOfType("aws:iam/rolePolicy:RolePolicy") {
			if _, known := s.String("policy"); known {
				t.Errorf("role policy %s is known at the first preview; the test no longer covers unknown values", s.Name)
			}
		}
	})
	t.Run("with PassRole passes", func(t *testing.T) {
		t.Parallel()
		res, err := runE(t, engine.Preview, handwrittenOptions(env, t.TempDir(), true))
		requirePasses(t, res, err)
	})
}

func TestE2EHandwrittenAfterUp(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	state := t.TempDir()

	res, err := runE(t, engine.Up, handwrittenOptions(env, state, true))
	requirePasses(t, res, err)
	machines := res.StepsOfType("aws:sfn/stateMachine:StateMachine")
	const wantARN = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:" + handwritten.StateMachineName
	if len(machines) != 1 || machines[0].Outputs["arn"] != wantARN {
		t.Fatalf("state machines after up = %+v, want one with arn %s", machines, wantARN)
	}

	// PassRole removed: the second preview sees every value known, and fails.
	res, err = runE(t, engine.Preview, handwrittenOptions(env, state, false))
	requireKnown(t, res, "aws:iam/rolePolicy:RolePolicy", handwritten.MachineRoleName+"-run-job", "policy")
	requireKnown(t, res, "aws:sfn/stateMachine:StateMachine", handwritten.StateMachineName, "definition")
	requireViolation(t, res, err, pack.PassRolePolicy, handwrittenNames...)

	// Restored: it passes again.
	res, err = runE(t, engine.Preview, handwrittenOptions(env, state, true))
	requirePasses(t, res, err)

	// The stack can be destroyed: every resource is deleted.
	res, err = runE(t, engine.Destroy, handwrittenOptions(env, state, true))
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	const resources = 9 // the stack and its 8 AWS resources
	if res.Changes["delete"] != resources {
		t.Errorf("destroy changes = %v, want %d deletes", res.Changes, resources)
	}
}

// TestE2EHandwrittenTaggedFirstPreview: a hand-written stack whose task
// definition has tags that the state propagates to the task, with its role
// policy and definition written from names (known at the first preview):
// without ecs:TagResource every run would fail, and the first preview
// refuses it, naming the role and the statement to add.
func TestE2EHandwrittenTaggedFirstPreview(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	opts := handwritten.Options{PassRole: true, KnownUpFront: true, Tags: true}

	t.Run("without ecs:TagResource fails", func(t *testing.T) {
		t.Parallel()
		res, err := runE(t, engine.Preview, handwrittenEngineOptions(env, t.TempDir(), opts))
		requireKnown(t, res, "aws:iam/rolePolicy:RolePolicy", handwritten.MachineRoleName+"-run-job", "policy")
		requireKnown(t, res, "aws:sfn/stateMachine:StateMachine", handwritten.StateMachineName, "definition")
		requireViolation(t, res, err, pack.TaskPermissionsPolicy, handwritten.StateMachineName,
			`role "`+handwritten.MachineRoleName+`" makes calls its policies do not allow`,
			"ecs:TagResource on arn:aws:ecs:ap-northeast-1:123456789012:task/"+handwritten.ClusterName+"/*",
			"Add these statements to a policy of role", `"ecs:CreateAction"`)
		for _, v := range res.Mandatory() {
			if v.PolicyName != pack.TaskPermissionsPolicy {
				t.Errorf("unexpected mandatory violation: %+v", v)
			}
		}
	})
	t.Run("with ecs:TagResource passes", func(t *testing.T) {
		t.Parallel()
		with := opts
		with.TagResource = true
		res, err := runE(t, engine.Preview, handwrittenEngineOptions(env, t.TempDir(), with))
		requirePasses(t, res, err)
	})
}

// TestE2EScheduledTask: the hand-written stack also runs its task
// directly, from an EventBridge rule target or an EventBridge Scheduler
// schedule whose own role must pass the task's roles and trust the
// target's service; the real engine's first preview and the preview after
// an up both refuse it without PassRole, and pass with it; a first
// preview refuses a role that trusts another service.
func TestE2EScheduledTask(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	for _, tt := range []struct {
		target  handwritten.Target
		label   string
		service string
	}{
		{handwritten.EventsTarget, `EventTarget "` + handwritten.TargetName + `"`, "events.amazonaws.com"},
		{handwritten.SchedulerTarget, `Schedule "` + handwritten.TargetName + `"`, "scheduler.amazonaws.com"},
	} {
		t.Run(string(tt.target), func(t *testing.T) {
			t.Parallel()
			opts := func(state string, passRole bool, trusts string) engine.Options {
				return handwrittenEngineOptions(env, state, handwritten.Options{PassRole: true, Target: tt.target,
					TargetPassRole: passRole, TargetTrusts: trusts})
			}
			names := []string{tt.label, `role "` + handwritten.TargetRoleName + `"`,
				handwritten.ExecutionRoleName, handwritten.TaskRoleName}
			t.Run("first preview without PassRole fails", func(t *testing.T) {
				t.Parallel()
				res, err := runE(t, engine.Preview, opts(t.TempDir(), false, ""))
				requireViolation(t, res, err, pack.PassRolePolicy, names...)
			})
			t.Run("first preview with PassRole passes", func(t *testing.T) {
				t.Parallel()
				res, err := runE(t, engine.Preview, opts(t.TempDir(), true, ""))
				requirePasses(t, res, err)
			})
			t.Run("first preview with a role its service cannot assume fails", func(t *testing.T) {
				t.Parallel()
				res, err := runE(t, engine.Preview, opts(t.TempDir(), true, "ecs-tasks.amazonaws.com"))
				requireViolation(t, res, err, pack.RoleTrustPolicy, tt.label,
					`role "`+handwritten.TargetRoleName+`", which `+tt.service+" cannot assume")
			})
			t.Run("after up", func(t *testing.T) {
				t.Parallel()
				state := t.TempDir()
				res, err := runE(t, engine.Up, opts(state, true, ""))
				requirePasses(t, res, err)
				res, err = runE(t, engine.Preview, opts(state, false, ""))
				requireKnown(t, res, "aws:iam/rolePolicy:RolePolicy", handwritten.TargetRoleName+"-run-task", "policy")
				requireViolation(t, res, err, pack.PassRolePolicy, names...)
			})
		})
	}
}

// TestE2ECredentialsTrust: the job state runs with a Credentials role of
// its own; through the real engine, a first preview passes when that
// role's trust names the state machine's role, and refuses the stack when
// it names another role: Step Functions could not assume it, and every
// run would fail at the state.
func TestE2ECredentialsTrust(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	opts := handwritten.Options{PassRole: true, KnownUpFront: true, Credentials: true}

	t.Run("trusting the state machine's role passes", func(t *testing.T) {
		t.Parallel()
		res, err := runE(t, engine.Preview, handwrittenEngineOptions(env, t.TempDir(), opts))
		requireKnown(t, res, "aws:sfn/stateMachine:StateMachine", handwritten.StateMachineName, "definition")
		requirePasses(t, res, err)
	})
	t.Run("trusting another role fails", func(t *testing.T) {
		t.Parallel()
		other := opts
		other.CredentialsTrusts = handwritten.TaskRoleName
		res, err := runE(t, engine.Preview, handwrittenEngineOptions(env, t.TempDir(), other))
		requireViolation(t, res, err, pack.RoleTrustPolicy, handwritten.StateMachineName,
			`uses role "`+handwritten.CredentialsRoleName+`", which role "`+handwritten.MachineRoleName+`" cannot assume`,
			`no statement of its trust policy lets role "`+handwritten.MachineRoleName+`" call sts:AssumeRole`,
			`"arn:aws:iam::123456789012:role/`+handwritten.MachineRoleName+`"`)
		for _, v := range res.Mandatory() {
			if v.PolicyName != pack.RoleTrustPolicy {
				t.Errorf("unexpected mandatory violation: %+v", v)
			}
		}
	})
}

// TestE2EOrchestration: a hand-written stack whose state machine invokes a
// Lambda function and runs a child state machine with .sync:2, through the
// real engine at its first preview: with the grants AWS's pages list it
// passes; without lambda:InvokeFunction (the function, in the stack, has no
// Permission naming the role) and with states:StartSyncExecution where
// startExecution.sync:2 calls states:StartExecution
// (terraform-aws-modules/step-functions #59, #65) each run would fail, and
// sfn-task-permissions refuses it.
func TestE2EOrchestration(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	options := func(dir string, opts handwritten.OrchestrationOptions) engine.Options {
		o := handwrittenEngineOptions(env, dir, handwritten.Options{})
		o.Program, o.ProjectName = handwritten.OrchestrationProgram(opts), "orchestration"
		return o
	}
	t.Run("with the grants AWS lists passes", func(t *testing.T) {
		t.Parallel()
		res, err := runE(t, engine.Preview, options(t.TempDir(), handwritten.OrchestrationOptions{
			InvokeFunction: true, StartAction: "states:StartExecution"}))
		requirePasses(t, res, err)
	})
	t.Run("without lambda:InvokeFunction fails", func(t *testing.T) {
		t.Parallel()
		res, err := runE(t, engine.Preview, options(t.TempDir(), handwritten.OrchestrationOptions{StartAction: "states:StartExecution"}))
		requireViolation(t, res, err, pack.TaskPermissionsPolicy, handwritten.ParentName,
			"lambda:InvokeFunction on arn:aws:lambda:ap-northeast-1:123456789012:function:"+handwritten.FunctionName,
			`nor does the resource-based policy of Function "`+handwritten.FunctionName+`" in this stack name role "`+handwritten.ParentRoleName+`"`)
	})
	t.Run("with StartSyncExecution fails", func(t *testing.T) {
		t.Parallel()
		res, err := runE(t, engine.Preview, options(t.TempDir(), handwritten.OrchestrationOptions{
			InvokeFunction: true, StartAction: "states:StartSyncExecution"}))
		requireViolation(t, res, err, pack.TaskPermissionsPolicy, handwritten.ParentName,
			"states:StartExecution on arn:aws:states:ap-northeast-1:123456789012:stateMachine:"+handwritten.ChildName)
	})
}
