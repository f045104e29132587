package asl

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// awkwardNested has nested scopes whose names need quoting, a null branch,
// a name used twice, transitions leaving their scope or into another one,
// and the legacy Iterator next to ItemProcessor.
const awkwardNested = `{"StartAt":"a.b","States":{
 "a.b":{"Type":"Parallel","Next":"Map it","Branches":[
  {"StartAt":"x[0]","States":{"x[0]":{"Type":"Task","Resource":"r","Next":"Map it",
    "Retry":[{"ErrorEquals":["States.ALL","E"]},{"ErrorEquals":[]}],
    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"in\"q"},{"ErrorEquals":["E"],"Next":"dup"}]},
   "in\"q":{"Type":"Pass","End":true},"dup":{"Type":"Succeed"}}},
  null,
  {"StartAt":"","States":{"":{"Type":"Wait","End":true,"Next":"tab\there"},"tab\there":{"Type":"Bogus"}}}]},
 "Map it":{"Type":"Map","Next":"choose",
  "ItemProcessor":{"StartAt":"dup","States":{"dup":{"Type":"Pass","Next":"deep it"},"lost":null,
   "deep it":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"d1","States":{"d1":{"Type":"Pass","Next":"dup"},
    "d2":{"Type":"Task","Resource":"r","Next":"a.b","Catch":[{"ErrorEquals":["States.ALL"],"Next":"d1"}]}}}]}}},
  "Iterator":{"StartAt":"gone","States":{"it":{"Type":"Choice","Choices":[{"Variable":"$.x","IsNull":true}]}}}},
 "choose":{"Type":"Choice","Choices":[{"Variable":"$.x","IsNull":true,"Next":"x[0]"},{"Variable":"$.y","IsNull":true}],"Default":"end"},
 "end":{"Type":"Fail","Next":"a.b","End":true},
 "lonely":{"Type":"Task"}}}`

// TestWalkValidateGolden pins what Walk passes to its callback (scope
// path, depth, kind, parent, state path) and what Validate returns, on the
// fixtures, the fuzz corpus and definitions whose names need quoting.
func TestWalkValidateGolden(t *testing.T) {
	type fixture struct {
		name string
		m    *StateMachine
	}
	seed := pipeline()
	for _, b := range seed.States["RunJobs"].Branches {
		b.States[b.StartAt].Catch[0].Next = "JobsFailed"
	}
	fixtures := []fixture{
		{"pipeline", pipeline()},
		{"seed mistake", seed},
		{"wide3", wideDefinition(3)},
		{"awkward nested", mustParse(t, awkwardNested)},
	}
	corpus, err := filepath.Glob("testdata/fuzz/FuzzValidate/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range corpus {
		m, err := Parse(readCorpusBytes(t, file))
		if err != nil {
			continue
		}
		fixtures = append(fixtures, fixture{"corpus " + filepath.Base(file), m})
	}

	var b strings.Builder
	for _, f := range fixtures {
		fmt.Fprintf(&b, "== %s\n", f.name)
		Walk(f.m, func(sc Scope, name string, s *State) {
			parent := "-"
			if sc.Parent != nil {
				parent = strconv.Quote(sc.Parent.Path)
			}
			typ := "null"
			if s != nil {
				typ = s.Type
			}
			fmt.Fprintf(&b, "walk %d %s scope=%q parent=%s start=%q name=%q path=%s type=%s\n",
				sc.Depth, sc.Kind, sc.Path, parent, sc.Field("StartAt"), name, sc.StatePath(name), typ)
		})
		for _, p := range Validate(f.m) {
			fmt.Fprintf(&b, "problem %s\n", p)
		}
	}
	checkGolden(t, "testdata/walk_validate.golden", b.String())
}

// readCorpusBytes returns the []byte value of a one-value fuzz corpus file.
func readCorpusBytes(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(strings.TrimSpace(string(data)), "\n", 2)
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "[]byte(") || !strings.HasSuffix(lines[1], ")") {
		t.Fatalf("%s: not a one-[]byte corpus file", file)
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return []byte(s)
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n%s", file, lineDiff(string(want), got))
	}
}

// lineDiff lists the first lines that differ between want and got.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
