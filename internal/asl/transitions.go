package asl

import "strconv"

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
	var out []Transition
	eachTransition(s, func(kind TransitionKind, target string, index int) {
		out = append(out, Transition{Kind: kind, Target: target, Field: transitionField(kind, index), Index: index})
	})
	return out
}

// eachTransition calls fn with the kind, target and index of each
// transition out of s, in the order of Transitions, without building
// their Field.
func eachTransition(s *State, fn func(kind TransitionKind, target string, index int)) {
	if s == nil {
		return
	}
	if s.Next != "" {
		fn(TransitionNext, s.Next, 0)
	}
	for i := range s.Choices {
		if next := s.Choices[i].Next; next != "" {
			fn(TransitionChoice, next, i)
		}
	}
	if s.Default != "" {
		fn(TransitionDefault, s.Default, 0)
	}
	for i := range s.Catch {
		if next := s.Catch[i].Next; next != "" {
			fn(TransitionCatch, next, i)
		}
	}
}

// transitionField returns the Field of a transition of the kind at index.
func transitionField(kind TransitionKind, index int) string {
	switch kind {
	case TransitionChoice:
		return "Choices[" + strconv.Itoa(index) + "].Next"
	case TransitionCatch:
		return "Catch[" + strconv.Itoa(index) + "].Next"
	default:
		return string(kind)
	}
}
