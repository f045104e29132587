package iam

import "testing"

// TestParseOperator covers operator spelling: every part is read
// case-insensitively, qualifiers and the IfExists suffix are split off,
// and anything else is not an operator.
func TestParseOperator(t *testing.T) {
	tests := []struct {
		op       string
		set      setOperator
		base     string // "" when not supported
		ifExists bool
	}{
		{op: "StringEquals", base: "StringEquals"},
		{op: "stringequals", base: "StringEquals"},
		{op: "STRINGNOTEQUALSIGNORECASE", base: "StringNotEqualsIgnoreCase"},
		{op: "StringLikeIfExists", base: "StringLike", ifExists: true},
		{op: "ForAnyValue:StringLike", set: forAnyValue, base: "StringLike"},
		{op: "foranyvalue:stringlikeifexists", set: forAnyValue, base: "StringLike", ifExists: true},
		{op: "ForAllValues:ArnNotLikeIFEXISTS", set: forAllValues, base: "ArnNotLike", ifExists: true},
		{op: "Null", base: "Null"},
		{op: "BoolIfExists", base: "Bool", ifExists: true},
		{op: "NumericLessThan"},
		{op: "IfExists"},
		{op: "ForAnyValue:"},
		{op: "ForAnyValue"},
		{op: ""},
		{op: "StringEqualsX"},
		{op: "ForAnyValue:ForAllValues:StringEquals", set: forAnyValue},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			set, base, ifExists, ok := parseOperator(tt.op)
			if ok != (tt.base != "") {
				t.Fatalf("parseOperator(%q) ok = %v, want %v", tt.op, ok, tt.base != "")
			}
			if !ok {
				return
			}
			if set != tt.set || base.name != tt.base || ifExists != tt.ifExists {
				t.Errorf("parseOperator(%q) = %v, %q, %v; want %v, %q, %v",
					tt.op, set, base.name, ifExists, tt.set, tt.base, tt.ifExists)
			}
		})
	}
}
