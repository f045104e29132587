package pack

import (
	"maps"
	"slices"
	"strings"

	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// request is one request of a caller as the pack judges it: the model's
// request, the roles it names resolved in the stack, where it comes from,
// and its verdict.
type request struct {
	// Request points into the slice the model returned (or to the one
	// request of a service assuming a role): a request is large, and a
	// stack has many.
	*integrations.Request
	caller *caller
	// principal is the role whose identity policies decide (By
	// CallerRole or CredentialsRole), nil for a service principal.
	principal *stackmodel.ResolvedRole
	// assumed is the role an AssumeRoleRequest assumes, whose trust
	// policy decides.
	assumed *stackmodel.ResolvedRole
	// unsure, when set, says why AWS may not make the request, as the
	// model's Unsure does; it is asked only of a request denied (reading
	// a task definition's containers costs more than most verdicts).
	unsure func() string
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

// requestKey identifies a request across the states and task
// definitions that share it: the same request of the same principal.
type requestKey struct {
	principal                  string
	kind                       integrations.Kind
	action, resource, context  string
	via, taskDefinition, other string
}

// key returns r's requestKey, without allocating for the usual context of
// at most one key.
func (r *request) key() requestKey {
	k := requestKey{principal: r.principalLabel(), kind: r.Kind, action: r.Action, resource: r.Resource}
	switch len(r.Context) {
	case 0:
	case 1:
		for ck, cv := range r.Context {
			k.context, k.other = ck, cv
		}
	default:
		var b strings.Builder
		for _, ck := range slices.Sorted(maps.Keys(r.Context)) {
			b.WriteString(ck + "=" + r.Context[ck] + "\x00")
		}
		k.context = b.String()
	}
	if r.Kind != integrations.CallRequest {
		k.via, k.taskDefinition = r.Via, r.TaskDefinition
	}
	return k
}

// less orders keys: by principal, kind, action, resource, then the rest.
func (k requestKey) less(o requestKey) bool {
	switch {
	case k.principal != o.principal:
		return k.principal < o.principal
	case k.kind != o.kind:
		return k.kind < o.kind
	case k.action != o.action:
		return k.action < o.action
	case k.resource != o.resource:
		return k.resource < o.resource
	case k.context != o.context:
		return k.context < o.context
	case k.other != o.other:
		return k.other < o.other
	case k.via != o.via:
		return k.via < o.via
	}
	return k.taskDefinition < o.taskDefinition
}

// merge adds reqs to the caller's requests, one per key, in a stable
// order: by principal, kind, action, resource. A caller has a few
// requests, so they are compared in a slice, not a map.
func (c *caller) merge(reqs []*request) {
	type keyed struct {
		k requestKey
		r *request
	}
	out := make([]keyed, 0, len(reqs))
next:
	for _, r := range reqs {
		k := r.key()
		for i := range out {
			if out[i].k != k {
				continue
			}
			have := out[i].r
			for _, st := range r.states {
				if !slices.Contains(have.states, st) {
					have.states = append(have.states[:len(have.states):len(have.states)], st)
				}
			}
			for j := range r.from {
				have.addSource(&r.from[j])
			}
			continue next
		}
		out = append(out, keyed{k, r})
	}
	slices.SortStableFunc(out, func(a, b keyed) int {
		switch {
		case a.k.less(b.k):
			return -1
		case b.k.less(a.k):
			return 1
		}
		return 0
	})
	c.reqs = make([]*request, len(out))
	for i, o := range out {
		c.reqs[i] = o.r
	}
}
