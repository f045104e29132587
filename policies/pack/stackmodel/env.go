package stackmodel

import (
	"strconv"

	"batchpipeline/internal/integrations"
)

// Env answers the model's questions (integrations.Env) from the
// stack, in one account: the state machine's, or one candidate for it
// when its ARN is unknown at this preview. Keys are URNs.
type Env struct {
	s    *Stack
	acct integrations.Account
	// secret is set when the definition asking is secret: the roles it
	// names are then secrets too.
	secret bool
}

// NewEnv returns the Env of s in account acct; secret says whether the
// definition asking is secret.
func NewEnv(s *Stack, acct integrations.Account, secret bool) Env {
	return Env{s: s, acct: acct, secret: secret}
}

// Account implements integrations.Env.
func (e Env) Account() integrations.Account { return e.acct }

// TaskDefinitions implements integrations.Env: the task definitions of
// the stack a RunTask reference names.
func (e Env) TaskDefinitions(ref string) []integrations.TaskDefinition {
	tds := e.s.taskDefsNamed(ref)
	out := make([]integrations.TaskDefinition, 0, len(tds))
	for _, td := range tds {
		out = append(out, e.TaskDefinition(td))
	}
	return out
}

// TaskDefinition describes one task definition of the stack in e's
// account.
func (e Env) TaskDefinition(td *TaskDef) integrations.TaskDefinition {
	out := integrations.TaskDefinition{
		Key:    td.Resource.URN,
		Family: td.Family,
		ARN:    td.ARN,
		Found:  true,
		Tagged: td.Tagged,
		AWSVPC: td.awsvpc,
	}
	if out.ARN == "" && td.Family != "" {
		// A new task definition's first revision is 1.
		rev := 1
		if n, err := strconv.Atoi(td.revision); err == nil {
			rev = n
		}
		out.ARN = e.acct.TaskDefinitionARN(td.Family, rev)
	}
	out.ExecutionRole = e.role(td.ExecutionRole)
	out.TaskRole = e.role(td.TaskRole)
	return out
}

// Role implements integrations.Env: a role named by ARN or by name in a
// Task state (Credentials.RoleArn, Overrides.TaskRoleArn).
func (e Env) Role(ref string) integrations.Role {
	kn := Known
	if e.secret {
		kn = Secret
	}
	return e.role(RoleRef{Prop: "the role", Knownness: kn, ARN: ref})
}

// role describes the role a reference names, with its ARN in e's
// account when the role is the stack's and its ARN is not known yet.
func (e Env) role(ref RoleRef) integrations.Role {
	if ref.Knownness == Missing {
		return integrations.Role{}
	}
	rr := e.s.ResolveRole(ref)
	out := integrations.Role{Set: true, Unknown: rr.Why, Secret: rr.Secret}
	if rr.Role != nil {
		out.Key = rr.Role.Resource.URN
	}
	switch {
	case rr.Role != nil && rr.Role.ARN != "":
		out.ARN = rr.Role.ARN
	case rr.Role != nil && rr.Role.Name != "":
		out.ARN = e.acct.RoleARN(rr.Role.Path, rr.Role.Name)
	case len(rr.ARNs) > 0:
		out.ARN = rr.ARNs[0]
	}
	if out.ARN != "" {
		out.Unknown = ""
	}
	return out
}
