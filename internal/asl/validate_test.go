package asl

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// machineOf wraps states (the members of a States object) in a definition
// that starts at A.
func machineOf(states string) string {
	return `{"StartAt":"A","States":{` + states + `}}`
}

// branchOf wraps a branch's states in a Parallel P that starts the machine
// and goes on to Done, a state outside the branch.
func branchOf(states string) string {
	return machineOf(`"P":{"Type":"Parallel","Branches":[{"StartAt":"B1","States":{` + states + `}}],"Next":"Done"},` +
		`"Done":{"Type":"Succeed"},"A":{"Type":"Pass","Next":"P"}`)
}

// mapOf wraps an item processor's states in a Map M like branchOf does.
func mapOf(states string) string {
	return machineOf(`"M":{"Type":"Map","ItemProcessor":{"StartAt":"B1","States":{` + states + `}},"Next":"Done"},` +
		`"Done":{"Type":"Succeed"},"A":{"Type":"Pass","Next":"M"}`)
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name     string
		bad      string
		wantPath string
		wantMsg  string
		good     string
	}{
		{"StartAt missing", `{"States":{"A":{"Type":"Succeed"}}}`, "StartAt", "StartAt is missing",
			machineOf(`"A":{"Type":"Succeed"}`)},
		{"StartAt names no state", `{"StartAt":"X","States":{"A":{"Type":"Succeed"}}}`, "StartAt",
			`StartAt "X" names no state of the state machine`, machineOf(`"A":{"Type":"Succeed"}`)},
		{"branch StartAt names no state", branchOf(`"B2":{"Type":"Succeed"}`), "States.P.Branches[0].StartAt",
			`StartAt "B1" names no state of its Parallel branch`, branchOf(`"B1":{"Type":"Succeed"}`)},
		{"branch StartAt names an outer state",
			machineOf(`"A":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"B":{"Type":"Succeed"}}}],"End":true}`),
			"States.A.Branches[0].StartAt", `StartAt "A" leaves its Parallel branch`,
			machineOf(`"A":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}],"End":true}`)},
		{"States empty", `{"StartAt":"A","States":{}}`, "States", "States is empty", machineOf(`"A":{"Type":"Succeed"}`)},
		{"Next names no state", machineOf(`"A":{"Type":"Pass","Next":"C"}`), "States.A.Next",
			`Next "C" names no state of the state machine`, machineOf(`"A":{"Type":"Pass","Next":"C"},"C":{"Type":"Succeed"}`)},
		{"Default names no state",
			machineOf(`"A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"C"}],"Default":"D"},"C":{"Type":"Succeed"}`),
			"States.A.Default", `Default "D" names no state`,
			machineOf(`"A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"C"}],"Default":"C"},"C":{"Type":"Succeed"}`)},
		{"choice rule Next names no state",
			machineOf(`"A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"X"}],"Default":"C"},"C":{"Type":"Succeed"}`),
			"States.A.Choices[0].Next", `Choice rule Next "X" names no state`,
			machineOf(`"A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"C"}],"Default":"C"},"C":{"Type":"Succeed"}`)},
		{"Catch.Next names no state",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"X"}]}`),
			"States.A.Catch[0].Next", `Catch.Next "X" names no state`,
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"X"}]},"X":{"Type":"Fail"}`)},
		{"Catch.Next leaves its Parallel branch (the seed's mistake)",
			branchOf(`"B1":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}]}`),
			"States.P.Branches[0].States.B1.Catch[0].Next",
			`Catch.Next "Done" leaves its Parallel branch: a branch state may only transition within the branch ("Done" is at States.Done)`,
			branchOf(`"B1":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"B1Failed"}]},"B1Failed":{"Type":"Pass","End":true}`)},
		{"Next leaves its Map item processor",
			mapOf(`"B1":{"Type":"Pass","Next":"Done"}`),
			"States.M.ItemProcessor.States.B1.Next",
			`Next "Done" leaves its Map item processor: a processor state may only transition within the processor`,
			mapOf(`"B1":{"Type":"Pass","Next":"B2"},"B2":{"Type":"Pass","End":true}`)},
		{"Next leaves a nested branch for the enclosing branch",
			branchOf(`"B1":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"C1","States":{"C1":{"Type":"Pass","Next":"B1"}}}]}`),
			"States.P.Branches[0].States.B1.Branches[0].States.C1.Next",
			`("B1" is at States.P.Branches[0].States.B1)`,
			branchOf(`"B1":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"C1","States":{"C1":{"Type":"Pass","End":true}}}]}`)},
		{"Next enters a Parallel branch",
			machineOf(`"A":{"Type":"Parallel","Branches":[{"StartAt":"B1","States":{"B1":{"Type":"Succeed"}}}],"Next":"Z"},"Z":{"Type":"Pass","Next":"B1"}`),
			"States.Z.Next",
			`Next "B1" names no state of the state machine: "B1" is inside States.A.Branches[0], which only its own states may transition to`,
			machineOf(`"A":{"Type":"Parallel","Branches":[{"StartAt":"B1","States":{"B1":{"Type":"Succeed"}}}],"Next":"Z"},"Z":{"Type":"Pass","End":true}`)},
		{"Task without Next or End", machineOf(`"A":{"Type":"Task","Resource":"r"}`), "States.A",
			"a Task state needs Next or End: true", machineOf(`"A":{"Type":"Task","Resource":"r","End":true}`)},
		{"Wait without Next or End", machineOf(`"A":{"Type":"Wait","Seconds":5}`), "States.A",
			"a Wait state needs Next or End", machineOf(`"A":{"Type":"Wait","Seconds":5,"End":true}`)},
		{"Next and End both", machineOf(`"A":{"Type":"Pass","Next":"B","End":true},"B":{"Type":"Succeed"}`), "States.A",
			"may have Next or End: true, not both", machineOf(`"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}`)},
		{"Succeed with Next", machineOf(`"A":{"Type":"Succeed","Next":"B"},"B":{"Type":"Succeed"}`), "States.A",
			"a Succeed state may not have Next or End", machineOf(`"A":{"Type":"Succeed"}`)},
		{"Fail with End", machineOf(`"A":{"Type":"Fail","End":true}`), "States.A",
			"a Fail state may not have Next or End", machineOf(`"A":{"Type":"Fail","Error":"E"}`)},
		{"Choice with End",
			machineOf(`"A":{"Type":"Choice","End":true,"Choices":[{"Variable":"$.a","IsPresent":true,"Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}`),
			"States.A", "a Choice state may not have Next or End",
			machineOf(`"A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}`)},
		{"Choice without Choices", machineOf(`"A":{"Type":"Choice","Default":"B"},"B":{"Type":"Succeed"}`), "States.A.Choices",
			"needs at least one rule",
			machineOf(`"A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"B"}]},"B":{"Type":"Succeed"}`)},
		{"choice rule without Next",
			machineOf(`"A":{"Type":"Choice","Choices":[{"Or":[{"Variable":"$.a","IsPresent":true}]}],"Default":"B"},"B":{"Type":"Succeed"}`),
			"States.A.Choices[0]", "a top-level choice rule needs Next",
			machineOf(`"A":{"Type":"Choice","Choices":[{"Or":[{"Variable":"$.a","IsPresent":true}],"Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}`)},
		{"Parallel without Branches", machineOf(`"A":{"Type":"Parallel","End":true}`), "States.A.Branches",
			"needs at least one branch",
			machineOf(`"A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}]}`)},
		{"null branch", machineOf(`"A":{"Type":"Parallel","End":true,"Branches":[null]}`), "States.A.Branches[0]",
			"branch is null",
			machineOf(`"A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}]}`)},
		{"Map without ItemProcessor", machineOf(`"A":{"Type":"Map","End":true}`), "States.A.ItemProcessor",
			"needs ItemProcessor",
			machineOf(`"A":{"Type":"Map","End":true,"Iterator":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}`)},
		{"Task without Resource", machineOf(`"A":{"Type":"Task","End":true}`), "States.A.Resource",
			"a Task state needs Resource", machineOf(`"A":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync","End":true}`)},
		{"unknown Type", machineOf(`"A":{"Type":"Lambda","End":true}`), "States.A.Type",
			`unknown state type "Lambda"`, machineOf(`"A":{"Type":"Pass","End":true}`)},
		{"missing Type", machineOf(`"A":{"End":true}`), "States.A.Type", "Type is missing",
			machineOf(`"A":{"Type":"Pass","End":true}`)},
		{"null state", machineOf(`"A":null`), "States.A", "state is null", machineOf(`"A":{"Type":"Succeed"}`)},
		{"unreachable state", machineOf(`"A":{"Type":"Succeed"},"B":{"Type":"Succeed"}`), "States.B",
			`state "B" is unreachable`, machineOf(`"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}`)},
		{"unreachable state in a branch",
			branchOf(`"B1":{"Type":"Succeed"},"B1Failed":{"Type":"Pass","End":true}`),
			"States.P.Branches[0].States.B1Failed", `state "B1Failed" is unreachable`,
			branchOf(`"B1":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"B1Failed"}]},"B1Failed":{"Type":"Pass","End":true}`)},
		{"Retry with empty ErrorEquals", machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":[]}]}`),
			"States.A.Retry[0].ErrorEquals", "a retrier needs at least one error name",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.Timeout"]}]}`)},
		{"Catch without ErrorEquals",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"Next":"F"}]},"F":{"Type":"Fail"}`),
			"States.A.Catch[0].ErrorEquals", "a catcher needs at least one error name",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}]},"F":{"Type":"Fail"}`)},
		{"States.ALL not in the last retrier",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["States.Timeout"]}]}`),
			"States.A.Retry[0].ErrorEquals", "States.ALL must be in the last retrier",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.Timeout"]},{"ErrorEquals":["States.ALL"]}]}`)},
		{"States.ALL not in the last catcher",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"},{"ErrorEquals":["E"],"Next":"F"}]},"F":{"Type":"Fail"}`),
			"States.A.Catch[0].ErrorEquals", "States.ALL must be in the last catcher",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["E"],"Next":"F"},{"ErrorEquals":["States.ALL"],"Next":"F"}]},"F":{"Type":"Fail"}`)},
		{"States.ALL not alone",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.Timeout","States.ALL"]}]}`),
			"States.A.Retry[0].ErrorEquals", "States.ALL must be alone in ErrorEquals",
			machineOf(`"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.Timeout"]},{"ErrorEquals":["States.ALL"]}]}`)},
		{"state name used in two branches",
			machineOf(`"A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"Run","States":{"Run":{"Type":"Succeed"}}},{"StartAt":"Run","States":{"Run":{"Type":"Succeed"}}}]}`),
			"States.A.Branches[1].States.Run", `state name "Run" is already used at States.A.Branches[0].States.Run`,
			machineOf(`"A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"Run1","States":{"Run1":{"Type":"Succeed"}}},{"StartAt":"Run2","States":{"Run2":{"Type":"Succeed"}}}]}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := Validate(mustParse(t, tt.bad))
			if !hasProblem(problems, tt.wantPath, tt.wantMsg) {
				t.Errorf("Validate(bad) = %v\nwant a problem at %s mentioning %q", problems, tt.wantPath, tt.wantMsg)
			}
			if problems := Validate(mustParse(t, tt.good)); len(problems) != 0 {
				t.Errorf("Validate(good) = %v, want none", problems)
			}
		})
	}
}

// hasProblem reports whether problems holds one at path whose message
// contains fragment.
func hasProblem(problems []Problem, path, fragment string) bool {
	for _, p := range problems {
		if p.Path == path && strings.Contains(p.Message, fragment) {
			return true
		}
	}
	return false
}

func TestValidatePipelineIsClean(t *testing.T) {
	if problems := Validate(pipeline()); len(problems) != 0 {
		t.Errorf("Validate(pipeline) = %v, want none", problems)
	}
}

// TestValidateSeedMistake checks the mistake that started this package: a
// branch's Catch going straight to the Fail state after the Parallel.
func TestValidateSeedMistake(t *testing.T) {
	m := pipeline()
	for _, b := range m.States["RunJobs"].Branches {
		b.States[b.StartAt].Catch[0].Next = "JobsFailed"
	}
	got := Validate(m)
	var want []Problem
	for i, job := range []string{"Ingest", "Aggregate", "Export"} {
		branch := "States.RunJobs.Branches[" + string(rune('0'+i)) + "]"
		want = append(want,
			Problem{branch + ".States." + job + "Failed", `state "` + job + `Failed" is unreachable: no transition from StartAt "Run` + job + `" leads to it`},
			Problem{branch + ".States.Run" + job + ".Catch[0].Next", `Catch.Next "JobsFailed" leaves its Parallel branch: a branch state may only transition within the branch ("JobsFailed" is at States.JobsFailed)`},
		)
	}
	sort.Slice(want, func(i, j int) bool { return want[i].Path < want[j].Path })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Validate =\n%v\nwant\n%v", got, want)
	}
}

func TestValidateOrderIsByPath(t *testing.T) {
	m := mustParse(t, machineOf(`"Z":{"Type":"Task"},"A":{"Type":"Pass","Next":"Q"},"M":{"Type":"Bogus"}`))
	got := Validate(m)
	if len(got) < 4 {
		t.Fatalf("Validate = %v, want several problems", got)
	}
	if !sort.SliceIsSorted(got, func(i, j int) bool {
		return got[i].Path < got[j].Path || got[i].Path == got[j].Path && got[i].Message < got[j].Message
	}) {
		t.Errorf("problems are not sorted: %v", got)
	}
	for i := 0; i < 5; i++ {
		if again := Validate(m); !reflect.DeepEqual(again, got) {
			t.Fatalf("Validate is not deterministic:\n%v\n%v", got, again)
		}
	}
}

func TestValidateNil(t *testing.T) {
	if got := Validate(nil); len(got) != 1 || got[0].Message != "definition is null" {
		t.Errorf("Validate(nil) = %v", got)
	}
}

func TestProblemString(t *testing.T) {
	if got := (Problem{Path: "States.A", Message: "m"}).String(); got != "States.A: m" {
		t.Errorf("String = %q", got)
	}
	if got := (Problem{Message: "m"}).String(); got != "m" {
		t.Errorf("String = %q", got)
	}
}
