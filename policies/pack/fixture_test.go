package pack

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/asl"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// The AWS environment of the synthetic stacks.
const (
	testAccount = "123456789012"
	testRegion  = "ap-northeast-1"
)

var testAcct = integrations.Account{Partition: "aws", Region: testRegion, ID: testAccount}

// pipeline describes a hand-written stack of raw pulumi-aws resources: a
// state machine whose Parallel branch runs an ECS Fargate task and whose
// final state starts a CodeBuild build, its role and role policy, the
// task's execution and task roles, a schedule and its role. Ten resources.
type pipeline struct {
	name string
	// preview makes every provider-computed ARN unknown, with the
	// property dependencies the engine records, as at a first preview.
	preview bool
	// sfnStatements replaces the state machine role's policy statements
	// (nil: everything it needs, from package integrations).
	sfnStatements []iam.Statement
	// definition replaces the state machine definition (nil: the default).
	definition map[string]any
	// tagged gives the task definition tags and the ECS state
	// PropagateTags TASK_DEFINITION: its tasks are created with tags.
	tagged bool
	// unordered leaves out the state machine's dependsOn on its role's
	// RolePolicy, which a careful program sets.
	unordered bool
}

// Resource keys of a pipeline.
const (
	kSFNRole     = "sfnRole"
	kSFNPolicy   = "sfnPolicy"
	kExecRole    = "execRole"
	kTaskRole    = "taskRole"
	kTaskDef     = "taskDef"
	kProject     = "project"
	kMachine     = "machine"
	kSchedRole   = "schedRole"
	kSchedPolicy = "schedPolicy"
	kSchedule    = "schedule"
)

var pipelineOrder = []string{kSFNRole, kSFNPolicy, kExecRole, kTaskRole, kTaskDef, kProject, kMachine,
	kSchedRole, kSchedPolicy, kSchedule}

func (p pipeline) roleName(k string) string {
	switch k {
	case kSFNRole:
		return p.name + "-sfn"
	case kExecRole:
		return p.name + "-exec"
	case kTaskRole:
		return p.name + "-task"
	default:
		return p.name + "-scheduler"
	}
}

func (p pipeline) family() string      { return p.name + "-job" }
func (p pipeline) projectName() string { return p.name + "-final" }
func (p pipeline) roleARN(k string) string {
	return testAcct.RoleARN("/", p.roleName(k))
}
func (p pipeline) machineARN() string { return testAcct.StateMachineARN(p.name) }

// urn returns the URN of one resource of the pipeline.
func (p pipeline) urn(k string) string {
	return packtest.URN(p.types()[k], p.name+"-"+k)
}

func (p pipeline) types() map[string]string {
	return map[string]string{
		kSFNRole: stackmodel.TypeRole, kSFNPolicy: stackmodel.TypeRolePolicy, kExecRole: stackmodel.TypeRole, kTaskRole: stackmodel.TypeRole,
		kTaskDef: stackmodel.TypeTaskDefinition, kProject: "aws:codebuild/project:Project", kMachine: stackmodel.TypeStateMachine,
		kSchedRole: stackmodel.TypeRole, kSchedPolicy: stackmodel.TypeRolePolicy, kSchedule: stackmodel.TypeSchedule,
	}
}

// goodStatements is everything the state machine role needs: the
// model's grants for the needs of the default definition's Task states.
func (p pipeline) goodStatements() []iam.Statement {
	def, err := asl.Parse([]byte(packtest.JSON(p.defaultDefinition()).AsString()))
	if err != nil {
		panic(fmt.Sprintf("goodStatements: %v", err))
	}
	var needs []integrations.Request
	for _, t := range integrations.Tasks(def) {
		needs = append(needs, t.Call.Requests(fixtureEnv{p})...)
	}
	return integrations.Grants(needs)
}

// fixtureEnv is the model's Env for a pipeline, written from the fixture
// itself rather than read from its resources by the pack.
type fixtureEnv struct{ p pipeline }

func (e fixtureEnv) Account() integrations.Account { return testAcct }

func (e fixtureEnv) TaskDefinitions(ref string) []integrations.TaskDefinition {
	if ref != e.p.family() {
		return nil
	}
	tagged := integrations.No
	if e.p.tagged {
		tagged = integrations.Yes
	}
	return []integrations.TaskDefinition{{
		Family: e.p.family(), ARN: testAcct.TaskDefinitionARN(e.p.family(), 1), Tagged: tagged,
		ExecutionRole: integrations.Role{Set: true, ARN: e.p.roleARN(kExecRole)},
		TaskRole:      integrations.Role{Set: true, ARN: e.p.roleARN(kTaskRole)},
	}}
}

func (e fixtureEnv) Role(ref string) integrations.Role { return integrations.Role{Set: true, ARN: ref} }

// withoutAction drops action from the statements, and the statements it
// leaves without actions.
func withoutAction(stmts []iam.Statement, action string) []iam.Statement {
	var out []iam.Statement
	for _, s := range stmts {
		var kept iam.Strings
		for _, a := range s.Action {
			if a != action {
				kept = append(kept, a)
			}
		}
		if len(kept) > 0 {
			s.Action = kept
			out = append(out, s)
		}
	}
	return out
}

// withoutPassRole drops the PassRole statements.
func withoutPassRole(stmts []iam.Statement) []iam.Statement {
	return withoutAction(stmts, "iam:PassRole")
}

func (p pipeline) defaultDefinition() map[string]any {
	return map[string]any{
		"StartAt": "Jobs",
		"States": map[string]any{
			"Jobs": map[string]any{
				"Type": "Parallel",
				"Next": "Final",
				"Branches": []any{map[string]any{
					"StartAt": "job",
					"States": map[string]any{
						"job": map[string]any{
							"Type":       "Task",
							"Resource":   "arn:aws:states:::ecs:runTask.sync",
							"End":        true,
							"Parameters": p.runTaskParameters(),
						},
					},
				}},
			},
			"Final": map[string]any{
				"Type":       "Task",
				"Resource":   "arn:aws:states:::codebuild:startBuild.sync",
				"Parameters": map[string]any{"ProjectName": p.projectName()},
				"End":        true,
			},
		},
	}
}

// runTaskParameters are the ECS state's Parameters.
func (p pipeline) runTaskParameters() map[string]any {
	params := map[string]any{
		"Cluster":        testAcct.ClusterARN(p.name),
		"TaskDefinition": p.family(),
		"LaunchType":     "FARGATE",
		"NetworkConfiguration": map[string]any{"AwsvpcConfiguration": map[string]any{
			"Subnets": []any{"subnet-0abc"}, "AssignPublicIp": "DISABLED",
		}},
	}
	if p.tagged {
		params["PropagateTags"] = "TASK_DEFINITION"
	}
	return params
}

// doc encodes statements as a policy document string.
func doc(stmts ...iam.Statement) property.Value {
	js, err := iam.Document{Version: iam.Version, Statement: stmts}.JSON()
	if err != nil {
		panic(fmt.Sprintf("doc: %v", err))
	}
	return packtest.Str(js)
}

// arnOr returns a known ARN, or an unknown value in preview.
func (p pipeline) arnOr(a string) property.Value {
	if p.preview {
		return packtest.Unknown()
	}
	return packtest.Str(a)
}

// build returns the pipeline's resources as builders, by key, so that a
// test can change one before building the stack.
func (p pipeline) build() map[string]*packtest.Resource {
	b := map[string]*packtest.Resource{}
	for _, k := range pipelineOrder {
		b[k] = packtest.New(p.types()[k], p.name+"-"+k).Region(testRegion)
	}
	trust := func(service string) property.Value {
		return packtest.JSON(map[string]any{"Version": iam.Version, "Statement": []any{map[string]any{
			"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": map[string]any{"Service": service},
		}}})
	}
	for k, svc := range map[string]string{kSFNRole: "states.amazonaws.com", kExecRole: "ecs-tasks.amazonaws.com",
		kTaskRole: "ecs-tasks.amazonaws.com", kSchedRole: "scheduler.amazonaws.com"} {
		b[k].Set("name", packtest.Str(p.roleName(k))).Set("path", packtest.Str("/")).
			Set("assumeRolePolicy", trust(svc)).Set("arn", p.arnOr(p.roleARN(k)))
	}
	stmts := p.sfnStatements
	if stmts == nil {
		stmts = p.goodStatements()
	}
	b[kSFNPolicy].Set("role", packtest.Str(p.roleName(kSFNRole))).Set("policy", doc(stmts...)).
		DependsOn("role", p.urn(kSFNRole))
	b[kTaskDef].Set("family", packtest.Str(p.family())).
		Set("networkMode", packtest.Str("awsvpc")).
		Set("requiresCompatibilities", packtest.Strs("FARGATE")).
		Set("cpu", packtest.Str("512")).Set("memory", packtest.Str("1024")).
		Set("containerDefinitions", packtest.JSON([]any{map[string]any{"name": "job", "image": "busybox"}})).
		Set("executionRoleArn", p.arnOr(p.roleARN(kExecRole))).
		Set("taskRoleArn", p.arnOr(p.roleARN(kTaskRole))).
		Set("arn", p.arnOr(testAcct.TaskDefinitionARN(p.family(), 1))).
		DependsOn("executionRoleArn", p.urn(kExecRole)).
		DependsOn("taskRoleArn", p.urn(kTaskRole))
	if !p.preview {
		b[kTaskDef].Set("revision", packtest.Num(1))
	}
	if p.tagged {
		b[kTaskDef].Set("tags", packtest.Obj(map[string]property.Value{"Project": packtest.Str("nightly")}))
	}
	b[kProject].Set("name", packtest.Str(p.projectName())).Set("arn", p.arnOr(testAcct.ProjectARN(p.projectName())))
	def := p.definition
	if def == nil {
		def = p.defaultDefinition()
	}
	b[kMachine].Set("name", packtest.Str(p.name)).
		Set("definition", packtest.JSON(def)).
		Set("roleArn", p.arnOr(p.roleARN(kSFNRole))).
		Set("arn", p.arnOr(p.machineARN())).
		DependsOn("roleArn", p.urn(kSFNRole))
	if !p.unordered {
		b[kMachine].Waits(p.urn(kSFNPolicy)) // the managed rules' grants are checked when it is created
	}
	start := integrations.StartExecutionRequest(p.machineARN(), "")
	b[kSchedPolicy].Set("role", packtest.Str(p.roleName(kSchedRole))).
		Set("policy", doc(start.Statement())).
		DependsOn("role", p.urn(kSchedRole))
	b[kSchedule].Set("name", packtest.Str(p.name)).
		Set("scheduleExpression", packtest.Str("cron(0 5 * * ? *)")).
		Set("scheduleExpressionTimezone", packtest.Str("Asia/Tokyo")).
		Set("flexibleTimeWindow", packtest.Obj(map[string]property.Value{"mode": packtest.Str("OFF")})).
		Set("target", packtest.Obj(map[string]property.Value{
			"arn":     p.arnOr(p.machineARN()),
			"roleArn": p.arnOr(p.roleARN(kSchedRole)),
		})).
		DependsOn("target", p.urn(kMachine), p.urn(kSchedRole))
	return b
}

// stackOf builds the resources of one or more pipelines in order.
// editedStack builds p's resources, lets edit change them and add more
// (edit may be nil), and returns the stack the policies see.
func editedStack(p pipeline, edit func(b map[string]*packtest.Resource) []*packtest.Resource) []policyx.AnalyzerResource {
	b := p.build()
	var extra []*packtest.Resource
	if edit != nil {
		extra = edit(b)
	}
	return append(stackOf(b), packtest.Stack(extra...)...)
}

func stackOf(bs ...map[string]*packtest.Resource) []policyx.AnalyzerResource {
	var out []policyx.AnalyzerResource
	for _, b := range bs {
		for _, k := range pipelineOrder {
			out = append(out, b[k].Build())
		}
	}
	return out
}

// stack builds the pipeline's resources.
func (p pipeline) stack() []policyx.AnalyzerResource { return stackOf(p.build()) }
