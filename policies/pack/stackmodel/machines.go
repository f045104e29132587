package stackmodel

import (
	"fmt"

	"batchpipeline/internal/asl"
	"batchpipeline/internal/integrations"
)

// Machine is an aws:sfn/stateMachine:StateMachine of the stack.
type Machine struct {
	Resource *Resource
	Name     string // AWS name, "" when unknown
	ARN      string // "" when unknown
	Role     ARNRef
	// DefinitionKnownness says whether the definition is known; Definition
	// is set when it parsed, DefinitionError when it did not.
	DefinitionKnownness Knownness
	Definition          *asl.StateMachine
	DefinitionError     error
	// NameSecret is set when the name or ARN is secret.
	NameSecret bool
	// integrationTasks and uncovered are the Task states of the
	// definition (integrations.Survey), filled by parse.
	integrationTasks []integrations.Task
	uncovered        []integrations.Uncovered
}

func newMachine(r *Resource) *Machine {
	m := &Machine{Resource: r}
	p := r.Properties
	if n, kn := ReadString(p, "name"); kn.Usable() {
		m.Name, m.NameSecret = n, kn == Secret
	}
	if a, kn := ReadString(p, "arn"); kn.Usable() {
		m.ARN = a
		m.NameSecret = m.NameSecret || kn == Secret
	}
	m.Role = readARNRef(r, p, "roleArn", "roleArn", "roleArn")
	_, m.DefinitionKnownness = ReadString(p, "definition")
	if m.DefinitionKnownness == Missing && r.absentButLinked("definition") {
		m.DefinitionKnownness = Unknown
	}
	return m
}

// parse parses the definition, if known. New calls it for every
// machine, in parallel, before any policy reads def. A panic (a bug of the
// parser) becomes a parse error: parse runs on a worker goroutine, where
// no policy's recover could catch it.
func (m *Machine) parse() {
	def, kn := ReadString(m.Resource.Properties, "definition")
	if !kn.Usable() {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			m.Definition, m.DefinitionError = nil, fmt.Errorf("internal error parsing the definition: %v", p)
		}
	}()
	m.Definition, m.DefinitionError = asl.Parse([]byte(def))
	if m.DefinitionError != nil && kn == Secret {
		// The parser's error may quote the definition.
		m.DefinitionError = fmt.Errorf("the definition (secret) is not valid JSON")
	}
	m.integrationTasks, m.uncovered = m.survey()
}

// Label names the state machine in messages.
func (m *Machine) Label() string {
	if m.Name != "" && !m.NameSecret {
		return fmt.Sprintf("state machine %q", m.Name)
	}
	return fmt.Sprintf("state machine %q", m.Resource.Name)
}

// ARNIn returns the state machine's ARN, or when it is not known yet the
// ARN it has by its name in the account where; "" when even the name is
// unknown.
func (m *Machine) ARNIn(where integrations.Account) string {
	switch {
	case m.ARN != "":
		return m.ARN
	case m.Name == "":
		return ""
	}
	return where.StateMachineARN(m.Name)
}

// secretDefinition is the path shown for any state of a secret
// definition: state names are part of the secret.
const secretDefinition = "(a state of the secret definition)"

// Tasks returns the Task states of the definition, nested ones included,
// that call an integration of the model (found once, by parse). The
// states of a secret definition all have the path secretDefinition.
func (m *Machine) Tasks() []integrations.Task { return m.integrationTasks }

// survey reads the definition's Task states through the model.
func (m *Machine) survey() ([]integrations.Task, []integrations.Uncovered) {
	ts, us := integrations.Survey(m.Definition)
	if m.DefinitionKnownness == Secret {
		for i := range ts {
			ts[i].Path = secretDefinition
		}
		for i := range us {
			// The integration a Why names is part of the secret too.
			us[i].Path, us[i].Resource, us[i].Why = secretDefinition, "(secret)", "the run-time model cannot judge it"
		}
	}
	return ts, us
}

// Uncovered returns the Task states of the definition the run-time model
// cannot judge, with why; a secret definition's are named by
// secretDefinition, their Resource hidden.
func (m *Machine) Uncovered() []integrations.Uncovered { return m.uncovered }
