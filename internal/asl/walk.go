package asl

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ScopeKind says what a Scope is.
type ScopeKind string

// Scope kinds: the top-level machine, a Parallel branch, a Map item
// processor (ItemProcessor or its legacy name Iterator).
const (
	ScopeRoot          ScopeKind = "root"
	ScopeBranch        ScopeKind = "Parallel branch"
	ScopeItemProcessor ScopeKind = "Map item processor"
)

// Scope is one set of states that transitions may move between: the
// top-level machine, a Parallel branch or a Map item processor.
type Scope struct {
	// Path locates the scope in the definition, e.g. "States.Jobs.Branches[0]";
	// it is empty for the top-level machine.
	Path string
	// Depth is 0 for the top-level machine and one more per nesting level.
	Depth int
	// Kind says whether the scope is the root, a branch or an item processor.
	Kind ScopeKind
	// Machine holds the scope's StartAt and States.
	Machine *StateMachine
	// Parent is the enclosing scope, nil for the root.
	Parent *Scope
}

// StatePath returns the path of the state called name in this scope, e.g.
// "States.Jobs.Branches[0].States.RunA". Names that would make the path
// ambiguous are quoted: States["a.b"].
func (sc Scope) StatePath(name string) string {
	return sc.Field(statesKey(name))
}

// Field returns the path of a field of the scope, e.g. "StartAt" or
// "States.Jobs.Branches[0].StartAt".
func (sc Scope) Field(field string) string {
	if sc.Path == "" {
		return field
	}
	return sc.Path + "." + field
}

// statesKey renders the States entry of a name for a path.
func statesKey(name string) string {
	if name == "" || strings.ContainsAny(name, ".[]\"'\\ \t\n") {
		return "States[" + strconv.Quote(name) + "]"
	}
	return "States." + name
}

// Walk calls fn for every state of m, nested ones included. Within a scope
// states come in name order, and the states of a Parallel's branches or a
// Map's item processor come right after the state that holds them. A state
// given as JSON null is passed as a nil *State.
func Walk(m *StateMachine, fn func(scope Scope, name string, s *State)) {
	if m == nil {
		return
	}
	walkScope(&Scope{Kind: ScopeRoot, Machine: m}, fn)
}

func walkScope(sc *Scope, fn func(Scope, string, *State)) {
	for _, name := range stateNames(sc.Machine) {
		s := sc.Machine.States[name]
		fn(*sc, name, s)
		for _, child := range childScopes(sc, name, s) {
			walkScope(child, fn)
		}
	}
}

// stateNames returns the names of m's states, sorted.
func stateNames(m *StateMachine) []string {
	names := make([]string, 0, len(m.States))
	for name := range m.States {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// childScopes returns the scopes nested in state s (called name) of sc:
// its non-null Parallel branches and Map item processors.
func childScopes(sc *Scope, name string, s *State) []*Scope {
	if s == nil {
		return nil
	}
	base := sc.StatePath(name)
	var out []*Scope
	child := func(path string, kind ScopeKind, m *StateMachine) {
		if m != nil {
			out = append(out, &Scope{Path: path, Depth: sc.Depth + 1, Kind: kind, Machine: m, Parent: sc})
		}
	}
	for i, b := range s.Branches {
		child(fmt.Sprintf("%s.Branches[%d]", base, i), ScopeBranch, b)
	}
	child(base+".ItemProcessor", ScopeItemProcessor, s.ItemProcessor)
	child(base+".Iterator", ScopeItemProcessor, s.Iterator)
	return out
}

// TransitionKind says which field a Transition comes from.
type TransitionKind string

// Transition kinds.
const (
	TransitionNext    TransitionKind = "Next"
	TransitionChoice  TransitionKind = "Choice"
	TransitionDefault TransitionKind = "Default"
	TransitionCatch   TransitionKind = "Catch"
)

// Transition is one way out of a state to another state of its scope.
type Transition struct {
	// Kind is the field the transition comes from.
	Kind TransitionKind
	// Target is the name of the state transitioned to.
	Target string
	// Field is the path of the field within the state: "Next", "Default",
	// "Choices[2].Next" or "Catch[0].Next".
	Field string
	// Index is the position of the choice rule or catcher; 0 otherwise.
	Index int
}

// Transitions returns the transitions out of s in the order Next, choice
// rules, Default, catchers. Fields left empty are not transitions and are
// left out. A nil state has none.
func Transitions(s *State) []Transition {
	if s == nil {
		return nil
	}
	var out []Transition
	if s.Next != "" {
		out = append(out, Transition{Kind: TransitionNext, Target: s.Next, Field: "Next"})
	}
	for i, r := range s.Choices {
		if r.Next != "" {
			out = append(out, Transition{Kind: TransitionChoice, Target: r.Next, Field: fmt.Sprintf("Choices[%d].Next", i), Index: i})
		}
	}
	if s.Default != "" {
		out = append(out, Transition{Kind: TransitionDefault, Target: s.Default, Field: "Default"})
	}
	for i, c := range s.Catch {
		if c.Next != "" {
			out = append(out, Transition{Kind: TransitionCatch, Target: c.Next, Field: fmt.Sprintf("Catch[%d].Next", i), Index: i})
		}
	}
	return out
}
