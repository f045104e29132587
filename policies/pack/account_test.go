package pack

import (
	"testing"

	"batchpipeline/policies/pack/packtest"
)

// TestAmbiguousAccountIsUndecided: with two accounts in the stack and a
// role whose ARN is unknown, a statement naming one account's role cannot
// decide: the advisory policy says so, the mandatory one stays quiet.
func TestAmbiguousAccountIsUndecided(t *testing.T) {
	p := pipeline{name: "nightly", preview: true}
	p.sfnStatements = with(withoutPassRole(p.goodStatements()),
		passRoleStmt("ecs-tasks.amazonaws.com", p.roleARN(kExecRole), p.roleARN(kTaskRole)))
	b := p.build()
	b[kProject].Set("serviceRole", packtest.Str("arn:aws:iam::210987654321:role/elsewhere"))
	stack := stackOf(b)
	assertNoViolations(t, PassRolePolicy, stack)
	assertViolation(t, PassRoleUnverifiedPolicy, p.urn(kMachine), stack,
		"depends on ACCOUNT_ID: the account is one of those the stack shows (123456789012, 210987654321), which one is not known at this preview")
}
