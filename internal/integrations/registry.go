package integrations

import (
	"slices"
)

// registry lists every integration of the model. Adding one is a file of
// this package that defines its *Integration (with its ARN builders and
// Examples), and one line here.
func registry() []*Integration {
	return []*Integration{
		ecsRunTask,
		ecsRunTaskSDK,
		codeBuildStartBuild,
		codeBuildStartBuildBatch,
		lambdaInvoke,
	}
}

// Integrations returns every integration of the model.
func Integrations() []*Integration { return registry() }

// IAMServices returns the service prefixes of every IAM action the model
// asks for, sorted: those of the registry's integrations and those of
// the callers outside Step Functions (EventBridge and Scheduler targets,
// the services that assume roles). reference/generate.sh vendors AWS's
// service authorization reference for exactly these.
func IAMServices() []string {
	out := slices.Clone(callerIAMServices)
	for _, in := range registry() {
		out = append(out, in.IAMServices...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ImpliedRequests returns what a definition unknown at this preview
// certainly needs of a resource of the stack (by Env Key) it is built
// from, through each integration that can run it.
func ImpliedRequests(env Env, key string) []Request {
	var out []Request
	for _, in := range registry() {
		if in.implied != nil {
			out = append(out, in.implied(env, key)...)
		}
	}
	return out
}

// lookup finds the integration and pattern a Task state Resource calls.
func lookup(resource string) (*Integration, Pattern, bool) {
	p, ok := ParseTaskResource(resource)
	if !ok {
		for _, in := range registry() {
			if in.legacy == nil {
				continue
			}
			if pattern, ok := in.legacy(resource); ok {
				return in, pattern, true
			}
		}
		return nil, "", false
	}
	for _, in := range registry() {
		if in.Service == p.Service && in.Action == p.Action && in.supports(p.Pattern) {
			return in, p.Pattern, true
		}
	}
	return nil, "", false
}
