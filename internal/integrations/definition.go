package integrations

import "batchpipeline/internal/asl"

// Task is a Task state of a definition that calls an integration of the
// model.
type Task struct {
	// Path locates the state: "States.Jobs.Branches[0].States.RunA".
	Path string
	Call Call
}

// Tasks returns the Task states of a definition that call an integration
// of the model, nested ones included, in asl.Walk's order. A state is
// read as JSONata when its own QueryLanguage says so, or when it sets none
// and the definition's does.
func Tasks(def *asl.StateMachine) []Task {
	var out []Task
	asl.Walk(def, func(sc asl.Scope, name string, s *asl.State) {
		if s == nil || s.Type != asl.TypeTask {
			return
		}
		ql := s.QueryLanguage
		if ql == "" {
			ql = def.QueryLanguage
		}
		t := TaskState{Resource: s.Resource, JSONata: ql == asl.JSONata, Credentials: s.Credentials}
		if t.JSONata {
			t.Parameters = s.Arguments
		} else if s.Parameters != nil {
			t.Parameters = s.Parameters
		}
		if c, ok := Read(t); ok {
			out = append(out, Task{Path: sc.StatePath(name), Call: c})
		}
	})
	return out
}
