package iam

import (
	"fmt"
	"iter"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// setOperator is the ForAnyValue:/ForAllValues: qualifier of a condition
// operator.
type setOperator int

const (
	singleValue setOperator = iota
	forAnyValue
	forAllValues
)

// baseOperator describes one supported condition operator.
type baseOperator struct {
	name    string
	negated bool
	// match reports whether a request value matches one policy value; nil
	// for Null, which is handled apart.
	match func(policy, value string) bool
	// matchPartial reports whether a policy value matches some (may) and
	// every (must) completion of a request value known in part.
	matchPartial func(policy, value string) (may, must bool)
	// check, when set, explains why a policy value cannot be evaluated.
	check func(policy string) string
}

// partialMatch returns the matchPartial of a string operator read in
// mode m.
func partialMatch(m partial.Mode) func(policy, value string) (bool, bool) {
	return func(policy, value string) (bool, bool) { return partial.Match(policy, value, m) }
}

// The ways operators read their values.
var (
	literal   = partialMatch(partial.Mode{})
	folded    = partialMatch(partial.Mode{Fold: true})
	wildcards = partialMatch(partial.Mode{Glob: true})
)

// operators are the supported condition operators, see
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html.
var operators = [...]baseOperator{
	{"StringEquals", false, stringEquals, literal, nil},
	{"StringNotEquals", true, stringEquals, literal, nil},
	{"StringEqualsIgnoreCase", false, strings.EqualFold, folded, nil},
	{"StringNotEqualsIgnoreCase", true, strings.EqualFold, folded, nil},
	{"StringLike", false, MatchResource, wildcards, nil},
	{"StringNotLike", true, MatchResource, wildcards, nil},
	{"ArnEquals", false, arnLike, arnLikePartial, checkARNPattern},
	{"ArnLike", false, arnLike, arnLikePartial, checkARNPattern},
	{"ArnNotEquals", true, arnLike, arnLikePartial, checkARNPattern},
	{"ArnNotLike", true, arnLike, arnLikePartial, checkARNPattern},
	{"Bool", false, strings.EqualFold, folded, checkBool},
	{"Null", false, nil, nil, nil},
}

// lookupOperator returns the supported condition operator with the given
// name, read case-insensitively.
func lookupOperator(name string) (baseOperator, bool) {
	for _, o := range operators {
		if len(o.name) == len(name) && strings.EqualFold(o.name, name) {
			return o, true
		}
	}
	return baseOperator{}, false
}

func stringEquals(a, b string) bool { return a == b }

// arnLike matches an ARN against a pattern as ArnEquals/ArnLike do: each
// of the six colon-separated parts is matched on its own, case-sensitively,
// with `*` and `?` (the resource part keeps any further colons).
func arnLike(pattern, value string) bool {
	p, okP := arn.Parts(pattern)
	a, okA := arn.Parts(value)
	if !okP || !okA {
		return false // fewer than six parts
	}
	for i := range p {
		if !MatchResource(p[i], a[i]) {
			return false
		}
	}
	return true
}

// arnLikePartial is arnLike on a value known in part: part by part,
// each hole within one part. A hole that may hold a colon (class Any)
// leaves the parts unknown.
func arnLikePartial(pattern, value string) (may, must bool) {
	for _, h := range partial.Holes(value) {
		if h.Class != partial.Any {
			continue
		}
		if len(h.Among) == 0 {
			return true, false
		}
		for _, a := range h.Among {
			if strings.Contains(a, ":") {
				return true, false
			}
		}
	}
	p, okP := arn.Parts(pattern)
	a, okA := arn.Parts(value)
	if !okP || !okA {
		return false, false // fewer than six parts
	}
	may, must = true, true
	for i := range p {
		m, all := partial.Match(p[i], a[i], partial.Mode{Glob: true})
		may, must = may && m, must && all
		if !may {
			return false, false
		}
	}
	return may, must
}

// checkARNPattern rejects an ArnLike value that is not six colon-separated
// parts (such as a bare "*"), whose meaning the AWS documentation leaves open.
func checkARNPattern(pattern string) string {
	if strings.Count(pattern, ":") < 5 {
		return fmt.Sprintf("ARN pattern %q does not have six colon-separated parts", pattern)
	}
	return ""
}

// checkBool rejects a Bool value other than true or false.
func checkBool(value string) string {
	if !strings.EqualFold(value, "true") && !strings.EqualFold(value, "false") {
		return fmt.Sprintf("Bool value %q is neither true nor false", value)
	}
	return ""
}

// parseOperator splits "ForAnyValue:StringLikeIfExists" into its parts,
// reading every part case-insensitively, without allocating: a policy
// evaluation parses the operators of each statement it meets.
func parseOperator(op string) (setOperator, baseOperator, bool, bool) {
	set, name := singleValue, op
	switch {
	case hasPrefixFold(name, "ForAnyValue:"):
		set, name = forAnyValue, name[len("ForAnyValue:"):]
	case hasPrefixFold(name, "ForAllValues:"):
		set, name = forAllValues, name[len("ForAllValues:"):]
	}
	ifExists := false
	if n := len(name) - len("IfExists"); n >= 0 && strings.EqualFold(name[n:], "IfExists") {
		ifExists, name = true, name[:n]
	}
	base, ok := lookupOperator(name)
	return set, base, ifExists, ok
}

// hasPrefixFold reports whether s begins with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// evalConditions evaluates a statement's Condition block against the
// request context (keys read case-insensitively), following
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
// and .../reference_policies_condition-single-vs-multi-valued-context-keys.html:
//
//   - all operators and all keys must hold (AND); the values listed for one
//     key are alternatives (OR), and a negated operator (StringNotEquals,
//     StringNotLike, ...) holds when the request value matches none of them;
//   - condition keys are case-insensitive, operator names are read
//     case-insensitively too;
//   - a key the request certainly does not carry (see Request.Absent and
//     Request.Complete): positive operators are false, negated operators
//     are true, the IfExists suffix makes any operator true, ForAllValues:
//     is true (no value fails) and ForAnyValue: false;
//   - Null: "true" holds when the key is absent, "false" when present;
//   - a key whose presence is not known makes the part uncertain: a real
//     request carries many keys the caller may not have listed;
//   - each context value is a single value, so ForAnyValue:/ForAllValues:
//     over a present key reduce to the plain operator.
//
// It returns (holds, ""), or (false, reason) when a part cannot be
// evaluated: an unsupported operator (Numeric*, Date*, IpAddress, ...),
// a key whose value is not known, a policy variable in a value, a key
// without values. Each reason names the operator and the key:
// "condition ArnEquals on ecs:cluster: ...". A part that is
// definitely false makes the whole block false even if another part is
// uncertain, since AND with false is false.
func evalConditions(cond map[string]map[string]Strings, req *Request) (answer, []Reason) {
	var open []Reason
	for op := range inOrder(cond) {
		set, base, ifExists, ok := parseOperator(op)
		if !ok {
			open = append(open, unsupported(fmt.Sprintf("condition operator %q is not evaluated", op)))
			continue
		}
		keys := cond[op]
		for key := range inOrder(keys) {
			a, why := evalCondition(set, base, ifExists, key, keys[key], req)
			switch a {
			case no:
				return no, nil
			case maybe:
				why.Text = fmt.Sprintf("condition %s on %s: %s", op, key, why.Text)
				open = append(open, why)
			}
		}
	}
	if len(open) > 0 {
		return maybe, open
	}
	return yes, nil
}

// evalCondition evaluates one operator on one key; when the answer is
// maybe, the Reason says why (its Text without the operator and key).
func evalCondition(set setOperator, base baseOperator, ifExists bool, key string, values Strings, req *Request) (answer, Reason) {
	if len(values) == 0 {
		return maybe, unsupported("no values")
	}
	for _, v := range values {
		if strings.Contains(v, "${") {
			return maybe, unsupported(fmt.Sprintf("value %q uses a policy variable, which is not resolved", v))
		}
		if base.check != nil {
			if why := base.check(v); why != "" {
				return maybe, unsupported(why)
			}
		}
	}
	value, st := req.lookup(key)
	if st == keyUnknown {
		return maybe, Reason{Cause: UnknownKey, Key: key, Text: UnknownKeyReason}
	}
	present := st == keyPresent
	if base.match == nil { // Null
		if set != singleValue || ifExists {
			return maybe, unsupported("Null with a set qualifier or IfExists is not evaluated")
		}
		holds := false
		for _, v := range values {
			switch strings.ToLower(v) {
			case "true":
				holds = holds || !present
			case "false":
				holds = holds || present
			default:
				return maybe, unsupported(fmt.Sprintf("Null value %q is neither true nor false", v))
			}
		}
		return of(holds), Reason{}
	}
	if !present {
		switch {
		case ifExists:
			return yes, Reason{}
		case set == forAllValues:
			return yes, Reason{}
		case set == forAnyValue:
			return no, Reason{}
		default:
			return of(base.negated), Reason{}
		}
	}
	if !partial.Known(value) {
		return matchValues(base, values, key, value)
	}
	matched := false
	for _, v := range values {
		if base.match(v, value) {
			matched = true
			break
		}
	}
	return of(matched != base.negated), Reason{}
}

// matchValues evaluates an operator on a value known in part: the values
// of the condition are alternatives, a negated operator holds where none
// matches.
func matchValues(base baseOperator, values Strings, key, value string) (answer, Reason) {
	may, must := false, false
	for _, v := range values {
		m, a := base.matchPartial(v, value)
		may, must = may || m, must || a
	}
	matched := of(must)
	if may && !must {
		matched = maybe
	}
	if base.negated {
		matched = not(matched)
	}
	if matched != maybe {
		return matched, Reason{}
	}
	return maybe, dependsOn("its value", key, value)
}

// inOrder yields the keys of m in order, as sortedKeys returns them,
// without allocating for the usual block of one operator on one key.
func inOrder[V any](m map[string]V) iter.Seq[string] {
	return func(yield func(string) bool) {
		if len(m) == 1 {
			for k := range m {
				yield(k)
			}
			return
		}
		for _, k := range sortedKeys(m) {
			if !yield(k) {
				return
			}
		}
	}
}
