package asl

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one reason Step Functions would reject a definition, or one
// mistake that fails every execution.
type Problem struct {
	// Path locates the offending field, e.g.
	// "States.Jobs.Branches[0].States.RunA.Catch[0].Next".
	Path string
	// Message says what is wrong, in a sentence a user can act on.
	Message string
}

// String returns "Path: Message".
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// Validate checks m against the rules of the States Language that Step
// Functions enforces when it creates a state machine, plus unreachable
// states. Each scope (the machine, a Parallel branch, a Map item processor)
// is checked on its own: StartAt and every transition must name a state of
// the same scope. Problems are sorted by path, then message; nil means none.
func Validate(m *StateMachine) []Problem {
	if m == nil {
		return []Problem{{Message: "definition is null"}}
	}
	v := &validator{seen: make(map[string]string), nested: make(map[string]string)}
	Walk(m, func(sc Scope, name string, _ *State) {
		if _, ok := v.nested[name]; !ok && sc.Kind != ScopeRoot {
			v.nested[name] = sc.Path
		}
	})
	v.scope(&Scope{Kind: ScopeRoot, Machine: m})
	sort.SliceStable(v.problems, func(i, j int) bool {
		a, b := v.problems[i], v.problems[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
	return v.problems
}

// validator collects problems while walking the scopes of one definition.
type validator struct {
	problems []Problem
	// seen maps each state name to the path where it first appeared (in
	// walk order), to find names used twice.
	seen map[string]string
	// nested maps the name of each state inside a branch or item processor
	// to the path of the first scope that holds it.
	nested map[string]string
}

// add records a problem at path.
func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// scope checks one scope and, through its states, the scopes nested in it.
func (v *validator) scope(sc *Scope) {
	m := sc.Machine
	startOK := false
	if m.StartAt == "" {
		v.add(sc.Field("StartAt"), "StartAt is missing: it must name the first state")
	} else if _, startOK = m.States[m.StartAt]; !startOK {
		v.add(sc.Field("StartAt"), "%s", v.missingTarget(sc, "StartAt", m.StartAt))
	}
	if len(m.States) == 0 {
		v.add(sc.Field("States"), "States is empty: a %s needs at least one state", scopeNoun(sc.Kind))
	}
	for _, name := range stateNames(m) {
		path := sc.StatePath(name)
		if first, dup := v.seen[name]; dup {
			v.add(path, "state name %q is already used at %s: state names must be unique in the whole state machine", name, first)
		} else {
			v.seen[name] = path
		}
		s := m.States[name]
		if s == nil {
			v.add(path, "state is null")
			continue
		}
		v.state(sc, path, s)
		for i, b := range s.Branches {
			if b == nil {
				v.add(fmt.Sprintf("%s.Branches[%d]", path, i), "branch is null")
			}
		}
		for _, child := range childScopes(sc, name, s) {
			v.scope(child)
		}
	}
	if startOK {
		v.unreachable(sc)
	}
}

// state checks the fields of one state, except nested scopes.
func (v *validator) state(sc *Scope, path string, s *State) {
	switch s.Type {
	case TypeTask, TypePass, TypeWait, TypeParallel, TypeMap:
		switch {
		case s.Next == "" && !s.End:
			v.add(path, "a %s state needs Next or End: true", s.Type)
		case s.Next != "" && s.End:
			v.add(path, "a %s state may have Next or End: true, not both", s.Type)
		}
	case TypeChoice, TypeSucceed, TypeFail:
		if s.Next != "" || s.End {
			v.add(path, "a %s state may not have Next or End", s.Type)
		}
	case "":
		v.add(path+".Type", "Type is missing")
	default:
		v.add(path+".Type", "unknown state type %q (want Task, Pass, Choice, Wait, Succeed, Fail, Parallel or Map)", s.Type)
	}

	switch s.Type {
	case TypeTask:
		if s.Resource == "" {
			v.add(path+".Resource", "a Task state needs Resource")
		}
	case TypeChoice:
		if len(s.Choices) == 0 {
			v.add(path+".Choices", "a Choice state needs at least one rule in Choices")
		}
		for i, r := range s.Choices {
			if r.Next == "" {
				v.add(fmt.Sprintf("%s.Choices[%d]", path, i), "a top-level choice rule needs Next")
			}
		}
	case TypeParallel:
		if len(s.Branches) == 0 {
			v.add(path+".Branches", "a Parallel state needs at least one branch")
		}
	case TypeMap:
		if s.ItemProcessor == nil && s.Iterator == nil {
			v.add(path+".ItemProcessor", "a Map state needs ItemProcessor (or the legacy Iterator)")
		}
	}

	for _, t := range Transitions(s) {
		if _, ok := sc.Machine.States[t.Target]; !ok {
			v.add(path+"."+t.Field, "%s", v.missingTarget(sc, transitionLabel(t.Kind), t.Target))
		}
	}
	for i, r := range s.Retry {
		v.errorEquals(fmt.Sprintf("%s.Retry[%d]", path, i), "retrier", r.ErrorEquals, i == len(s.Retry)-1)
	}
	for i, c := range s.Catch {
		v.errorEquals(fmt.Sprintf("%s.Catch[%d]", path, i), "catcher", c.ErrorEquals, i == len(s.Catch)-1)
	}
}

// errorEquals checks the ErrorEquals of one retrier or catcher.
func (v *validator) errorEquals(path, what string, errs []string, last bool) {
	if len(errs) == 0 {
		v.add(path+".ErrorEquals", "a %s needs at least one error name in ErrorEquals", what)
		return
	}
	for _, e := range errs {
		if e != ErrorAll {
			continue
		}
		if len(errs) > 1 {
			v.add(path+".ErrorEquals", "%s must be alone in ErrorEquals", ErrorAll)
		}
		if !last {
			v.add(path+".ErrorEquals", "%s must be in the last %s of the list: the ones after it can never match", ErrorAll, what)
		}
		return
	}
}

// unreachable reports the states of sc that no path of transitions from
// StartAt reaches. Targets outside the scope are reported elsewhere.
func (v *validator) unreachable(sc *Scope) {
	m := sc.Machine
	reached := map[string]bool{m.StartAt: true}
	queue := []string{m.StartAt}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		for _, t := range Transitions(m.States[name]) {
			if _, ok := m.States[t.Target]; ok && !reached[t.Target] {
				reached[t.Target] = true
				queue = append(queue, t.Target)
			}
		}
	}
	for _, name := range stateNames(m) {
		if !reached[name] {
			v.add(sc.StatePath(name), "state %q is unreachable: no transition from StartAt %q leads to it", name, m.StartAt)
		}
	}
}

// missingTarget explains a field (StartAt or a transition) of a state in
// sc that names target, which is not a state of sc. When target is a state
// of an enclosing scope, the message says that the transition leaves the
// scope, which is the usual mistake.
func (v *validator) missingTarget(sc *Scope, field, target string) string {
	for outer := sc.Parent; outer != nil; outer = outer.Parent {
		if _, ok := outer.Machine.States[target]; ok {
			noun := scopeNoun(sc.Kind)
			return fmt.Sprintf("%s %q leaves its %s: a %s state may only transition within the %s (%q is at %s)",
				field, target, noun, shortScopeNoun(sc.Kind), shortScopeNoun(sc.Kind), target, outer.StatePath(target))
		}
	}
	msg := fmt.Sprintf("%s %q names no state of the state machine", field, target)
	if sc.Kind != ScopeRoot {
		msg = fmt.Sprintf("%s %q names no state of its %s", field, target, scopeNoun(sc.Kind))
	}
	if inner, ok := v.nested[target]; ok {
		msg += fmt.Sprintf(": %q is inside %s, which only its own states may transition to", target, inner)
	}
	return msg
}

// transitionLabel names the field of a transition in a message.
func transitionLabel(k TransitionKind) string {
	switch k {
	case TransitionCatch:
		return "Catch.Next"
	case TransitionChoice:
		return "Choice rule Next"
	default:
		return string(k)
	}
}

// scopeNoun names a scope kind in a sentence.
func scopeNoun(k ScopeKind) string {
	if k == ScopeRoot {
		return "state machine"
	}
	return string(k)
}

// shortScopeNoun is the last word of scopeNoun: "branch", "processor".
func shortScopeNoun(k ScopeKind) string {
	n := scopeNoun(k)
	return n[strings.LastIndexByte(n, ' ')+1:]
}
