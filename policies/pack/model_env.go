package pack

import (
	"strconv"

	"batchpipeline/internal/integrations"
)

// stackEnv answers the model's questions (integrations.Env) from the
// stack, in one account: the state machine's, or one candidate for it
// when its ARN is unknown at this preview. Keys are URNs.
type stackEnv struct {
	s    *stack
	acct integrations.Account
	// secret is set when the definition asking is secret: the roles it
	// names are then secrets too.
	secret bool
}

// Account implements integrations.Env.
func (e stackEnv) Account() integrations.Account { return e.acct }

// TaskDefinitions implements integrations.Env: the task definitions of
// the stack a RunTask reference names.
func (e stackEnv) TaskDefinitions(ref string) []integrations.TaskDefinition {
	tds := e.s.taskDefsNamed(ref)
	out := make([]integrations.TaskDefinition, 0, len(tds))
	for _, td := range tds {
		out = append(out, e.taskDefinition(td))
	}
	return out
}

// taskDefinition describes one task definition of the stack in e's
// account.
func (e stackEnv) taskDefinition(td *taskDef) integrations.TaskDefinition {
	out := integrations.TaskDefinition{
		Key:    td.res.URN,
		Family: td.family,
		ARN:    td.arn,
		Found:  true,
		Tagged: td.tagged,
		AWSVPC: td.awsvpc,
	}
	if out.ARN == "" && td.family != "" {
		// A new task definition's first revision is 1.
		rev := 1
		if n, err := strconv.Atoi(td.revision); err == nil {
			rev = n
		}
		out.ARN = e.acct.TaskDefinitionARN(td.family, rev)
	}
	out.ExecutionRole = e.role(td.exec)
	out.TaskRole = e.role(td.task)
	return out
}

// Role implements integrations.Env: a role named by ARN or by name in a
// Task state (Credentials.RoleArn, Overrides.TaskRoleArn).
func (e stackEnv) Role(ref string) integrations.Role {
	st := known
	if e.secret {
		st = secret
	}
	return e.role(roleRef{prop: "the role", st: st, arn: ref})
}

// role describes the role a reference names, with its ARN in e's
// account when the role is the stack's and its ARN is not known yet.
func (e stackEnv) role(ref roleRef) integrations.Role {
	if ref.st == missing {
		return integrations.Role{}
	}
	rr := e.s.resolveRole(ref)
	out := integrations.Role{Set: true, Unknown: rr.why, Secret: rr.secret}
	if rr.role != nil {
		out.Key = rr.role.res.URN
	}
	switch {
	case rr.role != nil && rr.role.arn != "":
		out.ARN = rr.role.arn
	case rr.role != nil && rr.role.name != "":
		out.ARN = e.acct.RoleARN(rr.role.path, rr.role.name)
	case len(rr.arns) > 0:
		out.ARN = rr.arns[0]
	}
	if out.ARN != "" {
		out.Unknown = ""
	}
	return out
}
