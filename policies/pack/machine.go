package pack

import (
	"fmt"

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
	integrationTasks []integrations.Task
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

// arns returns the state machine's ARN, or the ARNs it may have.
func (m *machine) arns(env *arnCandidates) []string {
	if m.arn != "" {
		return []string{m.arn}
	}
	if m.name == "" {
		return nil
	}
	return env.regionalARNs(func(a integrations.Account) string { return a.StateMachineARN(m.name) })
}

// secretDefinition is the path shown for any state of a secret
// definition: state names are part of the secret.
const secretDefinition = "(a state of the secret definition)"

// tasks returns the Task states of the definition, nested ones included,
// that call an integration of the model (found once, by parse). The
// states of a secret definition all have the path secretDefinition.
func (m *machine) tasks() []integrations.Task { return m.integrationTasks }

// findTasks reads the definition's Task states through the model.
func (m *machine) findTasks() []integrations.Task {
	ts := integrations.Tasks(m.def)
	if m.defState == secret {
		for i := range ts {
			ts[i].Path = secretDefinition
		}
	}
	return ts
}
