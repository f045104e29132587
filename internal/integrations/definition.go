package integrations

import "batchpipeline/internal/asl"

// Task is a Task state of a definition that calls an integration of the
// model.
type Task struct {
	// Path locates the state: "States.Jobs.Branches[0].States.RunA".
	Path string
	Call Call
}

// Uncovered is a state the model cannot judge: what its calls need is not
// known to it, so no permission of it is checked. Most are Task states; a
// Distributed Map's ItemReader or ResultWriter makes calls too.
type Uncovered struct {
	// Path locates the state (or its ItemReader, ResultWriter), Resource
	// is its Resource ("" for none).
	Path, Resource string
	// Why says why in a few words: an integration the model does not
	// cover yet, a pattern it does not know for the integration, a
	// Resource that is none.
	Why string
	// Partly is set when the model judges the state's own calls and Why
	// names only what it cannot (the calls a service makes with the
	// caller's permissions on resources chosen by a query, a cluster's
	// own authorization).
	Partly bool
}

// Tasks returns the Task states of a definition that call an integration
// of the model, nested ones included, in asl.Walk's order.
func Tasks(def *asl.StateMachine) []Task {
	tasks, _ := Survey(def)
	return tasks
}

// Survey returns every Task state of a definition, nested ones included,
// in asl.Walk's order: those that call an integration of the model, read
// through it, and those the model cannot judge, with why. A Distributed
// Map is read as a Task (what it calls: distributedmap.go), and its
// ItemReader or ResultWriter is named when the model does not know it. A state is read
// as JSONata when its own QueryLanguage says so, or when it sets none and
// the definition's does.
func Survey(def *asl.StateMachine) (tasks []Task, uncovered []Uncovered) {
	asl.Walk(def, func(sc asl.Scope, name string, s *asl.State) {
		if s == nil {
			return
		}
		ql := s.QueryLanguage
		if ql == "" {
			ql = def.QueryLanguage
		}
		if isDistributedMap(s) {
			t := distributedMapState(s, ql == asl.JSONata)
			c, _ := Read(t)
			tasks = append(tasks, Task{Path: sc.StatePath(name), Call: c})
			for _, field := range []string{"ItemReader", "ResultWriter"} {
				if why := unknownMapIO(c, field); why != "" {
					r, _ := c.Param(field, "Resource").Static()
					uncovered = append(uncovered, Uncovered{Path: sc.StatePath(name) + "." + field, Resource: r, Why: why})
				}
			}
		}
		if s.Type != asl.TypeTask {
			return
		}
		t := TaskState{Resource: s.Resource, JSONata: ql == asl.JSONata, Credentials: s.Credentials}
		if t.JSONata {
			t.Parameters = s.Arguments
		} else if s.Parameters != nil {
			t.Parameters = s.Parameters
		}
		if c, ok := Read(t); ok {
			tasks = append(tasks, Task{Path: sc.StatePath(name), Call: c})
			if why := c.Unjudged(); why != "" {
				uncovered = append(uncovered, Uncovered{Path: sc.StatePath(name), Resource: s.Resource, Why: why, Partly: true})
			}
			return
		}
		_, _, why := lookup(t.Resource)
		uncovered = append(uncovered, Uncovered{Path: sc.StatePath(name), Resource: s.Resource, Why: why})
	})
	return tasks, uncovered
}
