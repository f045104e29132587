package tests

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	awsiam "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/components"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/pulumimock"
	"batchpipeline/policies/pack"
	"batchpipeline/policies/pack/packtest"
)

// These tests run the real component program (components.NewPipeline with
// the seed's args) under mocks, turn every registration (with its parent,
// dependencies and property dependencies) into the stack the policy pack
// sees, and run the pack over it: once as a first preview (every ARN
// unknown, only property dependencies link the resources) and once as a
// deployed stack (every ARN known).

// seedStack runs the seed pipeline and returns the stack the pack sees.
func seedStack(t *testing.T, preview bool, opts ...pulumi.ResourceOption) []policyx.AnalyzerResource {
	t.Helper()
	m := pulumimock.New("batchpipeline", "test")
	m.Preview = preview
	args := components.SeedPipelineArgs()
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := components.NewPipeline(ctx, args.Name, &args, opts...)
		return err
	}, m.RunOption())
	if err != nil {
		t.Fatalf("run the seed pipeline (preview=%v): %v", preview, err)
	}
	return packtest.FromRegistrations(m.Registrations())
}

// runPack runs every policy of the pack over a stack.
func runPack(t *testing.T, stack []policyx.AnalyzerResource) []packtest.Violation {
	t.Helper()
	vs, err := packtest.Run(pack.Policies(), stack)
	if err != nil {
		t.Fatalf("the pack returned an error: %v", err)
	}
	return vs
}

// ofType returns the resources of one type.
func ofType(stack []policyx.AnalyzerResource, typ string) []policyx.AnalyzerResource {
	var out []policyx.AnalyzerResource
	for _, r := range stack {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// nameOf returns the AWS name of a resource (its "name" property), or its
// logical name.
func nameOf(r policyx.AnalyzerResource) string {
	if v, ok := r.Properties.GetOk("name"); ok && v.IsString() {
		return v.AsString()
	}
	return r.Name
}

// taskRoleNames returns the names of the roles the stack's ECS task
// definitions use, found through their property dependencies (the ARNs
// are unknown at a first preview).
func taskRoleNames(t *testing.T, stack []policyx.AnalyzerResource) []string {
	t.Helper()
	byURN := map[string]policyx.AnalyzerResource{}
	for _, r := range stack {
		byURN[r.URN] = r
	}
	var names []string
	for _, td := range ofType(stack, "aws:ecs/taskDefinition:TaskDefinition") {
		for _, key := range []string{"executionRoleArn", "taskRoleArn"} {
			deps := td.PropertyDependencies[key]
			if len(deps) != 1 || byURN[deps[0]].Type != "aws:iam/role:Role" {
				t.Fatalf("task definition %s: %s depends on %v, want one role", td.Name, key, deps)
			}
			names = append(names, nameOf(byURN[deps[0]]))
		}
	}
	slices.Sort(names)
	if len(names) != 4 {
		t.Fatalf("the seed's ECS jobs use roles %v, want 4 (execution and task role of 2 jobs)", names)
	}
	return names
}

// mandatoryPolicies lists the names of the pack's mandatory policies.
func mandatoryPolicies() map[string]bool {
	out := map[string]bool{}
	for _, p := range pack.Policies() {
		if p.EnforcementLevel() == policyx.EnforcementLevelMandatory {
			out[p.Name()] = true
		}
	}
	return out
}

var previewModes = []struct {
	name    string
	preview bool
}{{"first preview", true}, {"deployed", false}}

func TestPolicyProgramSeedPassesEveryMandatoryPolicy(t *testing.T) {
	mandatory := mandatoryPolicies()
	if len(mandatory) != 5 {
		t.Fatalf("mandatory policies %v, want the 5 of the README", mandatory)
	}
	for _, mode := range previewModes {
		t.Run(mode.name, func(t *testing.T) {
			stack := seedStack(t, mode.preview)
			if n := len(ofType(stack, "aws:sfn/stateMachine:StateMachine")); n != 1 {
				t.Fatalf("the seed registers %d state machines, want 1", n)
			}
			taskRoleNames(t, stack) // the ECS jobs are there, so the pass is not vacuous
			// Everything in the seed is decidable up front and its schedule
			// has a time zone: no advisory violation either.
			for _, v := range runPack(t, stack) {
				level := "advisory"
				if mandatory[v.Policy] {
					level = "mandatory"
				}
				t.Errorf("%s violation on the default stack: %s", level, v)
			}
		})
	}
}

// editStateMachinePolicy returns a transformation that rewrites the
// statements of the state machine role's policy (the RolePolicy named
// after the role, "batch-pipeline-sfn") with edit. fired counts the
// resources it changed.
func editStateMachinePolicy(t *testing.T, fired *atomic.Int32, edit func([]iam.Statement) []iam.Statement) pulumi.ResourceOption {
	return pulumi.Transformations([]pulumi.ResourceTransformation{
		func(a *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
			if a.Type != "aws:iam/rolePolicy:RolePolicy" || a.Name != "batch-pipeline-sfn" {
				return nil
			}
			args, ok := a.Props.(*awsiam.RolePolicyArgs)
			if !ok {
				t.Errorf("RolePolicy props are %T", a.Props)
				return nil
			}
			policy, ok := args.Policy.(pulumi.String)
			if !ok {
				t.Errorf("the state machine policy is a %T, want a known pulumi.String", args.Policy)
				return nil
			}
			doc, err := iam.Parse([]byte(policy))
			if err != nil {
				t.Errorf("parse the state machine policy: %v", err)
				return nil
			}
			doc.Statement = edit(doc.Statement)
			js, err := doc.JSON()
			if err != nil {
				t.Errorf("encode the edited policy: %v", err)
				return nil
			}
			edited := *args
			edited.Policy = pulumi.String(js)
			fired.Add(1)
			return &pulumi.ResourceTransformationResult{Props: &edited, Opts: a.Opts}
		},
	})
}

// isPassRole reports whether a statement allows only iam:PassRole.
func isPassRole(s iam.Statement) bool {
	return len(s.Action) == 1 && strings.EqualFold(s.Action[0], "iam:PassRole")
}

func TestPolicyProgramVariantsFailPassRole(t *testing.T) {
	var keptRole string // the one role "PassRole on one role only" keeps
	variants := []struct {
		name string
		edit func([]iam.Statement) []iam.Statement
		// failing says which of the 4 task roles the violation must name.
		failing func(roles []string) []string
	}{
		{
			name: "without the PassRole statements",
			edit: func(stmts []iam.Statement) []iam.Statement {
				return slices.DeleteFunc(stmts, isPassRole)
			},
			failing: func(roles []string) []string { return roles },
		},
		{
			name: "with PassRole on one role only",
			edit: func(stmts []iam.Statement) []iam.Statement {
				var out []iam.Statement
				kept := false
				for _, s := range stmts {
					if !isPassRole(s) {
						out = append(out, s)
						continue
					}
					if !kept {
						s.Resource = s.Resource[:1]
						keptRole = s.Resource[0][strings.LastIndex(s.Resource[0], "/")+1:]
						out = append(out, s)
						kept = true
					}
				}
				return out
			},
			failing: func(roles []string) []string {
				return slices.DeleteFunc(slices.Clone(roles), func(r string) bool { return r == keptRole })
			},
		},
		{
			name: "with the wrong PassedToService",
			edit: func(stmts []iam.Statement) []iam.Statement {
				for i, s := range stmts {
					if isPassRole(s) {
						s.Condition = map[string]map[string]iam.Strings{
							"StringEquals": {"iam:PassedToService": {"lambda.amazonaws.com"}}}
						stmts[i] = s
					}
				}
				return stmts
			},
			failing: func(roles []string) []string { return roles },
		},
	}
	for _, v := range variants {
		for _, mode := range previewModes {
			t.Run(v.name+"/"+mode.name, func(t *testing.T) {
				var fired atomic.Int32
				stack := seedStack(t, mode.preview, editStateMachinePolicy(t, &fired, v.edit))
				if fired.Load() != 1 {
					t.Fatalf("the transformation changed %d policies, want 1", fired.Load())
				}
				roles := taskRoleNames(t, stack)
				failing := v.failing(roles)
				if len(failing) == 0 || len(failing) == len(roles) && v.name == "with PassRole on one role only" {
					t.Fatalf("variant leaves %v failing of %v", failing, roles)
				}
				machine := ofType(stack, "aws:sfn/stateMachine:StateMachine")[0]

				var got []packtest.Violation
				for _, viol := range runPack(t, stack) {
					if viol.Policy == pack.PassRolePolicy {
						got = append(got, viol)
					} else if mandatoryPolicies()[viol.Policy] {
						t.Errorf("unexpected mandatory violation: %s", viol)
					}
				}
				if len(got) != 1 {
					t.Fatalf("%s violations: %v, want 1", pack.PassRolePolicy, got)
				}
				if got[0].URN != machine.URN {
					t.Errorf("violation on %s, want the state machine %s", got[0].URN, machine.URN)
				}
				msg := got[0].Message
				want := []string{
					`state machine "batch-pipeline"`, `role "batch-pipeline-sfn"`,
					fmt.Sprintf("cannot pass %d role(s)", len(failing)),
					`"iam:PassedToService"`, `"ecs-tasks.amazonaws.com"`,
				}
				for _, r := range failing {
					want = append(want, fmt.Sprintf("role %q, needed as", r), ":role/"+r+`"`)
				}
				for _, w := range want {
					if !strings.Contains(msg, w) {
						t.Errorf("message lacks %q:\n%s", w, msg)
					}
				}
				for _, r := range roles {
					if !slices.Contains(failing, r) && strings.Contains(msg, fmt.Sprintf("role %q, needed as", r)) {
						t.Errorf("message names %s, which the role may pass:\n%s", r, msg)
					}
				}
			})
		}
	}
}

// editRoleTrust returns a transformation that rewrites the trust policy
// of the component's role named name with edit. fired counts the roles it
// changed.
func editRoleTrust(t *testing.T, fired *atomic.Int32, name string, edit func(*iam.Statement)) pulumi.ResourceOption {
	return pulumi.Transformations([]pulumi.ResourceTransformation{
		func(a *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
			if a.Type != "aws:iam/role:Role" || a.Name != name {
				return nil
			}
			args, ok := a.Props.(*awsiam.RoleArgs)
			if !ok {
				t.Errorf("Role props are %T", a.Props)
				return nil
			}
			trust, ok := args.AssumeRolePolicy.(pulumi.String)
			if !ok {
				t.Errorf("the trust policy of %s is a %T, want a known pulumi.String", name, args.AssumeRolePolicy)
				return nil
			}
			doc, err := iam.Parse([]byte(trust))
			if err != nil || len(doc.Statement) != 1 {
				t.Errorf("the trust policy of %s: %v, %d statements, want 1", name, err, len(doc.Statement))
				return nil
			}
			edit(&doc.Statement[0])
			js, err := doc.JSON()
			if err != nil {
				t.Errorf("encode the edited trust policy: %v", err)
				return nil
			}
			edited := *args
			edited.AssumeRolePolicy = pulumi.String(js)
			fired.Add(1)
			return &pulumi.ResourceTransformationResult{Props: &edited, Opts: a.Opts}
		},
	})
}

// TestPolicyProgramVariantsFailTrust: the component's roles trust their
// service for the resource it acts for; a trust policy edited to name
// another state machine, or another service, is refused on the caller
// (the only mandatory violation), at a first preview and deployed: the
// state machine, the schedule, the task definition whose task role it is.
func TestPolicyProgramVariantsFailTrust(t *testing.T) {
	// caller is the type and name of the resource the violation is on.
	variants := []struct {
		name, role, caller, callerName string
		edit                           func(*iam.Statement)
		want                           []string
	}{
		{"state machine role scoped to another state machine", "batch-pipeline-sfn", "aws:sfn/stateMachine:StateMachine", "batch-pipeline",
			func(s *iam.Statement) {
				s.Condition["ArnLike"]["aws:SourceArn"] = iam.Strings{"arn:aws:states:*:*:stateMachine:another"}
			},
			[]string{`state machine "batch-pipeline" uses role "batch-pipeline-sfn", which states.amazonaws.com cannot assume`,
				"a condition on aws:SourceArn rules out the state machine's ARN"}},
		{"schedule role trusting EventBridge", "batch-pipeline-scheduler", "aws:scheduler/schedule:Schedule", "batch-pipeline",
			func(s *iam.Statement) { s.Principal.ByType["Service"] = iam.Strings{"events.amazonaws.com"} },
			[]string{`uses role "batch-pipeline-scheduler", which scheduler.amazonaws.com cannot assume`}},
		{"ECS task role trusting Step Functions", "batch-pipeline-ecs-task-1-task", "aws:ecs/taskDefinition:TaskDefinition",
			"batch-pipeline-ecs-task-1",
			func(s *iam.Statement) { s.Principal.ByType["Service"] = iam.Strings{"states.amazonaws.com"} },
			[]string{`(taskRoleArn) uses role "batch-pipeline-ecs-task-1-task", which ecs-tasks.amazonaws.com cannot assume`}},
	}
	for _, v := range variants {
		for _, mode := range previewModes {
			t.Run(v.name+"/"+mode.name, func(t *testing.T) {
				var fired atomic.Int32
				stack := seedStack(t, mode.preview, editRoleTrust(t, &fired, v.role, v.edit))
				if fired.Load() != 1 {
					t.Fatalf("the transformation changed %d roles, want 1", fired.Load())
				}
				var caller policyx.AnalyzerResource
				for _, r := range ofType(stack, v.caller) {
					if r.Name == v.callerName {
						caller = r
					}
				}
				var got []packtest.Violation
				for _, viol := range runPack(t, stack) {
					if mandatoryPolicies()[viol.Policy] {
						got = append(got, viol)
					}
				}
				if len(got) != 1 || got[0].Policy != pack.RoleTrustPolicy || got[0].URN != caller.URN {
					t.Fatalf("mandatory violations %v, want one %s on %s", got, pack.RoleTrustPolicy, caller.URN)
				}
				for _, w := range v.want {
					if !strings.Contains(got[0].Message, w) {
						t.Errorf("message lacks %q:\n%s", w, got[0].Message)
					}
				}
			})
		}
	}
}
