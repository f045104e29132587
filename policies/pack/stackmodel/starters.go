package stackmodel

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/integrations"
)

// Starter is a resource that starts a state machine: an
// aws:scheduler/schedule:Schedule target or an
// aws:cloudwatch/eventTarget:EventTarget.
type Starter struct {
	Resource *Resource
	// Target is the ARN the schedule or rule invokes.
	Target RoleRef
	// Role is the Role the scheduler or EventBridge assumes to invoke it.
	Role RoleRef
}

func newStarter(r *Resource) *Starter {
	st := &Starter{Resource: r}
	switch r.Type {
	case TypeSchedule:
		t, tst := ReadObject(r.Properties, "target")
		if tst == Unknown {
			deps := r.Deps("target", r.Properties.Get("target"))
			st.Target = RoleRef{Prop: "target.arn", Knownness: Unknown, Deps: deps}
			st.Role = RoleRef{Prop: "target.roleArn", Knownness: Unknown, Deps: deps}
			return st
		}
		if !tst.Usable() {
			t = property.Map{}
		}
		st.Target = readRoleRef(r, t, "arn", "target", "target.arn")
		st.Role = readRoleRef(r, t, "roleArn", "target", "target.roleArn")
	case TypeEventTarget:
		st.Target = readRoleRef(r, r.Properties, "arn", "arn", "arn")
		st.Role = readRoleRef(r, r.Properties, "roleArn", "roleArn", "roleArn")
	}
	return st
}

// Label names the starter in messages.
func (st *Starter) Label() string {
	return fmt.Sprintf("%s %q", ShortType(st.Resource.Type), st.Resource.Name)
}

// machine returns the state machine of the stack the starter invokes, nil
// when it invokes something else or a machine outside the stack (outside
// reports why when it is a state machine this pack cannot see).
func (s *Stack) TargetMachine(st *Starter) (m *Machine, outside string) {
	t := st.Target
	switch {
	case t.Knownness.Usable():
		if m, ok := s.machinesByARN[t.ARN]; ok {
			return m, ""
		}
		name, ok := integrations.StateMachineFromARN(t.ARN)
		if !ok {
			return nil, ""
		}
		if ms := s.machinesByName[name]; len(ms) == 1 {
			return ms[0], ""
		}
		return nil, fmt.Sprintf("state machine %s is not in this stack", t.ARN)
	case t.Knownness == Unknown:
		var found []*Machine
		for _, u := range t.Deps {
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
