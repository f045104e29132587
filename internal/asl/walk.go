package asl

import (
	"slices"
	"strconv"
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
	if !needsQuote(name) {
		if sc.Path == "" {
			return "States." + name
		}
		return sc.Path + ".States." + name
	}
	var buf [128]byte
	return string(appendStatePath(buf[:0], sc.Path, name))
}

// Field returns the path of a field of the scope, e.g. "StartAt" or
// "States.Jobs.Branches[0].StartAt".
func (sc Scope) Field(field string) string {
	if sc.Path == "" {
		return field
	}
	return sc.Path + "." + field
}

// Walk calls fn for every state of m, nested ones included. Within a scope
// states come in name order, and the states of a Parallel's branches or a
// Map's item processor come right after the state that holds them. A state
// given as JSON null is passed as a nil *State.
func Walk(m *StateMachine, fn func(scope Scope, name string, s *State)) {
	if m == nil {
		return
	}
	w := walker{fn: fn, names: make([]string, 0, 16)}
	w.scope(Scope{Kind: ScopeRoot, Machine: m})
}

// walker holds what Walk reuses from scope to scope.
type walker struct {
	fn func(Scope, string, *State)
	// names holds the sorted state names of the scopes being walked, the
	// outer ones first.
	names []string
}

// scope walks the states of sc and the scopes nested in them.
func (w *walker) scope(sc Scope) {
	start := len(w.names)
	w.names = appendSortedNames(w.names, sc.Machine)
	end := len(w.names)
	var parent *Scope // sc on the heap, made for its first nested scope
	for i := start; i < end; i++ {
		name := w.names[i]
		s := sc.Machine.States[name]
		w.fn(sc, name, s)
		if !hasChildScopes(s) {
			continue
		}
		if parent == nil {
			parent = new(Scope)
			*parent = sc
		}
		forChildScopes(parent, name, s, w.scope)
	}
	w.names = w.names[:start]
}

// appendSortedNames appends the names of m's states, sorted, to dst.
func appendSortedNames(dst []string, m *StateMachine) []string {
	start := len(dst)
	for name := range m.States {
		dst = append(dst, name)
	}
	slices.Sort(dst[start:])
	return dst
}

// hasChildScopes reports whether s holds a non-null branch or item
// processor.
func hasChildScopes(s *State) bool {
	if s == nil {
		return false
	}
	if s.ItemProcessor != nil || s.Iterator != nil {
		return true
	}
	for _, b := range s.Branches {
		if b != nil {
			return true
		}
	}
	return false
}

// forChildScopes calls visit with each scope nested in state s (called
// name) of *parent: its non-null Parallel branches, then its Map item
// processor under either name.
func forChildScopes(parent *Scope, name string, s *State, visit func(Scope)) {
	var arr [128]byte
	path := appendStatePath(arr[:0], parent.Path, name)
	base := len(path)
	child := Scope{Depth: parent.Depth + 1, Parent: parent}
	for i, b := range s.Branches {
		if b == nil {
			continue
		}
		path = append(path[:base], ".Branches["...)
		path = strconv.AppendInt(path, int64(i), 10)
		path = append(path, ']')
		child.Path, child.Kind, child.Machine = string(path), ScopeBranch, b
		visit(child)
	}
	if s.ItemProcessor != nil {
		path = append(path[:base], ".ItemProcessor"...)
		child.Path, child.Kind, child.Machine = string(path), ScopeItemProcessor, s.ItemProcessor
		visit(child)
	}
	if s.Iterator != nil {
		path = append(path[:base], ".Iterator"...)
		child.Path, child.Kind, child.Machine = string(path), ScopeItemProcessor, s.Iterator
		visit(child)
	}
}

// stateNames returns the names of m's states, sorted.
func stateNames(m *StateMachine) []string {
	return appendSortedNames(make([]string, 0, len(m.States)), m)
}

// childScopes returns the scopes nested in state s (called name) of sc:
// its non-null Parallel branches and Map item processors.
func childScopes(sc *Scope, name string, s *State) []*Scope {
	if s == nil {
		return nil
	}
	var out []*Scope
	forChildScopes(sc, name, s, func(child Scope) { out = append(out, &child) })
	return out
}
