package pack

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/integrations"
)

// starter is a resource that starts a state machine: an
// aws:scheduler/schedule:Schedule target or an
// aws:cloudwatch/eventTarget:EventTarget.
type starter struct {
	res *resource
	// target is the ARN the schedule or rule invokes.
	target roleRef
	// role is the role the scheduler or EventBridge assumes to invoke it.
	role roleRef
}

func newStarter(r *resource) *starter {
	st := &starter{res: r}
	switch r.Type {
	case typeSchedule:
		t, tst := obj(r.Properties, "target")
		if tst == unknown {
			deps := r.deps("target", r.Properties.Get("target"))
			st.target = roleRef{prop: "target.arn", st: unknown, deps: deps}
			st.role = roleRef{prop: "target.roleArn", st: unknown, deps: deps}
			return st
		}
		if !tst.ok() {
			t = property.Map{}
		}
		st.target = readRoleRef(r, t, "arn", "target", "target.arn")
		st.role = readRoleRef(r, t, "roleArn", "target", "target.roleArn")
	case typeEventTarget:
		st.target = readRoleRef(r, r.Properties, "arn", "arn", "arn")
		st.role = readRoleRef(r, r.Properties, "roleArn", "roleArn", "roleArn")
	}
	return st
}

// label names the starter in messages.
func (st *starter) label() string {
	return fmt.Sprintf("%s %q", shortType(st.res.Type), st.res.Name)
}

// machine returns the state machine of the stack the starter invokes, nil
// when it invokes something else or a machine outside the stack (outside
// reports why when it is a state machine this pack cannot see).
func (s *stack) targetMachine(st *starter) (m *machine, outside string) {
	t := st.target
	switch {
	case t.st.ok():
		if m, ok := s.machinesByARN[t.arn]; ok {
			return m, ""
		}
		name, ok := integrations.StateMachineFromARN(t.arn)
		if !ok {
			return nil, ""
		}
		if ms := s.machinesByName[name]; len(ms) == 1 {
			return ms[0], ""
		}
		return nil, fmt.Sprintf("state machine %s is not in this stack", t.arn)
	case t.st == unknown:
		var found []*machine
		for _, u := range t.deps {
			if m, ok := s.machinesByURN[u]; ok {
				found = append(found, m)
			}
		}
		if len(found) == 1 {
			return found[0], ""
		}
		return nil, ""
	default:
		return nil, ""
	}
}
