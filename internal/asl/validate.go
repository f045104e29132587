package asl

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
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
	total, widest := countStates(m)
	v := &validator{
		root:    m,
		seen:    make(map[string]string, total),
		names:   make([]string, 0, total),
		scratch: make([]int32, 0, 2*widest),
	}
	v.scope(Scope{Kind: ScopeRoot, Machine: m})
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
// It visits states in the order of Walk. Paths are built only for the
// problems it reports.
type validator struct {
	root     *StateMachine
	problems []Problem
	// seen maps each state name to the path of the scope where it first
	// appeared (in walk order), to find names used twice.
	seen map[string]string
	// nested maps the name of each state inside a branch or item processor
	// to the path of the first scope that holds it; built when first needed.
	nested map[string]string
	// names holds the sorted state names of the scopes being checked, the
	// outer ones first.
	names []string
	// scratch is unreachable's buffer.
	scratch []int32
}

// add records a problem at path.
func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// at returns the path of a field of the state called name in sc: suffix
// is "" for the state itself, else ".Field".
func at(sc *Scope, name, suffix string) string {
	return sc.StatePath(name) + suffix
}

// indexed returns ".field[i]" followed by rest.
func indexed(field string, i int, rest string) string {
	return "." + field + "[" + strconv.Itoa(i) + "]" + rest
}

// scope checks one scope and, through its states, the scopes nested in it.
func (v *validator) scope(sc Scope) {
	m := sc.Machine
	startOK := false
	if m.StartAt == "" {
		v.add(sc.Field("StartAt"), "StartAt is missing: it must name the first state")
	} else if _, startOK = m.States[m.StartAt]; !startOK {
		v.add(sc.Field("StartAt"), "%s", v.missingTarget(&sc, "StartAt", m.StartAt))
	}
	if len(m.States) == 0 {
		v.add(sc.Field("States"), "States is empty: a %s needs at least one state", scopeNoun(sc.Kind))
	}
	start := len(v.names)
	v.names = appendSortedNames(v.names, m)
	end := len(v.names)
	var parent *Scope // sc on the heap, made for its first nested scope
	for i := start; i < end; i++ {
		name := v.names[i]
		if first, dup := v.seen[name]; dup {
			v.add(at(&sc, name, ""), "state name %q is already used at %s: state names must be unique in the whole state machine",
				name, Scope{Path: first}.StatePath(name))
		} else {
			v.seen[name] = sc.Path
		}
		s := m.States[name]
		if s == nil {
			v.add(at(&sc, name, ""), "state is null")
			continue
		}
		v.state(&sc, name, s)
		for j, b := range s.Branches {
			if b == nil {
				v.add(at(&sc, name, indexed("Branches", j, "")), "branch is null")
			}
		}
		if !hasChildScopes(s) {
			continue
		}
		if parent == nil {
			parent = new(Scope)
			*parent = sc
		}
		forChildScopes(parent, name, s, v.scope)
	}
	if startOK {
		v.unreachable(&sc, v.names[start:end])
	}
	v.names = v.names[:start]
}

// state checks the fields of the state s called name in sc, except nested
// scopes.
func (v *validator) state(sc *Scope, name string, s *State) {
	switch s.Type {
	case TypeTask, TypePass, TypeWait, TypeParallel, TypeMap:
		switch {
		case s.Next == "" && !s.End:
			v.add(at(sc, name, ""), "a %s state needs Next or End: true", s.Type)
		case s.Next != "" && s.End:
			v.add(at(sc, name, ""), "a %s state may have Next or End: true, not both", s.Type)
		}
	case TypeChoice, TypeSucceed, TypeFail:
		if s.Next != "" || s.End {
			v.add(at(sc, name, ""), "a %s state may not have Next or End", s.Type)
		}
	case "":
		v.add(at(sc, name, ".Type"), "Type is missing")
	default:
		v.add(at(sc, name, ".Type"), "unknown state type %q (want Task, Pass, Choice, Wait, Succeed, Fail, Parallel or Map)", s.Type)
	}

	switch s.Type {
	case TypeTask:
		if s.Resource == "" {
			v.add(at(sc, name, ".Resource"), "a Task state needs Resource")
		}
	case TypeChoice:
		if len(s.Choices) == 0 {
			v.add(at(sc, name, ".Choices"), "a Choice state needs at least one rule in Choices")
		}
		for i := range s.Choices {
			if s.Choices[i].Next == "" {
				v.add(at(sc, name, indexed("Choices", i, "")), "a top-level choice rule needs Next")
			}
		}
	case TypeParallel:
		if len(s.Branches) == 0 {
			v.add(at(sc, name, ".Branches"), "a Parallel state needs at least one branch")
		}
	case TypeMap:
		if s.ItemProcessor == nil && s.Iterator == nil {
			v.add(at(sc, name, ".ItemProcessor"), "a Map state needs ItemProcessor (or the legacy Iterator)")
		}
	}

	eachTransition(s, func(kind TransitionKind, target string, index int) {
		if _, ok := sc.Machine.States[target]; !ok {
			v.add(at(sc, name, "."+transitionField(kind, index)), "%s", v.missingTarget(sc, transitionLabel(kind), target))
		}
	})
	for i := range s.Retry {
		v.errorEquals(sc, name, "Retry", i, "retrier", s.Retry[i].ErrorEquals, i == len(s.Retry)-1)
	}
	for i := range s.Catch {
		v.errorEquals(sc, name, "Catch", i, "catcher", s.Catch[i].ErrorEquals, i == len(s.Catch)-1)
	}
}

// errorEquals checks the ErrorEquals of the retrier or catcher at
// field[i] of the state called name in sc.
func (v *validator) errorEquals(sc *Scope, name, field string, i int, what string, errs []string, last bool) {
	if len(errs) == 0 {
		v.add(at(sc, name, indexed(field, i, ".ErrorEquals")), "a %s needs at least one error name in ErrorEquals", what)
		return
	}
	for _, e := range errs {
		if e != ErrorAll {
			continue
		}
		if len(errs) > 1 {
			v.add(at(sc, name, indexed(field, i, ".ErrorEquals")), "%s must be alone in ErrorEquals", ErrorAll)
		}
		if !last {
			v.add(at(sc, name, indexed(field, i, ".ErrorEquals")), "%s must be in the last %s of the list: the ones after it can never match", ErrorAll, what)
		}
		return
	}
}

// unreachable reports the states of sc that no path of transitions from
// StartAt reaches. names are the names of its states, sorted. Targets
// outside the scope are reported elsewhere.
func (v *validator) unreachable(sc *Scope, names []string) {
	m := sc.Machine
	// reached[i] is 1 once names[i] is reached; queue holds the indexes of
	// the states reached whose transitions are not followed yet.
	n := len(names)
	v.scratch = slices.Grow(v.scratch[:0], 2*n)[:2*n]
	reached, queue := v.scratch[:n], v.scratch[n:n]
	clear(reached)
	startAt, _ := slices.BinarySearch(names, m.StartAt)
	reached[startAt] = 1
	queue = append(queue, int32(startAt))
	for len(queue) > 0 {
		s := m.States[names[queue[len(queue)-1]]]
		queue = queue[:len(queue)-1]
		if s == nil {
			continue
		}
		// The order of the targets does not matter: only the set reached.
		queue = reach(names, reached, queue, s.Next)
		for i := range s.Choices {
			queue = reach(names, reached, queue, s.Choices[i].Next)
		}
		queue = reach(names, reached, queue, s.Default)
		for i := range s.Catch {
			queue = reach(names, reached, queue, s.Catch[i].Next)
		}
	}
	for i, name := range names {
		if reached[i] == 0 {
			v.add(sc.StatePath(name), "state %q is unreachable: no transition from StartAt %q leads to it", name, m.StartAt)
		}
	}
}

// reach marks the state called target reached and queues its index in
// names, unless it is already reached or target names no state (or is
// empty: the field is absent).
func reach(names []string, reached, queue []int32, target string) []int32 {
	if target == "" {
		return queue
	}
	if to, ok := slices.BinarySearch(names, target); ok && reached[to] == 0 {
		reached[to] = 1
		queue = append(queue, int32(to))
	}
	return queue
}

// countStates returns the number of states of m, nested ones included,
// and the number of states of its largest scope.
func countStates(m *StateMachine) (total, widest int) {
	if m == nil {
		return 0, 0
	}
	total, widest = len(m.States), len(m.States)
	add := func(nested *StateMachine) {
		t, w := countStates(nested)
		total += t
		widest = max(widest, w)
	}
	for _, s := range m.States {
		if s == nil {
			continue
		}
		for _, b := range s.Branches {
			add(b)
		}
		add(s.ItemProcessor)
		add(s.Iterator)
	}
	return total, widest
}

// nestedScopes returns v.nested, built on first use.
func (v *validator) nestedScopes() map[string]string {
	if v.nested == nil {
		nested := make(map[string]string)
		Walk(v.root, func(sc Scope, name string, _ *State) {
			if _, ok := nested[name]; !ok && sc.Kind != ScopeRoot {
				nested[name] = sc.Path
			}
		})
		v.nested = nested
	}
	return v.nested
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
	if inner, ok := v.nestedScopes()[target]; ok {
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
