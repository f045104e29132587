package pack

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"sync"

	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// callerKind says what a caller is.
type callerKind int

const (
	// machineCaller is a state machine: its Task states' calls, with its
	// role or their Credentials roles, and its role's trust.
	machineCaller callerKind = iota
	// ecsTargetCaller is an EventBridge rule target or a Scheduler
	// schedule that runs an ECS task with its role.
	ecsTargetCaller
	// starterCaller is an EventBridge rule target or a Scheduler schedule
	// that starts a state machine of the stack.
	starterCaller
	// taskDefCaller is an ECS task definition, whose roles ECS assumes.
	taskDefCaller
)

// caller is a resource of the stack that AWS makes requests for, and what
// a violation is filed on. Its requests are gathered and decided once,
// on first use; the policies only select and render them.
type caller struct {
	kind       callerKind
	urn, label string
	machine    *stackmodel.Machine // machineCaller; starterCaller: the machine it starts
	starter    *stackmodel.Starter // ecsTargetCaller, starterCaller
	taskDef    *stackmodel.TaskDef // taskDefCaller
	// roleLabel names the caller's own role ("its role" before it is
	// resolved, or for a task definition).
	roleLabel string

	once sync.Once
	// reqs are the caller's requests, deduplicated, decided, in a stable
	// order; open says what could not be read at all, one sentence each.
	reqs []*request
	open []string
	// done is set once reqs are in: a panic while gathering leaves it
	// unset, and the policies that read the caller say so.
	done bool
}

// page is the AWS page that lists what an ECS caller's role needs.
func (c *caller) page() string {
	if c.kind == ecsTargetCaller {
		return c.starter.ECS.Page()
	}
	// What a state machine role needs to run ECS tasks, PassRole
	// included.
	return integrations.ECSRunTask().Page
}

// hides reports whether the values of the caller's requests must not be
// printed: they come from a secret definition, or are built from a
// secret state machine name.
func (c *caller) hides() bool {
	m := c.machine
	switch c.kind {
	case machineCaller:
		return m.DefinitionKnownness == stackmodel.Secret || m.NameSecret
	case starterCaller:
		return m.NameSecret
	}
	return false
}

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
// definitions that share it: the same request of the same principal. It
// holds up to two condition keys itself (the model's requests carry at
// most two), more as one string.
type requestKey struct {
	principal                    string
	kind                         integrations.Kind
	action, resource             string
	key1, value1, key2, value2   string
	via, taskDefinition, context string
}

// key returns r's requestKey, allocating nothing for a context of at most
// two keys.
func (r *request) key() requestKey {
	k := requestKey{principal: r.principalLabel(), kind: r.Kind, action: r.Action, resource: r.Resource}
	switch len(r.Context) {
	case 0:
	case 1, 2:
		for ck, cv := range r.Context {
			if k.key1 == "" || ck < k.key1 {
				k.key2, k.value2 = k.key1, k.value1
				k.key1, k.value1 = ck, cv
			} else {
				k.key2, k.value2 = ck, cv
			}
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

// compare orders keys: by principal, kind, action, resource, then the
// rest.
func (k requestKey) compare(o requestKey) int {
	if c := cmp.Compare(k.principal, o.principal); c != 0 {
		return c
	}
	if c := cmp.Compare(k.kind, o.kind); c != 0 {
		return c
	}
	for _, pair := range [...][2]string{{k.action, o.action}, {k.resource, o.resource}, {k.key1, o.key1}, {k.value1, o.value1},
		{k.key2, o.key2}, {k.value2, o.value2}, {k.context, o.context}, {k.via, o.via}} {
		if c := cmp.Compare(pair[0], pair[1]); c != 0 {
			return c
		}
	}
	return cmp.Compare(k.taskDefinition, o.taskDefinition)
}

// merge sets the caller's requests, one per key, in a stable order: by
// principal, kind, action, resource. Sorted first, equal requests are
// neighbours, merged into the first.
func (c *caller) merge(reqs []*request) {
	slices.SortStableFunc(reqs, func(a, b *request) int { return a.key().compare(b.key()) })
	out := reqs[:0]
	for _, r := range reqs {
		if n := len(out); n > 0 && out[n-1].key() == r.key() {
			have := out[n-1]
			for _, st := range r.states {
				if !slices.Contains(have.states, st) {
					have.states = append(have.states[:len(have.states):len(have.states)], st)
				}
			}
			for j := range r.from {
				have.addSource(&r.from[j])
			}
			continue
		}
		out = append(out, r)
	}
	c.reqs = out
}
