package asl

import (
	"fmt"
	"reflect"
	"testing"
)

func TestWalkVisitsNestedStates(t *testing.T) {
	m := pipeline()
	m.States["Each"] = &State{
		Type: TypeMap,
		ItemProcessor: &StateMachine{StartAt: "One", States: map[string]*State{
			"One": {Type: TypePass, End: true},
		}},
		Iterator: &StateMachine{StartAt: "Legacy", States: map[string]*State{
			"Legacy": {Type: TypePass, End: true},
		}},
		End: true,
	}
	var got []string
	Walk(m, func(sc Scope, name string, s *State) {
		got = append(got, fmt.Sprintf("%d %s %s %s", sc.Depth, sc.Kind, sc.StatePath(name), s.Type))
	})
	want := []string{
		"0 root States.CheckJobs Choice",
		"0 root States.Each Map",
		"1 Map item processor States.Each.ItemProcessor.States.One Pass",
		"1 Map item processor States.Each.Iterator.States.Legacy Pass",
		"0 root States.JobsFailed Fail",
		"0 root States.Publish Task",
		"0 root States.PublishFailed Fail",
		"0 root States.RunJobs Parallel",
		"1 Parallel branch States.RunJobs.Branches[0].States.IngestFailed Pass",
		"1 Parallel branch States.RunJobs.Branches[0].States.RunIngest Task",
		"1 Parallel branch States.RunJobs.Branches[1].States.AggregateFailed Pass",
		"1 Parallel branch States.RunJobs.Branches[1].States.RunAggregate Task",
		"1 Parallel branch States.RunJobs.Branches[2].States.ExportFailed Pass",
		"1 Parallel branch States.RunJobs.Branches[2].States.RunExport Task",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Walk visited\n%q\nwant\n%q", got, want)
	}
}

func TestWalkScopeParents(t *testing.T) {
	m := mustParse(t, `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"Q","States":{"Q":{"Type":"Parallel","End":true,"Branches":[
			{"StartAt":"Leaf","States":{"Leaf":{"Type":"Succeed"}}}]}}}]}}}`)
	var leaf *Scope
	Walk(m, func(sc Scope, name string, _ *State) {
		if name == "Leaf" {
			leaf = &sc
		}
	})
	if leaf == nil {
		t.Fatal("Walk never visited Leaf")
	}
	if leaf.Path != "States.P.Branches[0].States.Q.Branches[0]" || leaf.Depth != 2 {
		t.Errorf("Leaf scope = %q depth %d", leaf.Path, leaf.Depth)
	}
	if leaf.Parent == nil || leaf.Parent.Parent == nil || leaf.Parent.Parent.Kind != ScopeRoot || leaf.Parent.Parent.Parent != nil {
		t.Errorf("Leaf scope parents are wrong: %+v", leaf.Parent)
	}
	if _, ok := leaf.Parent.Machine.States["Q"]; !ok {
		t.Errorf("Leaf's parent scope does not hold Q")
	}
}

func TestWalkNilAndNullStates(t *testing.T) {
	Walk(nil, func(Scope, string, *State) { t.Error("Walk(nil) called fn") })
	m := mustParse(t, `{"StartAt":"A","States":{"A":null,"B":{"Type":"Parallel","Branches":[null]}}}`)
	var names []string
	Walk(m, func(_ Scope, name string, s *State) { names = append(names, fmt.Sprintf("%s:%v", name, s == nil)) })
	if want := []string{"A:true", "B:false"}; !reflect.DeepEqual(names, want) {
		t.Errorf("visited %v, want %v", names, want)
	}
}

func TestStatePathQuotesAmbiguousNames(t *testing.T) {
	sc := Scope{Path: "States.P.Branches[0]"}
	tests := map[string]string{
		"Run":    "States.P.Branches[0].States.Run",
		"a.b":    `States.P.Branches[0].States["a.b"]`,
		"Run it": `States.P.Branches[0].States["Run it"]`,
		"":       `States.P.Branches[0].States[""]`,
	}
	for name, want := range tests {
		if got := sc.StatePath(name); got != want {
			t.Errorf("StatePath(%q) = %s, want %s", name, got, want)
		}
	}
	if got := (Scope{}).StatePath("A"); got != "States.A" {
		t.Errorf("root StatePath = %s", got)
	}
}

func TestTransitions(t *testing.T) {
	tests := []struct {
		name  string
		state *State
		want  []Transition
	}{
		{"nil", nil, nil},
		{"end", &State{Type: TypePass, End: true}, nil},
		{"next", &State{Type: TypePass, Next: "B"}, []Transition{{Kind: TransitionNext, Target: "B", Field: "Next"}}},
		{"choice", &State{Type: TypeChoice, Choices: []ChoiceRule{{Next: "X"}, {}, {Next: "Y"}}, Default: "Z"}, []Transition{
			{Kind: TransitionChoice, Target: "X", Field: "Choices[0].Next"},
			{Kind: TransitionChoice, Target: "Y", Field: "Choices[2].Next", Index: 2},
			{Kind: TransitionDefault, Target: "Z", Field: "Default"},
		}},
		{"task with catch", &State{Type: TypeTask, Next: "B", Catch: []Catcher{{Next: "C1"}, {Next: "C2"}}}, []Transition{
			{Kind: TransitionNext, Target: "B", Field: "Next"},
			{Kind: TransitionCatch, Target: "C1", Field: "Catch[0].Next"},
			{Kind: TransitionCatch, Target: "C2", Field: "Catch[1].Next", Index: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Transitions(tt.state); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Transitions = %+v, want %+v", got, tt.want)
			}
		})
	}
}
