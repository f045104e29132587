package asl

import "testing"

func TestRuleLabel(t *testing.T) {
	tests := []struct {
		rule ChoiceRule
		want string
	}{
		{ChoiceRule{Variable: "$.a", IsPresent: Bool(true)}, "$.a present"},
		{ChoiceRule{Variable: "$.a", IsNull: Bool(false)}, "$.a not null"},
		{ChoiceRule{Variable: "$.a", StringEquals: String("x")}, `$.a == "x"`},
		{ChoiceRule{Variable: "$.a", NumericEquals: new(2.5)}, "$.a == 2.5"},
		{ChoiceRule{Variable: "$.a", Other: map[string]any{"NumericGreaterThanEqualsPath": "$.b"}}, "$.a >= $.b"},
		{ChoiceRule{Variable: "$.a", Other: map[string]any{"StringMatches": "*.csv"}}, `$.a matches "*.csv"`},
		{ChoiceRule{Variable: "$.a", Other: map[string]any{"IsTimestamp": false}}, "$.a is not timestamp"},
		{ChoiceRule{Other: map[string]any{"Condition": "{% $x > 1 %}"}}, "{% $x > 1 %}"},
		{ChoiceRule{Or: []ChoiceRule{
			{Variable: "$.a", IsPresent: Bool(true)},
			{Not: &ChoiceRule{And: []ChoiceRule{{Variable: "$.b", BooleanEquals: Bool(true)}, {Variable: "$.c", IsNull: Bool(true)}}}},
		}}, "$.a present or not ($.b == true and $.c is null)"},
	}
	for _, tt := range tests {
		if got := ruleLabel(tt.rule, false); got != tt.want {
			t.Errorf("ruleLabel(%+v) = %q, want %q", tt.rule, got, tt.want)
		}
	}
}
