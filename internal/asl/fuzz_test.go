package asl

import (
	"sort"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that what it accepts
// marshals and parses back to the same JSON.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			if m != nil {
				t.Fatalf("Parse returned a definition and an error: %v", err)
			}
			return
		}
		first, err := m.JSON()
		if err != nil {
			t.Fatalf("JSON of a parsed definition: %v", err)
		}
		again, err := Parse([]byte(first))
		if err != nil {
			t.Fatalf("Parse(JSON()) = %v for %s", err, first)
		}
		second, err := again.JSON()
		if err != nil {
			t.Fatalf("JSON of the reparsed definition: %v", err)
		}
		if first != second {
			t.Fatalf("JSON is not stable across a round trip:\n%s\n%s", first, second)
		}
	})
}

// FuzzValidate checks that Parse, Validate, Walk and Mermaid never panic
// and that Validate's answer is sorted and stable.
func FuzzValidate(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			return
		}
		problems := Validate(m)
		if !sort.SliceIsSorted(problems, func(i, j int) bool {
			return problems[i].Path < problems[j].Path ||
				problems[i].Path == problems[j].Path && problems[i].Message < problems[j].Message
		}) {
			t.Fatalf("problems are not sorted: %v", problems)
		}
		if again := Validate(m); len(again) != len(problems) {
			t.Fatalf("Validate is not stable: %v then %v", problems, again)
		}
		states := 0
		Walk(m, func(Scope, string, *State) { states++ })
		diagram := Mermaid(m)
		if !strings.HasPrefix(diagram, "flowchart TD\n") {
			t.Fatalf("Mermaid output does not start with the header:\n%s", diagram)
		}
		if diagram != Mermaid(m) {
			t.Fatalf("Mermaid is not deterministic")
		}
		if states == 0 && len(problems) == 0 {
			t.Fatalf("a definition without states passed Validate")
		}
	})
}
