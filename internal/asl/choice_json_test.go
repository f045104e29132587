package asl

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	jsonv1 "github.com/go-json-experiment/json/v1"
)

func TestChoiceRuleOtherOperatorsRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		op      string
		operand any
	}{
		{"StringLessThan", `{"Variable":"$.a","StringLessThan":"m","Next":"B"}`, "StringLessThan", "m"},
		{"NumericGreaterThanPath", `{"Variable":"$.a","NumericGreaterThanPath":"$.b","Next":"B"}`, "NumericGreaterThanPath", "$.b"},
		{"TimestampEquals", `{"Variable":"$.t","TimestampEquals":"2026-01-01T00:00:00Z","Next":"B"}`, "TimestampEquals", "2026-01-01T00:00:00Z"},
		{"StringMatches", `{"Variable":"$.f","StringMatches":"log-*.txt","Next":"B"}`, "StringMatches", "log-*.txt"},
		{"exact large number", `{"Variable":"$.n","NumericLessThan":12345678901234567,"Next":"B"}`, "NumericLessThan", jsonv1.Number("12345678901234567")},
		{"IsNumeric", `{"Variable":"$.n","IsNumeric":false,"Next":"B"}`, "IsNumeric", false},
		{"JSONata Condition", `{"Condition":"{% $states.input.n > 1 %}","Next":"B"}`, "Condition", "{% $states.input.n > 1 %}"},
		{"nested operand", `{"Variable":"$.a","Extra":{"k":[1,{"n":2.50}],"m":"x"},"Next":"B"}`, "Extra",
			map[string]any{"k": []any{jsonv1.Number("1"), map[string]any{"n": jsonv1.Number("2.50")}}, "m": "x"}},
		{"long operand", `{"Variable":"$.a","StringGreaterThan":"` + strings.Repeat("z", 20000) + `","Next":"B"}`,
			"StringGreaterThan", strings.Repeat("z", 20000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r ChoiceRule
			if err := json.Unmarshal([]byte(tt.in), &r); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if r.Next != "B" {
				t.Errorf("Next = %q, want B", r.Next)
			}
			if got := r.Other[tt.op]; !reflect.DeepEqual(got, tt.operand) {
				t.Errorf("Other[%s] = %#v, want %#v", tt.op, got, tt.operand)
			}
			if len(r.Other) != 1 {
				t.Errorf("Other = %v, want only %s", r.Other, tt.op)
			}
			out, err := json.Marshal(r)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(out) != tt.in && !sameJSON(t, out, []byte(tt.in)) {
				t.Errorf("Marshal = %s, want %s", out, tt.in)
			}
			if strings.Contains(tt.in, "12345678901234567") && !strings.Contains(string(out), "12345678901234567") {
				t.Errorf("Marshal = %s lost the digits of the number", out)
			}
		})
	}
}

func TestChoiceRuleTypedFieldsStayTyped(t *testing.T) {
	in := `{"And":[{"Variable":"$.a","StringEquals":"x"},{"Not":{"Variable":"$.b","IsPresent":true}}],"Next":"B"}`
	var r ChoiceRule
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	want := ChoiceRule{
		And: []ChoiceRule{
			{Variable: "$.a", StringEquals: String("x")},
			{Not: &ChoiceRule{Variable: "$.b", IsPresent: Bool(true)}},
		},
		Next: "B",
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("Unmarshal = %+v, want %+v", r, want)
	}
}

func TestChoiceRuleUnmarshalErrorsNameTheRule(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"Next":3}`, "choice rule Next: cannot unmarshal number into Go value of type string"},
		{`{"Or":[{"Variable":"$.a"},{"Not":{"IsNull":"x"}}]}`, "Or[1].Not: choice rule IsNull: cannot unmarshal string"},
		{`{"And":[{},7]}`, "And[1]: choice rule: cannot unmarshal number into Go value of type asl.ChoiceRule"},
		{`{"NumericEquals":1e999}`, "choice rule NumericEquals: cannot unmarshal number 1e999"},
	}
	for _, tt := range tests {
		var r ChoiceRule
		err := json.Unmarshal([]byte(tt.in), &r)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Unmarshal(%s) error %v, want one containing %q", tt.in, err, tt.want)
		}
	}
}

func TestChoiceRuleRepeatedKeyLastWins(t *testing.T) {
	var r ChoiceRule
	if err := json.Unmarshal([]byte(`{"Next":"A","X":1,"Next":"B","X":"y","Not":{"IsNull":true},"Not":null}`), &r); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	want := ChoiceRule{Next: "B", Other: map[string]any{"X": "y"}}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("Unmarshal = %+v, want %+v", r, want)
	}
}

func TestChoiceRuleKeysAreCaseSensitive(t *testing.T) {
	var r ChoiceRule
	if err := json.Unmarshal([]byte(`{"variable":"$.a","next":"B"}`), &r); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if r.Variable != "" || r.Next != "" {
		t.Errorf("lower-case keys filled typed fields: %+v", r)
	}
	if len(r.Other) != 2 {
		t.Errorf("Other = %v, want the two lower-case keys", r.Other)
	}
}

func TestChoiceRuleUnmarshalErrors(t *testing.T) {
	tests := map[string]string{
		"Next not a string":      `{"Next":3}`,
		"And not a list":         `{"And":{"Variable":"$.a"}}`,
		"Not a list":             `{"Not":[]}`,
		"IsPresent not a bool":   `{"IsPresent":"yes"}`,
		"rule not an object":     `"rule"`,
		"nested rule wrong type": `{"Or":[{"StringEquals":1}]}`,
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			var r ChoiceRule
			if err := json.Unmarshal([]byte(in), &r); err == nil {
				t.Errorf("Unmarshal(%s) = %+v, want an error", in, r)
			}
		})
	}
}

func TestChoiceRuleMarshalRejectsOtherShadowingTypedField(t *testing.T) {
	r := ChoiceRule{Variable: "$.a", Next: "B", Other: map[string]any{"Next": "C"}}
	if out, err := json.Marshal(r); err == nil {
		t.Errorf("Marshal = %s, want an error for Other[Next]", out)
	}
}

func TestChoiceRuleNullIsNoRule(t *testing.T) {
	var rules []ChoiceRule
	if err := json.Unmarshal([]byte(`[null,{"Next":"B"}]`), &rules); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if len(rules) != 2 || !reflect.DeepEqual(rules[0], ChoiceRule{}) || rules[1].Next != "B" {
		t.Errorf("rules = %+v", rules)
	}
}

func TestChoiceRuleMarshalOrder(t *testing.T) {
	tests := []struct {
		rule ChoiceRule
		want string
	}{
		{ChoiceRule{Variable: "$.a", Next: "B", Other: map[string]any{"StringLessThan": "m", "Comment": "c"}},
			`{"Variable":"$.a","Comment":"c","StringLessThan":"m","Next":"B"}`},
		{ChoiceRule{Not: &ChoiceRule{Variable: "$.a", IsNull: Bool(false)}, Next: "B"},
			`{"Not":{"Variable":"$.a","IsNull":false},"Next":"B"}`},
		{ChoiceRule{Other: map[string]any{"Condition": "{% true %}"}}, `{"Condition":"{% true %}"}`},
		{ChoiceRule{}, `{}`},
	}
	for _, tt := range tests {
		out, err := json.Marshal(tt.rule)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", tt.rule, err)
		}
		if string(out) != tt.want {
			t.Errorf("Marshal(%+v) = %s, want %s", tt.rule, out, tt.want)
		}
	}
}
