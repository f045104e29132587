package pack

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// passRoleStatement is the statement that lets the pipeline's state machine
// role pass the given roles to ECS tasks, with service as
// iam:PassedToService.
func passRoleStmt(service string, arns ...string) iam.Statement {
	return iam.Statement{
		Effect: iam.Allow, Action: iam.Strings{"iam:PassRole"}, Resource: iam.Strings(arns),
		Condition: map[string]map[string]iam.Strings{"StringEquals": {"iam:PassedToService": {service}}},
	}
}

func TestPassRole(t *testing.T) {
	p := pipeline{name: "nightly"}
	pv := pipeline{name: "nightly", preview: true}
	noPass := withoutPassRole(p.goodStatements())
	execARN, taskARN := p.roleARN(kExecRole), p.roleARN(kTaskRole)
	machine := p.urn(kMachine)
	attach := func(policyARN string) func(b map[string]*packtest.Resource) []*packtest.Resource {
		return func(b map[string]*packtest.Resource) []*packtest.Resource {
			return []*packtest.Resource{packtest.New(stackmodel.TypeRolePolicyAttachment, "admin").
				Set("role", packtest.Str(p.roleName(kSFNRole))).Set("policyArn", packtest.Str(policyARN))}
		}
	}
	tests := []struct {
		name  string
		p     pipeline
		stmts []iam.Statement
		// edit changes the pipeline's resources and returns extra ones.
		edit func(b map[string]*packtest.Resource) []*packtest.Resource
		// want are the fragments of the one violation; nil means none.
		want []string
		// lacks are fragments the violation must not hold.
		lacks []string
	}{
		{
			name: "complete role policy", p: p, stmts: p.goodStatements(),
		},
		{
			name: "no PassRole statement", p: p, stmts: noPass,
			want: []string{`state machine "nightly" runs ECS tasks with role "nightly-sfn"`, "cannot pass 2 role(s)",
				`role "nightly-exec", needed as executionRoleArn of task definition "nightly-job" (run by state States.Jobs.Branches[0].States.job`,
				`role "nightly-task", needed as taskRoleArn of task definition "nightly-job"`,
				"no statement of its 1 known policy document(s) allows it",
				`"iam:PassRole"`, `"iam:PassedToService": [`, `"ecs-tasks.amazonaws.com"`,
				`"` + execARN + `"`, `"` + taskARN + `"`, "Add this statement to a policy of role \"nightly-sfn\"",
				"https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html"},
		},
		{
			name: "no PassRole statement, first preview", p: pv, stmts: noPass,
			want: []string{`state machine "nightly"`, `role "nightly-sfn"`, `role "nightly-exec"`, `role "nightly-task"`,
				`"` + execARN + `"`, `"` + taskARN + `"`},
		},
		{
			name: "PassRole on the execution role only", p: p,
			stmts: with(noPass, passRoleStmt("ecs-tasks.amazonaws.com", execARN)),
			want:  []string{"cannot pass 1 role(s)", `role "nightly-task", needed as taskRoleArn`, `"` + taskARN + `"`},
			lacks: []string{`role "nightly-exec", needed`, `"` + execARN + `"`},
		},
		{
			name: "PassRole on the execution role only, first preview", p: pv,
			stmts: with(noPass, passRoleStmt("ecs-tasks.amazonaws.com", execARN)),
			want:  []string{"cannot pass 1 role(s)", `role "nightly-task"`},
			lacks: []string{`role "nightly-exec", needed`},
		},
		{
			name: "wrong PassedToService", p: p,
			stmts: with(noPass, passRoleStmt("lambda.amazonaws.com", execARN, taskARN)),
			want:  []string{"cannot pass 2 role(s)", `"ecs-tasks.amazonaws.com"`},
		},
		{
			name: "StringLike PassedToService with a wildcard", p: p,
			stmts: with(noPass, iam.Statement{Effect: iam.Allow, Action: iam.Strings{"iam:passrole"},
				Resource:  iam.Strings{"arn:aws:iam::123456789012:role/nightly-*"},
				Condition: map[string]map[string]iam.Strings{"StringLike": {"iam:PassedToService": {"ecs-tasks.*"}}}}),
		},
		{
			name: "PassRole by Action wildcard iam:Pass*", p: p,
			stmts: with(noPass, iam.Statement{Effect: iam.Allow, Action: iam.Strings{"iam:Pass*"},
				Resource: iam.Strings{"*"}}),
		},
		{
			name: "explicit Deny on PassRole", p: p,
			stmts: with(p.goodStatements(), iam.Statement{Effect: iam.Deny, Action: iam.Strings{"iam:PassRole"},
				Resource: iam.Strings{"*"}}),
			want: []string{"cannot pass 2 role(s)", `an explicit Deny on iam:PassRole in RolePolicy "nightly-sfnPolicy"`,
				"and remove the Deny that applies"},
		},
		{
			name: "NotAction Allow except iam", p: p,
			stmts: []iam.Statement{{Effect: iam.Allow, NotAction: iam.Strings{"iam:*"}, Resource: iam.Strings{"*"}}},
			want:  []string{"cannot pass 2 role(s)"},
		},
		{
			name: "AdministratorAccess attached", p: p, stmts: noPass,
			edit: attach("arn:aws:iam::aws:policy/AdministratorAccess"),
		},
		{
			name: "PowerUserAccess attached", p: p, stmts: noPass,
			edit: attach("arn:aws:iam::aws:policy/PowerUserAccess"),
			want: []string{"cannot pass 2 role(s)", "no statement of its 2 known policy document(s) allows it"},
		},
		{
			name: "IAMFullAccess attached", p: p, stmts: noPass,
			edit: attach("arn:aws:iam::aws:policy/IAMFullAccess"),
		},
		{
			name: "AdministratorAccess in managedPolicyArns", p: p, stmts: noPass,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kSFNRole].Set("managedPolicyArns", packtest.Strs("arn:aws:iam::aws:policy/AdministratorAccess"))
				return nil
			},
		},
		{
			name: "permissions boundary without PassRole", p: p, stmts: p.goodStatements(),
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kSFNRole].Set("permissionsBoundary", packtest.Str("arn:aws:iam::aws:policy/PowerUserAccess"))
				return nil
			},
			want: []string{"cannot pass 2 role(s)", "its permissions boundary (AWS managed policy arn:aws:iam::aws:policy/PowerUserAccess",
				"does not allow iam:PassRole"},
		},
		{
			// A boundary statement the pack cannot evaluate may allow: the
			// need is unverified, never refused.
			name: "permissions boundary with an uncertain condition", p: p, stmts: p.goodStatements(),
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kSFNRole].Set("permissionsBoundary", packtest.Str("arn:aws:iam::123456789012:policy/boundary"))
				return []*packtest.Resource{packtest.New(stackmodel.TypePolicy, "boundary").Set("name", packtest.Str("boundary")).
					Set("arn", packtest.Str("arn:aws:iam::123456789012:policy/boundary")).
					Set("policy", doc(iam.Statement{Effect: iam.Allow, Action: iam.Strings{"*"}, Resource: iam.Strings{"*"},
						Condition: map[string]map[string]iam.Strings{"StringEquals": {"aws:RequestedRegion": {"ap-northeast-1"}}}}))}
			},
		},
		{
			name: "permissions boundary allowing everything", p: p, stmts: p.goodStatements(),
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kSFNRole].Set("permissionsBoundary", packtest.Str("arn:aws:iam::aws:policy/AdministratorAccess"))
				return nil
			},
		},
		{
			name: "PassRole in an inline policy of the role", p: p, stmts: noPass,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kSFNRole].Set("inlinePolicies", packtest.List(packtest.Obj(map[string]property.Value{
					"name":   packtest.Str("pass"),
					"policy": doc(passRoleStmt("ecs-tasks.amazonaws.com", execARN, taskARN)),
				})))
				return nil
			},
		},
		{
			name: "PassRole in a Policy attached by an unknown ARN, first preview", p: pv, stmts: noPass,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				pol := packtest.New(stackmodel.TypePolicy, "pass").Set("name", packtest.Str("pass")).
					Set("policy", doc(passRoleStmt("ecs-tasks.amazonaws.com", execARN, taskARN))).Unknown("arn")
				att := packtest.New(stackmodel.TypeRolePolicyAttachment, "pass").Set("role", packtest.Str(p.roleName(kSFNRole))).
					Unknown("policyArn").DependsOn("policyArn", pol.URN())
				return []*packtest.Resource{pol, att}
			},
		},
		{
			name: "PassRole in a Policy attached by PolicyAttachment", p: p, stmts: noPass,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				pol := packtest.New(stackmodel.TypePolicy, "pass").Set("name", packtest.Str("pass")).Set("path", packtest.Str("/pipelines/")).
					Set("policy", doc(passRoleStmt("ecs-tasks.amazonaws.com", execARN, taskARN)))
				att := packtest.New(stackmodel.TypePolicyAttachment, "pass").Set("roles", packtest.Strs("someone-else", p.roleName(kSFNRole))).
					Set("policyArn", packtest.Str("arn:aws:iam::123456789012:policy/pipelines/pass"))
				return []*packtest.Resource{pol, att}
			},
		},
		{
			name: "document given as an object", p: p, stmts: noPass,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				return []*packtest.Resource{packtest.New(stackmodel.TypeRolePolicy, "obj").
					Set("role", packtest.Str(p.roleName(kSFNRole))).
					Set("policy", packtest.Value(map[string]any{"Version": "2012-10-17", "Statement": map[string]any{
						"Effect": "Allow", "Action": "iam:PassRole", "Resource": []any{execARN, taskARN},
					}}))}
			},
		},
		{
			name: "secret document", p: p, stmts: noPass,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				return []*packtest.Resource{packtest.New(stackmodel.TypeRolePolicy, "secret").
					Set("role", packtest.Str(p.roleName(kSFNRole))).
					Set("policy", packtest.Secret(doc(passRoleStmt("ecs-tasks.amazonaws.com", execARN, taskARN))))}
			},
		},
		{
			name: "invalid secret document", p: p, stmts: noPass,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				return []*packtest.Resource{packtest.New(stackmodel.TypeRolePolicy, "secret").
					Set("role", packtest.Str(p.roleName(kSFNRole))).
					Set("policy", packtest.Secret(packtest.Str("{hunter2")))}
			},
			want:  []string{`RolePolicy "secret" grants nothing: not a valid IAM policy document`},
			lacks: []string{"hunter2"},
		},
		{
			name: "a role path the PassRole resource does not cover", p: p,
			stmts: with(noPass, passRoleStmt("ecs-tasks.amazonaws.com", "arn:aws:iam::123456789012:role/nightly-*")),
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kExecRole].Set("path", packtest.Str("/svc/")).Set("arn", packtest.Str("arn:aws:iam::123456789012:role/svc/nightly-exec"))
				b[kTaskDef].Set("executionRoleArn", packtest.Str("arn:aws:iam::123456789012:role/svc/nightly-exec"))
				return nil
			},
			want: []string{"cannot pass 1 role(s)", `role "nightly-exec"`, `"arn:aws:iam::123456789012:role/svc/nightly-exec"`},
		},
		{
			// AWS never runs a task definition the definition does not
			// name: its roles need no PassRole, whatever RunTask allows.
			name: "a task definition the role may run but the definition does not name", p: p,
			stmts: with(withoutPassRole(p.goodStatements()),
				iam.Statement{Effect: iam.Allow, Action: iam.Strings{"ecs:RunTask"}, Resource: iam.Strings{"*"}},
				passRoleStmt("ecs-tasks.amazonaws.com", execARN, taskARN)),
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				return []*packtest.Resource{
					packtest.New(stackmodel.TypeRole, "other").Set("name", packtest.Str("other")).Set("arn", packtest.Str(testAcct.RoleARN("/", "other"))),
					packtest.New(stackmodel.TypeTaskDefinition, "other").Set("family", packtest.Str("other")).
						Set("arn", packtest.Str(testAcct.TaskDefinitionARN("other", 3))).
						Set("taskRoleArn", packtest.Str(testAcct.RoleARN("/", "other"))),
				}
			},
		},
		{
			name: "ForAnyValue:StringLike PassedToService", p: p,
			stmts: with(noPass, iam.Statement{Effect: iam.Allow, Action: iam.Strings{"iam:PassRole"},
				Resource:  iam.Strings{execARN, taskARN},
				Condition: map[string]map[string]iam.Strings{"ForAnyValue:StringLike": {"iam:PassedToService": {"lambda.*", "ecs-tasks.*"}}}}),
		},
		{
			name: "StringEqualsIfExists PassedToService", p: p,
			stmts: with(noPass, passRoleStmtOp("StringEqualsIfExists", "ecs-tasks.amazonaws.com", execARN, taskARN)),
		},
		{
			name: "StringNotEquals PassedToService ecs-tasks", p: p,
			stmts: with(noPass, passRoleStmtOp("StringNotEquals", "ecs-tasks.amazonaws.com", execARN, taskARN)),
			want:  []string{"cannot pass 2 role(s)"},
		},
		{
			name: "PassRole through PolicyAttachment with an unknown roles list, first preview", p: pv, stmts: noPass,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				pol := packtest.New(stackmodel.TypePolicy, "pass").Set("name", packtest.Str("pass")).
					Set("policy", doc(passRoleStmt("ecs-tasks.amazonaws.com", execARN, taskARN))).Unknown("arn")
				att := packtest.New(stackmodel.TypePolicyAttachment, "pass").
					Set("roles", packtest.List(packtest.Unknown())).DependsOn("roles", p.urn(kSFNRole)).
					Unknown("policyArn").DependsOn("policyArn", pol.URN())
				return []*packtest.Resource{pol, att}
			},
		},
		{
			name: "task role override in the definition", p: pipeline{name: "nightly", definition: overrideDefinition(p)},
			stmts: with(noPass, passRoleStmt("ecs-tasks.amazonaws.com", execARN, taskARN)),
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				return []*packtest.Resource{packtest.New(stackmodel.TypeRole, "override").Set("name", packtest.Str("override")).
					Set("arn", packtest.Str(testAcct.RoleARN("/", "override")))}
			},
			want: []string{"cannot pass 1 role(s)", `role "override", needed as Overrides.TaskRoleArn of state States.Jobs.Branches[0].States.job`},
		},
		{
			// Mocks leave out inputs built from unknown outputs instead of
			// marking them unknown; the property dependencies remain.
			name: "ARNs absent but linked, first preview", p: pv, stmts: noPass,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kMachine].Set("roleArn", property.Value{})
				b[kTaskDef].Set("executionRoleArn", property.Value{}).Set("taskRoleArn", property.Value{})
				return nil
			},
			want: []string{"cannot pass 2 role(s)", `role "nightly-exec"`, `role "nightly-task"`},
		},
		{
			name: "Map item processor with an ECS task", p: pipeline{name: "nightly", definition: mapDefinition("nightly-job")},
			stmts: noPass,
			want:  []string{`run by state States.Fan.ItemProcessor.States.run`, `role "nightly-exec"`, `role "nightly-task"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.sfnStatements = tt.stmts
			stack := editedStack(tt.p, tt.edit)
			if tt.want == nil {
				assertNoViolations(t, PassRolePolicy, stack)
				return
			}
			msg := assertViolation(t, PassRolePolicy, machine, stack, tt.want...)
			assertLacks(t, msg, tt.lacks...)
		})
	}
}

// passRoleStmtOp is passRoleStmt with another condition operator.
func passRoleStmtOp(op, service string, arns ...string) iam.Statement {
	stmt := passRoleStmt(service, arns...)
	stmt.Condition = map[string]map[string]iam.Strings{op: {"iam:PassedToService": {service}}}
	return stmt
}

// overrideDefinition is the default definition whose ECS task overrides
// its task role with the role "override".
func overrideDefinition(p pipeline) map[string]any {
	def := p.defaultDefinition()
	jobParams(def)["Overrides"] = map[string]any{"TaskRoleArn": testAcct.RoleARN("/", "override")}
	return def
}

// with returns a new slice: base followed by extra (never base's backing
// array, which the table's cases share).
func with(base []iam.Statement, extra ...iam.Statement) []iam.Statement {
	return append(append([]iam.Statement(nil), base...), extra...)
}

// mapDefinition is a definition whose Map state runs an ECS task per item.
func mapDefinition(family string) map[string]any {
	return map[string]any{
		"StartAt": "Fan",
		"States": map[string]any{
			"Fan": map[string]any{
				"Type": "Map", "End": true, "ItemsPath": "$.items",
				"ItemProcessor": map[string]any{
					"ProcessorConfig": map[string]any{"Mode": "INLINE"},
					"StartAt":         "run",
					"States": map[string]any{"run": map[string]any{
						"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": true,
						"Parameters": map[string]any{"TaskDefinition": family, "LaunchType": "FARGATE",
							"NetworkConfiguration": map[string]any{"AwsvpcConfiguration": map[string]any{"Subnets": []any{"subnet-1"}}}},
					}},
				},
			},
		},
	}
}

// TestSeedMistakeAtFirstPreview is the mistake this pack exists for, in a
// stack written by hand: the state machine role's policy is built from
// the task definition's and the cluster's ARNs (unknown at a first
// preview) and has no PassRole. It must fail before anything exists.
func TestSeedMistakeAtFirstPreview(t *testing.T) {
	p := pipeline{name: "seed", preview: true}
	b := p.build()
	cluster := packtest.New("aws:ecs/cluster:Cluster", "seed").Set("name", packtest.Str("seed")).Unknown("arn")
	b[kSFNPolicy].Set("policy", packtest.Unknown()).DependsOn("policy", p.urn(kTaskDef), cluster.URN(), p.urn(kProject))
	b[kMachine].Unknown("definition").DependsOn("definition", p.urn(kTaskDef), cluster.URN(), p.urn(kProject))
	stack := append(stackOf(b), cluster.Build())

	msg := assertViolation(t, PassRolePolicy, p.urn(kMachine), stack,
		`state machine "seed" runs ECS tasks with role "seed-sfn", which cannot pass 2 role(s)`,
		`role "seed-exec", needed as executionRoleArn of task definition "seed-job" (the definition, unknown at this preview, is built from it`,
		`role "seed-task", needed as taskRoleArn`,
		`RolePolicy "seed-sfnPolicy" is unknown at this preview and not built from role "seed-exec", so it cannot name its ARN`,
		`"arn:aws:iam::123456789012:role/seed-exec"`)
	assertLacks(t, msg, "internal error")
}

// TestProbablyGrantedAtFirstPreview: an unknown document built from every
// role to pass is "probably granted": sfn-ecs-passrole stays quiet and the
// advisory policy says what it could not verify.
func TestProbablyGrantedAtFirstPreview(t *testing.T) {
	p := pipeline{name: "seed", preview: true}
	b := p.build()
	b[kSFNPolicy].Set("policy", packtest.Unknown()).
		DependsOn("policy", p.urn(kTaskDef), p.urn(kExecRole), p.urn(kTaskRole), p.urn(kProject))
	stack := stackOf(b)
	assertNoViolations(t, PassRolePolicy, stack)
	assertViolation(t, PassRoleUnverifiedPolicy, p.urn(kMachine), stack,
		`state machine "seed": whether role "seed-sfn" may pass the roles of its ECS tasks could not be verified`,
		`role "seed-exec", needed as executionRoleArn of task definition "seed-job"`,
		`RolePolicy "seed-sfnPolicy" is unknown at this preview but built from role "seed-exec", so it probably allows it`,
		`RolePolicy "seed-sfnPolicy" is unknown at this preview but built from role "seed-task", so it probably allows it`,
		"policies/config/fail-closed.json")
}

// TestPassRoleOnOneRoleAtFirstPreview: an unknown document built from one
// of the two roles cannot name the other.
func TestPassRoleOnOneRoleAtFirstPreview(t *testing.T) {
	p := pipeline{name: "seed", preview: true}
	b := p.build()
	b[kSFNPolicy].Set("policy", packtest.Unknown()).DependsOn("policy", p.urn(kTaskDef), p.urn(kExecRole))
	stack := stackOf(b)
	msg := assertViolation(t, PassRolePolicy, p.urn(kMachine), stack, "cannot pass 1 role(s)",
		`role "seed-task", needed as taskRoleArn`, `not built from role "seed-task"`)
	assertLacks(t, msg, `role "seed-exec", needed`)
	assertViolation(t, PassRoleUnverifiedPolicy, p.urn(kMachine), stack, `built from role "seed-exec", so it probably allows it`)
}

func TestPassRoleUnverified(t *testing.T) {
	p := pipeline{name: "nightly"}
	machine := p.urn(kMachine)
	dynamic := p.defaultDefinition()
	params := jobParams(dynamic)
	delete(params, "TaskDefinition")
	params["TaskDefinition.$"] = "$.taskDefinition"

	tests := []struct {
		name string
		p    pipeline
		edit func(b map[string]*packtest.Resource) []*packtest.Resource
		want []string
	}{
		{name: "everything known", p: p},
		{
			name: "dynamic TaskDefinition.$",
			p:    pipeline{name: "nightly", definition: dynamic},
			// Its roles are any of the account's: the PassRole statement
			// names two of them.
			want: []string{"the roles of the task definition of state States.Jobs.Branches[0].States.job",
				"depends on ROLE: the state chooses its task definition at run time"},
		},
		{
			name: "role outside the stack",
			p:    p,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kMachine].Set("roleArn", packtest.Str("arn:aws:iam::123456789012:role/elsewhere"))
				return nil
			},
			want: []string{"role arn:aws:iam::123456789012:role/elsewhere is not a Role of this stack"},
		},
		{
			name: "roleArn mistyped",
			p:    p,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kMachine].Set("roleArn", packtest.Num(42))
				return nil
			},
			want: []string{"roleArn is not a string"},
		},
		{
			name: "roleArn unknown without dependencies",
			p:    p,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kMachine] = packtest.New(stackmodel.TypeStateMachine, "nightly-machine").Set("name", packtest.Str("nightly")).
					Set("definition", packtest.JSON(p.defaultDefinition())).Unknown("roleArn")
				return nil
			},
			want: []string{"roleArn is unknown at this preview and depends on no Role of this stack"},
		},
		{
			name: "customer managed policy outside the stack",
			p:    pipeline{name: "nightly", sfnStatements: withoutPassRole(p.goodStatements())},
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kSFNRole].Set("managedPolicyArns", packtest.Strs("arn:aws:iam::123456789012:policy/shared-pass"))
				return nil
			},
			want: []string{"managed policy arn:aws:iam::123456789012:policy/shared-pass (managedPolicyArns of role \"nightly-sfn\") may allow it: it is not a Policy of this stack"},
		},
		{
			name: "a condition the evaluator does not know",
			p: pipeline{name: "nightly", sfnStatements: with(withoutPassRole(p.goodStatements()), iam.Statement{
				Effect: iam.Allow, Action: iam.Strings{"iam:PassRole"}, Resource: iam.Strings{"*"},
				Condition: map[string]map[string]iam.Strings{"DateGreaterThan": {"aws:CurrentTime": {"2020-01-01T00:00:00Z"}}},
			})},
			want: []string{`role "nightly-exec"`, `RolePolicy "nightly-sfnPolicy" Statement[`, "DateGreaterThan"},
		},
		{
			name: "permissions boundary unknown, without dependencies",
			p:    p,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kSFNRole].Unknown("permissionsBoundary")
				return nil
			},
			want: []string{`role "nightly-exec"`, "allowed, but could not check: a managed policy with an unknown ARN (permissionsBoundary of role \"nightly-sfn\") is unknown at this preview"},
		},
		{
			name: "inline policies unknown, built from the roles to pass",
			p:    pipeline{name: "nightly", sfnStatements: withoutPassRole(p.goodStatements())},
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kSFNRole].Unknown("inlinePolicies").DependsOn("inlinePolicies", p.urn(kExecRole), p.urn(kTaskRole))
				return nil
			},
			want: []string{`inline policies of role "nightly-sfn" is unknown at this preview but built from role "nightly-exec", so it probably allows it`},
		},
		{
			name: "task definition outside the stack",
			p:    p,
			edit: func(b map[string]*packtest.Resource) []*packtest.Resource {
				b[kMachine].Set("definition", packtest.JSON(mapDefinition("shared-family:4")))
				return nil
			},
			want: []string{"the roles of the task definition of state States.Fan.ItemProcessor.States.run",
				`depends on ROLE: the task definition "shared-family:4" is not in this stack`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stack := editedStack(tt.p, tt.edit)
			if tt.want == nil {
				assertNoViolations(t, PassRoleUnverifiedPolicy, stack)
				return
			}
			assertViolation(t, PassRoleUnverifiedPolicy, machine, stack, tt.want...)
		})
	}
}

func TestPassRoleIgnoresOtherResources(t *testing.T) {
	stack := packtest.Stack(
		packtest.New("aws:s3/bucket:Bucket", "b").Set("bucket", packtest.Str("b")).Unknown("arn"),
		packtest.New(stackmodel.TypeRole, "r").Unknown("name").Unknown("arn").Set("inlinePolicies", packtest.Unknown()),
		packtest.New(stackmodel.TypeRolePolicy, "rp").Set("role", packtest.Num(1)).Set("policy", packtest.Strs("x")),
		packtest.New(stackmodel.TypeTaskDefinition, "td").Set("family", packtest.Bool(true)).Set("taskRoleArn", packtest.Unknown()),
		packtest.New(stackmodel.TypeStateMachine, "sm"), // no properties at all
	)
	for _, p := range Policies() {
		vs := violations(t, p.Name(), stack)
		// The two advisories say what they cannot read: the unknown
		// documents, the task role ECS assumes.
		if len(vs) != 0 && p.Name() != PassRoleUnverifiedPolicy && p.Name() != RoleTrustUnverifiedPolicy {
			t.Errorf("%s: %v", p.Name(), vs)
		}
		for _, v := range vs {
			if strings.Contains(v.Message, "internal error") {
				t.Errorf("%s", v)
			}
		}
	}
}

// TestValueDependencies: an output value may carry its dependencies itself
// instead of in PropertyDependencies; both count.
func TestValueDependencies(t *testing.T) {
	p := pipeline{name: "seed", preview: true}
	b := p.build()
	b[kSFNPolicy].Set("policy", packtest.WithDeps(packtest.Unknown(), p.urn(kExecRole), p.urn(kTaskRole)))
	stack := stackOf(b)
	assertNoViolations(t, PassRolePolicy, stack)
	assertViolation(t, PassRoleUnverifiedPolicy, p.urn(kMachine), stack, `built from role "seed-task", so it probably allows it`)

	b[kSFNPolicy].Set("policy", packtest.WithDeps(packtest.Unknown(), p.urn(kTaskDef)))
	assertViolation(t, PassRolePolicy, p.urn(kMachine), stackOf(b), "cannot pass 2 role(s)")
}

// TestUncertainBoundaryIsUnverified: a permissions boundary statement the
// pack cannot evaluate leaves PassRole unverified, and says why.
func TestUncertainBoundaryIsUnverified(t *testing.T) {
	p := pipeline{name: "nightly"}
	p.sfnStatements = p.goodStatements()
	stack := editedStack(p, func(b map[string]*packtest.Resource) []*packtest.Resource {
		b[kSFNRole].Set("permissionsBoundary", packtest.Str("arn:aws:iam::123456789012:policy/boundary"))
		return []*packtest.Resource{packtest.New(stackmodel.TypePolicy, "boundary").Set("name", packtest.Str("boundary")).
			Set("arn", packtest.Str("arn:aws:iam::123456789012:policy/boundary")).
			Set("policy", doc(iam.Statement{Effect: iam.Allow, Action: iam.Strings{"*"}, Resource: iam.Strings{"*"},
				Condition: map[string]map[string]iam.Strings{"StringEquals": {"aws:RequestedRegion": {"ap-northeast-1"}}}}))}
	})
	assertNoViolations(t, PassRolePolicy, stack)
	assertViolation(t, PassRoleUnverifiedPolicy, p.urn(kMachine), stack,
		`role "nightly-exec"`, "the permissions boundary", "aws:RequestedRegion")
}
