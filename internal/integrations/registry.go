package integrations

// registry lists every integration of the model. Adding one is a file of
// this package that defines its *Integration, and one line here.
func registry() []*Integration {
	return []*Integration{
		ecsRunTask,
		ecsRunTaskSDK,
		codeBuildStartBuild,
		codeBuildStartBuildBatch,
	}
}

// Integrations returns every integration of the model.
func Integrations() []*Integration { return registry() }

// lookup finds the integration and pattern a Task state Resource calls.
func lookup(resource string) (*Integration, Pattern, bool) {
	p, ok := ParseTaskResource(resource)
	if !ok {
		return nil, "", false
	}
	for _, in := range registry() {
		if in.Service == p.Service && in.Action == p.Action && in.supports(p.Pattern) {
			return in, p.Pattern, true
		}
	}
	return nil, "", false
}
