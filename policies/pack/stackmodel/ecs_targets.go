package stackmodel

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/integrations"
)

// ecsParams maps the Pulumi properties of an ECS target (pulumi-aws
// 6.83.4: EventTarget.ecsTarget, Schedule.target.ecsParameters) to the
// RunTask parameters the run-time model reads
// (docs/research/ecs-callers.md, section 1).
var ecsParams = []struct{ property, param string }{
	{"taskDefinitionArn", "TaskDefinition"},
	{"launchType", "LaunchType"},
	{"networkConfiguration", "NetworkConfiguration"},
	{"propagateTags", "PropagateTags"},
	{"tags", "Tags"},
	{"enableEcsManagedTags", "EnableECSManagedTags"},
}

// readECSTarget reads the ECS parameters of a starter: the object at key
// of props (nil when absent: the target runs no ECS task), with the
// cluster ARN the target invokes. A value not known at this preview is
// marked as the model expects ("Name.$"); so is a secret one, which is
// then never decided on or printed.
func readECSTarget(sr *Starter, props property.Map, key, field, service string) *integrations.ECSTarget {
	cluster := sr.Invokes
	v, present := props.GetOk(key)
	if !present || v.IsNull() {
		return nil
	}
	params := map[string]any{}
	switch cluster.Knownness {
	case Known:
		params["Cluster"] = cluster.ARN
	case Unknown, Secret:
		params["Cluster.$"] = ""
	}
	switch {
	case v.IsComputed() || v.Secret():
		for _, p := range ecsParams {
			params[p.param+".$"] = ""
		}
	case v.IsMap():
		m := v.AsMap()
		for _, p := range ecsParams {
			pv, ok := m.GetOk(p.property)
			if !ok || pv.IsNull() {
				continue
			}
			if plainV, ok := plain(pv); ok && !pv.HasSecrets() {
				params[p.param] = plainV
			} else {
				params[p.param+".$"] = ""
			}
		}
	default:
		return nil
	}
	return &integrations.ECSTarget{Caller: sr.Label(), Service: service, Field: field, Params: params}
}

// linkECSTarget resolves a task definition not known at this preview
// through the dependencies of the property that holds it: the one task
// definition of the stack it is built from, named by URN (which
// taskDefsNamed resolves), as a Task state's definition built from it is.
func (s *Stack) linkECSTarget(sr *Starter) {
	if sr.ECS == nil {
		return
	}
	if _, unknown := sr.ECS.Params["TaskDefinition.$"]; !unknown {
		return
	}
	var found []*TaskDef
	for _, u := range sr.Resource.DepsOf(sr.ecsDepKey) {
		if td, ok := s.TaskDefsByURN[u]; ok {
			found = append(found, td)
		}
	}
	if len(found) == 1 {
		delete(sr.ECS.Params, "TaskDefinition.$")
		sr.ECS.Params["TaskDefinition"] = found[0].Resource.URN
	}
}
