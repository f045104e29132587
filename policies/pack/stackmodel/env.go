package stackmodel

import (
	"strconv"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
	"batchpipeline/internal/partial"
)

// Env answers the model's questions (integrations.Env and
// integrations.TaskDefinitionResolver) from the stack, in the caller's
// account: known, or known in part at a first preview. Keys are URNs.
type Env struct {
	s    *Stack
	acct integrations.Account
	// secret is set when the definition asking is secret: the roles it
	// names are then secrets too.
	secret bool
	// machine is the ARN of the state machine whose definition asks,
	// known in part ("" when none does).
	machine string
}

// WithStateMachine returns e for the calls of the definition of the state
// machine whose ARN (known in part) is machine.
func (e Env) WithStateMachine(machine string) Env {
	e.machine = machine
	return e
}

// StateMachineARN implements integrations.StateMachineResolver when e is
// a state machine's (WithStateMachine).
func (e Env) StateMachineARN() string { return e.machine }

// NewEnv returns the Env of s in account acct; secret says whether the
// definition asking is secret.
func NewEnv(s *Stack, acct integrations.Account, secret bool) Env {
	return Env{s: s, acct: acct, secret: secret}
}

// Account implements integrations.Env.
func (e Env) Account() integrations.Account { return e.acct }

// TaskDefinitions implements integrations.TaskDefinitionResolver: the
// task definitions of the stack a RunTask reference (or a URN) names.
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
		ARN:    td.ARNIn(e.acct),
		Tagged: td.Tagged,
		AWSVPC: td.awsvpc,
	}
	if out.ARN == "" {
		family := partial.Hole{Label: "FAMILY", Class: partial.Name,
			Why: "the family of " + td.Label() + " is not known at this preview"}
		out.ARN = integrations.RevisionOf(e.acct, family.String(), family.Why)
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
	return e.role(ARNRef{Prop: "the role", Knownness: kn, ARN: ref})
}

// role describes the role a reference names: its ARN when known, else
// built in e's account from what is known (its name and path, its name
// alone), else a role of e's account not known at this preview.
func (e Env) role(ref ARNRef) integrations.Role {
	if ref.Knownness == Missing {
		return integrations.Role{}
	}
	rr := e.s.ResolveRole(ref)
	out := integrations.Role{Set: true, Secret: rr.Secret}
	if rr.Role != nil {
		out.Key = rr.Role.Resource.URN
	}
	switch {
	case rr.Role != nil && rr.Role.ARN != "":
		out.ARN = rr.Role.ARN
	case rr.Role != nil && rr.Role.Name != "":
		out.ARN = e.acct.RoleARN(rr.Role.Path, rr.Role.Name)
	case rr.ARN != "":
		out.ARN = rr.ARN
	case ref.Knownness.Usable() && arn.IsRoleName(ref.ARN):
		// A name outside the stack: its path is not known.
		path := partial.Hole{Label: "PATH/", Class: partial.Any, Why: rr.Why}
		out.ARN = e.acct.RoleARN("/", path.String()+ref.ARN)
	default:
		out.ARN = e.acct.RoleARN("/", partial.Hole{Label: "ROLE", Class: partial.Any, Why: rr.Why}.String())
	}
	return out
}

// revisionOf is the revision a task definition's ARN names, 1 for a new
// one.
func revisionOf(td *TaskDef) int {
	if n, err := strconv.Atoi(td.revision); err == nil {
		return n
	}
	return 1
}
