package pack

import (
	"testing"

	"batchpipeline/internal/iam"
)

// TestPassRoleConditionKeys: PassRole is evaluated with what the pack
// knows of the request (iam:PassedToService = ecs-tasks.amazonaws.com);
// a condition on any other key is reported by sfn-ecs-passrole-unverified,
// never decided by sfn-ecs-passrole.
func TestPassRoleConditionKeys(t *testing.T) {
	p := pipeline{name: "nightly"}
	execARN, taskARN := p.roleARN(kExecRole), p.roleARN(kTaskRole)
	noPass := withoutPassRole(p.goodStatements())
	pass := func(cond map[string]map[string]iam.Strings) iam.Statement {
		return iam.Statement{Effect: iam.Allow, Action: iam.Strings{"iam:PassRole"},
			Resource: iam.Strings{execARN, taskARN}, Condition: cond}
	}
	passedTo := func(service string) map[string]iam.Strings {
		return map[string]iam.Strings{"iam:PassedToService": {service}}
	}
	tests := []struct {
		name  string
		stmts []iam.Statement
		// mandatory and unverified are fragments of each policy's
		// violation; nil means none.
		mandatory, unverified []string
	}{
		{name: "StringEquals iam:PassedToService ecs-tasks", stmts: with(noPass, pass(map[string]map[string]iam.Strings{
			"StringEquals": passedTo("ecs-tasks.amazonaws.com")}))},
		{
			name: "StringEquals iam:PassedToService lambda",
			stmts: with(noPass, pass(map[string]map[string]iam.Strings{
				"StringEquals": passedTo("lambda.amazonaws.com")})),
			mandatory: []string{"cannot pass 2 role(s)", `"iam:PassedToService": [`},
		},
		{
			name: "aws:RequestedRegion beside iam:PassedToService: unverified, not a violation",
			stmts: with(noPass, pass(map[string]map[string]iam.Strings{"StringEquals": {
				"iam:PassedToService": {"ecs-tasks.amazonaws.com"}, "aws:RequestedRegion": {testRegion}}})),
			unverified: []string{`role "nightly-exec"`, `role "nightly-task"`,
				`RolePolicy "nightly-sfnPolicy" Statement[`,
				"condition StringEquals on aws:RequestedRegion: value not known to the pack before the request is made."},
		},
		{
			name: "aws:RequestedRegion beside a wrong iam:PassedToService: still a violation",
			stmts: with(noPass, pass(map[string]map[string]iam.Strings{"StringEquals": {
				"iam:PassedToService": {"lambda.amazonaws.com"}, "aws:RequestedRegion": {testRegion}}})),
			mandatory: []string{"cannot pass 2 role(s)"},
		},
		{
			name: "ABAC on the role's tags: unverified",
			stmts: with(noPass, pass(map[string]map[string]iam.Strings{
				"StringEquals": {"aws:ResourceTag/team": {"batch"}}})),
			unverified: []string{"condition StringEquals on aws:ResourceTag/team: value not known"},
		},
		{
			name: "a Deny on an unknown key: allowed but unverified",
			stmts: with(p.goodStatements(), iam.Statement{Effect: iam.Deny, Action: iam.Strings{"iam:PassRole"},
				Resource:  iam.Strings{"*"},
				Condition: map[string]map[string]iam.Strings{"StringNotEquals": {"aws:RequestedRegion": {testRegion}}}}),
			unverified: []string{"allowed, but could not check: ", "condition StringNotEquals on aws:RequestedRegion: value not known"},
		},
		{name: "Null iam:PassedToService false: the key is present", stmts: with(noPass, pass(map[string]map[string]iam.Strings{
			"Null": {"iam:PassedToService": {"false"}}}))},
		{
			name: "IfExists on an unknown key beside the service: unverified",
			stmts: with(noPass, pass(map[string]map[string]iam.Strings{
				"StringEquals":         passedTo("ecs-tasks.amazonaws.com"),
				"StringEqualsIfExists": {"aws:PrincipalTag/env": {"prod"}}})),
			unverified: []string{"condition StringEqualsIfExists on aws:PrincipalTag/env: value not known"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pp := pipeline{name: "nightly", sfnStatements: tt.stmts}
			stack := pp.stack()
			for _, c := range []struct {
				policy string
				want   []string
			}{{PassRolePolicy, tt.mandatory}, {PassRoleUnverifiedPolicy, tt.unverified}} {
				if c.want == nil {
					assertNoViolations(t, c.policy, stack)
				} else {
					assertViolation(t, c.policy, pp.urn(kMachine), stack, c.want...)
				}
			}
			assertNoViolations(t, TaskPermissionsPolicy, stack)
		})
	}
}
