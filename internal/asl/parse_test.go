package asl

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestPipelineRoundTrip(t *testing.T) {
	want := pipeline()
	compact := mustJSON(t, want)
	got, err := Parse([]byte(compact))
	if err != nil {
		t.Fatalf("Parse(JSON()): %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse(JSON()) differs from the value marshalled:\n got %+v\nwant %+v", got, want)
	}
	if again := mustJSON(t, got); again != compact {
		t.Errorf("JSON of the parsed value differs:\n got %s\nwant %s", again, compact)
	}
	indented, err := want.JSONIndent()
	if err != nil {
		t.Fatalf("JSONIndent: %v", err)
	}
	if !strings.Contains(indented, "\n  \"StartAt\": \"RunJobs\"") {
		t.Errorf("JSONIndent is not indented by two spaces:\n%s", indented)
	}
	if !sameJSON(t, []byte(indented), []byte(compact)) {
		t.Errorf("JSONIndent and JSON hold different values")
	}
}

func TestWideRoundTrip(t *testing.T) {
	// 8 and 9 rules: the Or list fits the decoder's scratch, or not.
	for _, n := range []int{1, 8, 9, 20} {
		want := wideDefinition(n)
		got, err := Parse([]byte(mustJSON(t, want)))
		if err != nil {
			t.Fatalf("Parse(wideDefinition(%d)): %v", n, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(wideDefinition(%d)) differs from the value marshalled", n)
		}
	}
}

func TestPipelineJSONShape(t *testing.T) {
	compact := mustJSON(t, pipeline())
	for _, fragment := range []string{
		`"Catch":[{"ErrorEquals":["States.ALL"],"Next":"IngestFailed","ResultPath":"$.error"}]`,
		`"Choices":[{"Or":[{"Variable":"$[0].error","IsPresent":true},{"Variable":"$[1].error","IsPresent":true},{"Variable":"$[2].error","IsPresent":true}],"Next":"JobsFailed"}]`,
		`"Retry":[{"ErrorEquals":["States.TaskFailed"],"IntervalSeconds":30,"MaxAttempts":2,"BackoffRate":2}]`,
		`"Default":"Publish"`,
	} {
		if !strings.Contains(compact, fragment) {
			t.Errorf("JSON lacks %s\n%s", fragment, compact)
		}
	}
}

func TestParseLosesNoModelledField(t *testing.T) {
	data, err := os.ReadFile("testdata/operators.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	out := mustJSON(t, m)
	if !sameJSON(t, []byte(out), data) {
		t.Errorf("Parse then JSON changed the definition:\n got %s\nwant %s", out, data)
	}
	if !strings.Contains(out, "12345678901234567") {
		t.Errorf("a large operand lost digits: %s", out)
	}
	if problems := Validate(m); len(problems) != 0 {
		t.Errorf("Validate(operators.json) = %v, want none", problems)
	}
}

func TestParseIgnoresUnknownFields(t *testing.T) {
	m := mustParse(t, `{"StartAt":"A","Extra":{"x":[1,2]},"States":{"A":{"Type":"Pass","End":true,"Future":true}}}`)
	if m.StartAt != "A" || m.States["A"] == nil || m.States["A"].Type != TypePass || !m.States["A"].End {
		t.Errorf("Parse = %+v", m)
	}
}

func TestParseMalformed(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "empty input"},
		{"blank", " \n\t", "empty input"},
		{"null", "null", "null"},
		{"truncated", `{"StartAt":"A","States":{`, "invalid JSON"},
		{"trailing garbage", `{"StartAt":"A"} x`, "invalid JSON"},
		{"not JSON", "StartAt: A", "invalid JSON"},
		{"array", `[]`, "cannot unmarshal array"},
		{"string", `"definition"`, "cannot unmarshal string"},
		{"StartAt a number", `{"StartAt":3,"States":{}}`, "StartAt"},
		{"States a list", `{"StartAt":"A","States":[]}`, "States"},
		{"Type a number", `{"StartAt":"A","States":{"A":{"Type":1}}}`, "Type"},
		{"End a string", `{"StartAt":"A","States":{"A":{"Type":"Pass","End":"true"}}}`, "End"},
		{"Seconds fractional", `{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":1.5,"End":true}}}`, "Seconds"},
		{"Branches an object", `{"StartAt":"A","States":{"A":{"Type":"Parallel","Branches":{},"End":true}}}`, "Branches"},
		{"choice rule wrong type", `{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Next":1}]}}}`, "choice rule Next"},
		{"nested choice rule wrong type", machineOf(`"A":{"Type":"Choice","Choices":[{"Or":[{},{"Not":{"IsNull":"x"}}],"Next":"B"}]}`),
			"States.A.Choices[0].Or[1].Not: choice rule IsNull: cannot unmarshal string into Go value of type bool"},
		{"Retry field wrong type", machineOf(`"A":{"Type":"Task","Resource":"r","Retry":[{"ErrorEquals":["E"]},{"MaxAttempts":"3"}],"End":true}`),
			"States.A.Retry[1].MaxAttempts: cannot unmarshal string into Go value of type int"},
		{"syntax error where a rule list belongs", machineOf(`"A":{"Type":"Choice","Choices":[{"Or": }]}`), "invalid JSON"},
		{"state name with a dot", machineOf(`"a.b":{"Type":7}`), `States["a.b"].Type: cannot unmarshal number`},
		{"deep nesting", strings.Repeat("[", 100000) + strings.Repeat("]", 100000), "nested 201 levels"},
		{"deeply nested choice rules", machineOf(`"A":{"Type":"Choice","Choices":[` +
			strings.Repeat(`{"Not":`, 300) + `{"Variable":"$.a","IsPresent":true}` + strings.Repeat("}", 300) + `]}`), "the limit is 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", m)
			}
			if !strings.HasPrefix(err.Error(), "asl: parse definition: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want one starting with %q and mentioning %q", err, "asl: parse definition: ", tt.want)
			}
		})
	}
}

func TestParseKeysAreCaseSensitive(t *testing.T) {
	m := mustParse(t, `{"startAt":"A","StartAt":"B","States":{"B":{"type":"Pass","Type":"Succeed","end":true}}}`)
	if m.StartAt != "B" || m.States["B"] == nil || m.States["B"].Type != TypeSucceed || m.States["B"].End {
		t.Errorf("Parse took a key of another case for a field: %+v, %+v", m, m.States["B"])
	}
}

func TestParseSyntaxErrorOffset(t *testing.T) {
	_, err := Parse([]byte(" \n {\"StartAt\":\"A\"} x"))
	if err == nil || !strings.Contains(err.Error(), "invalid JSON at byte 19: ") {
		t.Errorf("error %v, want one at byte 19, the x", err)
	}
}

func TestParseNullsInsideAreKept(t *testing.T) {
	m := mustParse(t, `{"StartAt":"A","States":{"A":{"Type":"Parallel","Branches":[null],"End":true},"B":null}}`)
	if s, ok := m.States["B"]; !ok || s != nil {
		t.Errorf("States[B] = %v, %v; want a nil state", s, ok)
	}
	if b := m.States["A"].Branches; len(b) != 1 || b[0] != nil {
		t.Errorf("Branches = %v, want one nil branch", b)
	}
}

func TestParseNestingLimit(t *testing.T) {
	nested := func(levels int) string {
		// The definition itself takes 4 levels, each Not one more.
		rule := strings.Repeat(`{"Not":`, levels-5) + `{"Variable":"$.a","IsPresent":true,"Next":"B"}` + strings.Repeat("}", levels-5)
		return machineOf(`"A":{"Type":"Choice","Choices":[` + rule + `]},"B":{"Type":"Succeed"}`)
	}
	if _, err := Parse([]byte(nested(MaxNesting))); err != nil {
		t.Errorf("Parse at the nesting limit: %v", err)
	}
	if _, err := Parse([]byte(nested(MaxNesting + 1))); err == nil {
		t.Errorf("Parse past the nesting limit succeeded")
	}
	// Brackets inside strings, escaped quotes included, do not count.
	brackets := machineOf(`"A":{"Type":"Pass","Comment":"\"` + strings.Repeat("[{", MaxNesting) + `","End":true}`)
	if _, err := Parse([]byte(brackets)); err != nil {
		t.Errorf("Parse with brackets in a string: %v", err)
	}
}

func TestNestingDepth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{``, 0},
		{`{}`, 1},
		{`{"a":[{"b":[]}],"c":{}}`, 4},
		{`{"a":"[[{{"}`, 1},
		{`{"a":"\"[["}`, 1},
		{`{"a":"\\\\"}`, 1},
		{`{"a":"\\","b":[[]]}`, 3},
		{`{"a":"\\\"[","b":[[]]}`, 3},
		{`["unterminated [[[`, 1},
		{strings.Repeat("[", MaxNesting+50), MaxNesting + 1},
	}
	for _, tt := range tests {
		if got := nestingDepth([]byte(tt.in)); got != tt.want {
			t.Errorf("nestingDepth(%s) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestParseLenient covers input a strict decoder refuses and Parse reads
// as encoding/json did: the last of repeated keys wins and invalid UTF-8
// becomes U+FFFD.
func TestParseLenient(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(m *StateMachine) string // what was read, to compare with want
		want  string
	}{
		{"repeated field", machineOf(`"A":{"Type":"Succeed","Type":"Fail"}`),
			func(m *StateMachine) string { return m.States["A"].Type }, "Fail"},
		{"repeated StartAt", `{"StartAt":"A","StartAt":"B","States":{"B":{"Type":"Succeed"}}}`,
			func(m *StateMachine) string { return m.StartAt }, "B"},
		{"repeated key in a choice rule", machineOf(`"A":{"Type":"Choice","Choices":[{"Next":"A","Next":"B"}]}`),
			func(m *StateMachine) string { return m.States["A"].Choices[0].Next }, "B"},
		{"repeated key in Parameters", machineOf(`"A":{"Type":"Pass","Parameters":{"a":1,"a":2},"End":true}`),
			func(m *StateMachine) string { return fmt.Sprint(m.States["A"].Parameters["a"]) }, "2"},
		{"invalid UTF-8", machineOf("\"A\":{\"Type\":\"Pass\",\"Comment\":\"\xff\",\"End\":true}"),
			func(m *StateMachine) string { return m.States["A"].Comment }, "\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := tt.check(m); got != tt.want {
				t.Errorf("read %q, want %q", got, tt.want)
			}
		})
	}
}
