package pack

import (
	"fmt"
	"strings"

	"batchpipeline/internal/asl"
	"batchpipeline/internal/integrations"
)

// machine is an aws:sfn/stateMachine:StateMachine of the stack.
type machine struct {
	res  *resource
	name string // AWS name, "" when unknown
	arn  string // "" when unknown
	role roleRef
	// defState says whether the definition is known; def is set when it
	// parsed, defErr when it did not.
	defState state
	def      *asl.StateMachine
	defErr   error
	// nameSecret is set when the name or ARN is secret.
	nameSecret bool
	// integrationTasks caches tasks(), filled by parse.
	integrationTasks []task
	// candidates caches arns (see stack.freezeARNs).
	candidates arnMemo
}

func newMachine(r *resource) *machine {
	m := &machine{res: r}
	p := r.Properties
	if n, st := str(p, "name"); st.ok() {
		m.name, m.nameSecret = n, st == secret
	}
	if a, st := str(p, "arn"); st.ok() {
		m.arn = a
		m.nameSecret = m.nameSecret || st == secret
	}
	m.role = readRoleRef(r, p, "roleArn", "roleArn", "roleArn")
	_, m.defState = str(p, "definition")
	if m.defState == missing && r.absentButLinked("definition") {
		m.defState = unknown
	}
	return m
}

// parse parses the definition, if known. newStack calls it for every
// machine, in parallel, before any policy reads def. A panic (a bug of the
// parser) becomes a parse error: parse runs on a worker goroutine, where
// no policy's recover could catch it.
func (m *machine) parse() {
	def, st := str(m.res.Properties, "definition")
	if !st.ok() {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			m.def, m.defErr = nil, fmt.Errorf("internal error parsing the definition: %v", p)
		}
	}()
	m.def, m.defErr = asl.Parse([]byte(def))
	if m.defErr != nil && st == secret {
		// The parser's error may quote the definition.
		m.defErr = fmt.Errorf("the definition (secret) is not valid JSON")
	}
	m.integrationTasks = m.findTasks()
}

// label names the state machine in messages.
func (m *machine) label() string {
	if m.name != "" && !m.nameSecret {
		return fmt.Sprintf("state machine %q", m.name)
	}
	return fmt.Sprintf("state machine %q", m.res.Name)
}

// arns returns the state machine's ARN, or the ARNs it may have. The
// slice may be shared: callers must not modify it.
func (m *machine) arns(env *arnEnv) []string {
	return m.candidates.get(env, m.computeARNs)
}

func (m *machine) computeARNs(env *arnEnv) []string {
	if m.arn != "" {
		return []string{m.arn}
	}
	if m.name == "" {
		return nil
	}
	return env.regionalARNs("states", "stateMachine:"+m.name)
}

// secretDefinition is the path shown for any state of a secret
// definition: state names are part of the secret.
const secretDefinition = "(a state of the secret definition)"

// task is one Task state of a definition that calls a service integration.
type task struct {
	// path locates the state ("States.Jobs.Branches[0].States.RunA").
	path  string
	state *asl.State
	integ integrations.Integration
	// params is the state's Parameters (JSONPath) or Arguments (JSONata)
	// object, nil when absent or not an object.
	params map[string]any
	// secret is set when the definition is secret: its values are used to
	// decide but never printed.
	secret bool
}

// shown returns v, or a placeholder when the definition is secret.
func (t task) shown(v string) string {
	if t.secret {
		return "(secret)"
	}
	return v
}

// tasks returns the Task states of the definition, nested ones included,
// that call a service integration this pack knows (found once, by parse).
func (m *machine) tasks() []task { return m.integrationTasks }

// findTasks walks the definition for tasks.
func (m *machine) findTasks() []task {
	var out []task
	asl.Walk(m.def, func(sc asl.Scope, name string, s *asl.State) {
		if s == nil || s.Type != asl.TypeTask {
			return
		}
		in, ok := integrations.ParseTaskResource(s.Resource)
		if !ok {
			return
		}
		t := task{path: sc.StatePath(name), state: s, integ: in, params: s.Parameters, secret: m.defState == secret}
		if t.secret {
			t.path = secretDefinition
		}
		if t.params == nil {
			t.params, _ = s.Arguments.(map[string]any)
		}
		out = append(out, t)
	})
	return out
}

// param reads a string parameter of a task. dynamic is set when the value
// is chosen at run time: a "Name.$" JSONPath key or a JSONata expression.
func (t task) param(name string) (value string, dynamic, present bool) {
	if _, ok := t.params[name+".$"]; ok {
		return "", true, true
	}
	v, ok := t.params[name]
	if !ok {
		return "", false, false
	}
	s, isString := v.(string)
	if !isString {
		return "", true, true
	}
	if strings.HasPrefix(strings.TrimSpace(s), "{%") {
		return "", true, true
	}
	return s, false, true
}

// hasParam reports whether a parameter is set, statically or dynamically.
func (t task) hasParam(name string) bool {
	_, ok := t.params[name]
	_, okDyn := t.params[name+".$"]
	return ok || okDyn
}
