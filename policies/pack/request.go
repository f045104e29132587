package pack

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// request is one request of a caller as the pack judges it: the model's
// request, the roles it names resolved in the stack, where it comes from,
// and its verdict.
type request struct {
	integrations.Request
	caller *caller
	// principal is the role whose identity policies decide (By
	// CallerRole or CredentialsRole), nil for a service principal.
	principal *stackmodel.ResolvedRole
	// assumed is the role an AssumeRoleRequest assumes, whose trust
	// policy decides.
	assumed *stackmodel.ResolvedRole
	// roleLabel names the role a PassRoleRequest passes or an
	// AssumeRoleRequest assumes.
	roleLabel string
	// states are the paths of the Task states it comes from.
	states []string
	// from says, for a role passed, where it comes from.
	from    []roleSource
	verdict verdict
}

// roleSource says where a role passed comes from: "executionRoleArn of
// task definition "x" (run by state S)", or "Overrides.TaskRoleArn of
// state S".
type roleSource struct {
	via, of string
	why     []string
}

func (r roleSource) String() string {
	s := r.via + " of " + r.of
	if len(r.why) > 0 {
		s += " (" + strings.Join(r.why, "; ") + ")"
	}
	return s
}

// because joins where a role passed comes from.
func (r *request) because() string {
	parts := make([]string, len(r.from))
	for i, f := range r.from {
		parts[i] = f.String()
	}
	return strings.Join(parts, "; ")
}

// addSource records src, merging it with an entry of the same origin.
func (r *request) addSource(src *roleSource) {
	if src == nil {
		return
	}
	for i := range r.from {
		if r.from[i].via == src.via && r.from[i].of == src.of {
			for _, w := range src.why {
				if !slices.Contains(r.from[i].why, w) {
					r.from[i].why = append(r.from[i].why, w)
				}
			}
			return
		}
	}
	r.from = append(r.from, roleSource{via: src.via, of: src.of, why: slices.Clone(src.why)})
}

// principalLabel names whose permissions decide.
func (r *request) principalLabel() string {
	if r.principal == nil {
		return r.Service
	}
	return r.principal.Label
}

// key identifies a request across the states and task definitions that
// share it: the same request of the same principal.
func (r *request) key() string {
	var b strings.Builder
	b.WriteString(r.principalLabel())
	b.WriteString("\x00" + strconv.Itoa(int(r.Kind)) + "\x00" + r.Action + "\x00" + r.Resource)
	for _, k := range slices.Sorted(maps.Keys(r.Context)) {
		b.WriteString("\x00" + k + "=" + r.Context[k])
	}
	if r.Kind != integrations.CallRequest {
		b.WriteString("\x00" + r.Via + "\x00" + r.TaskDefinition)
	}
	return b.String()
}

// merge adds reqs to the caller's requests, one per key, in a stable
// order: by principal, kind, action, resource.
func (c *caller) merge(reqs []*request) {
	byKey := make(map[string]*request, len(reqs))
	var keys []string
	for _, r := range reqs {
		k := r.key()
		have, ok := byKey[k]
		if !ok {
			byKey[k] = r
			keys = append(keys, k)
			continue
		}
		for _, st := range r.states {
			if !slices.Contains(have.states, st) {
				have.states = append(have.states, st)
			}
		}
		for i := range r.from {
			have.addSource(&r.from[i])
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		c.reqs = append(c.reqs, byKey[k])
	}
}
