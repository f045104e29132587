package asl

import (
	"fmt"
	"sort"
	"strings"
)

// sanitizeID keeps the letters, digits and underscores of name.
func sanitizeID(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// escapeLabel makes s safe inside a double-quoted Mermaid label: quotes
// and the characters Mermaid reads as markup become entity codes, line
// breaks become spaces.
func escapeLabel(s string) string {
	return labelEscaper.Replace(s)
}

// labelEscaper is read-only after initialisation.
var labelEscaper = strings.NewReplacer(
	`"`, "#quot;",
	"#", "#35;",
	"<", "#lt;",
	">", "#gt;",
	"|", "#124;",
	"`", "#96;",
	"&", "#amp;",
	"\t", " ",
	"\r\n", " ",
	"\n", " ",
	"\r", " ",
)

// shorten cuts s to at most n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// ruleLabel renders a choice rule as a short condition, such as
// `$[0].error present or $[1].error present`. nested is true inside And,
// Or and Not, where a combination needs parentheses.
func ruleLabel(r ChoiceRule, nested bool) string {
	join := func(rules []ChoiceRule, sep string) string {
		parts := make([]string, len(rules))
		for i, c := range rules {
			parts[i] = ruleLabel(c, true)
		}
		s := strings.Join(parts, sep)
		if nested && len(rules) > 1 {
			s = "(" + s + ")"
		}
		return s
	}
	switch {
	case len(r.And) > 0:
		return join(r.And, " and ")
	case len(r.Or) > 0:
		return join(r.Or, " or ")
	case r.Not != nil:
		return "not " + ruleLabel(*r.Not, true)
	}
	v := r.Variable
	switch {
	case r.IsPresent != nil && *r.IsPresent:
		return v + " present"
	case r.IsPresent != nil:
		return v + " absent"
	case r.IsNull != nil && *r.IsNull:
		return v + " is null"
	case r.IsNull != nil:
		return v + " not null"
	case r.StringEquals != nil:
		return fmt.Sprintf("%s == %q", v, *r.StringEquals)
	case r.BooleanEquals != nil:
		return fmt.Sprintf("%s == %t", v, *r.BooleanEquals)
	case r.NumericEquals != nil:
		return fmt.Sprintf("%s == %v", v, *r.NumericEquals)
	}
	keys := make([]string, 0, len(r.Other))
	for k := range r.Other {
		if k != "Comment" && k != "Assign" && k != "Output" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return v
	}
	k := keys[0]
	if k == ConditionKey { // JSONata
		return fmt.Sprint(r.Other[k])
	}
	return strings.TrimSpace(v + " " + operatorLabel(k, r.Other[k]))
}

// operatorLabel renders a comparison operator and its operand:
// NumericGreaterThanEquals 3 gives ">= 3", StringEqualsPath "$.b" gives
// "== $.b", IsString true gives "is string".
func operatorLabel(op string, operand any) string {
	isPath := strings.HasSuffix(op, "Path")
	name := strings.TrimSuffix(op, "Path")
	for _, prefix := range []string{"String", "Numeric", "Boolean", "Timestamp"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && rest != "" {
			name = rest
			break
		}
	}
	symbols := map[string]string{
		"Equals": "==", "LessThan": "<", "GreaterThan": ">",
		"LessThanEquals": "<=", "GreaterThanEquals": ">=", "Matches": "matches",
	}
	if sym, ok := symbols[name]; ok {
		name = sym
	} else if rest, ok := strings.CutPrefix(name, "Is"); ok && rest != "" {
		name = "is " + strings.ToLower(rest)
		if b, ok := operand.(bool); ok && !b {
			name = "is not " + strings.ToLower(rest)
		}
		return name
	}
	if s, ok := operand.(string); ok && !isPath {
		return fmt.Sprintf("%s %q", name, s)
	}
	return fmt.Sprintf("%s %v", name, operand)
}
