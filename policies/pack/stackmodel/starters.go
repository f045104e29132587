package stackmodel

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/integrations"
)

// Starter is an aws:scheduler/schedule:Schedule target or an
// aws:cloudwatch/eventTarget:EventTarget: what starts a state machine, or
// runs an ECS task.
type Starter struct {
	Resource *Resource
	// Invokes is the ARN the schedule or rule invokes: a state machine, an
	// ECS cluster, or anything else.
	Invokes ARNRef
	// Role is the role the scheduler or EventBridge assumes to invoke it.
	Role ARNRef
	// ECS is set when the target runs an ECS task (ecsTarget,
	// target.ecsParameters): a caller of ecs:RunTask with Role.
	ECS *integrations.ECSTarget
	// Group is the schedule group of a Schedule and Rule, Bus the rule
	// and event bus of an EventTarget: what the service names as
	// aws:SourceArn when it assumes Role. Each is "" when not known at
	// this preview or secret; Group and Bus default to "default".
	Group, Rule, Bus string
	// ecsDepKey is the top-level property whose dependencies ECS's
	// parameters inherit.
	ecsDepKey string
}

func newStarter(r *Resource) *Starter {
	sr := &Starter{Resource: r}
	switch r.Type {
	case TypeSchedule:
		t, tkn := readObject(r.Properties, "target")
		if tkn == Unknown {
			deps := r.Deps("target", r.Properties.Get("target"))
			sr.Invokes = ARNRef{Prop: "target.arn", Knownness: Unknown, Deps: deps}
			sr.Role = ARNRef{Prop: "target.roleArn", Knownness: Unknown, Deps: deps}
			return sr
		}
		if !tkn.Usable() {
			t = property.Map{}
		}
		sr.Invokes = readARNRef(r, t, "arn", "target", "target.arn")
		sr.Role = readARNRef(r, t, "roleArn", "target", "target.roleArn")
		sr.ECS = readECSTarget(sr, t, "ecsParameters", "target.ecsParameters", integrations.SchedulerService)
		sr.ecsDepKey = "target"
		sr.Group = readName(r.Properties, "groupName")
	case TypeEventTarget:
		sr.Invokes = readARNRef(r, r.Properties, "arn", "arn", "arn")
		sr.Role = readARNRef(r, r.Properties, "roleArn", "roleArn", "roleArn")
		sr.ECS = readECSTarget(sr, r.Properties, "ecsTarget", "ecsTarget", integrations.EventsService)
		sr.ecsDepKey = "ecsTarget"
		if rule, kn := ReadString(r.Properties, "rule"); kn == Known {
			sr.Rule = rule
		}
		sr.Bus = readName(r.Properties, "eventBusName")
	}
	return sr
}

// readName reads an optional name that defaults to "default": "" when it
// is not known at this preview or secret.
func readName(props property.Map, key string) string {
	v, kn := ReadString(props, key)
	switch {
	case kn == Known && v != "":
		return v
	case kn == Missing:
		return "default"
	default:
		return ""
	}
}

// Label names the starter in messages.
func (sr *Starter) Label() string {
	return fmt.Sprintf("%s %q", shortType(sr.Resource.Type), sr.Resource.Name)
}

// TargetMachine returns the state machine of the stack the starter invokes, nil
// when it invokes something else or a machine outside the stack (outside
// reports why when it is a state machine this pack cannot see).
func (s *Stack) TargetMachine(sr *Starter) (m *Machine, outside string) {
	t := sr.Invokes
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
