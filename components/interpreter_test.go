package components

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"testing"

	jsonata "github.com/blues/jsonata-go"

	"batchpipeline/internal/asl"
)

// This file is a small interpreter of the part of the States Language the
// pipeline's definition uses, to test its behaviour: Parallel (branches in
// order, each with the Parallel's input), Choice (JSONPath rules Variable
// with IsPresent, And, Or, Not; JSONata Condition), Pass (JSONPath Result,
// Parameters, ResultPath; JSONata Output), Task (Parameters resolved
// against the input, then a scripted outcome per state name), Catch
// (ErrorEquals with ResultPath), Fail (JSONata or literal Error and
// Cause), JSONata through github.com/blues/jsonata-go with $states.input
// and $states.context.Execution.Input. Anything else fails the test: the
// interpreter never guesses what Step Functions does.
//
// Step Functions' semantics it keeps
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html,
// state-choice.html, input-output-inputpath-params.html): a ".$" path that
// selects nothing is States.Runtime, which no Catch catches and which
// fails the execution; a Choice that matches no rule and has no Default
// is States.NoChoiceMatched; a JSONata Condition that is not a boolean is
// States.QueryEvaluationError; a failing branch fails its Parallel.

// taskOutcome is what a Task state does when it runs: succeed (the zero
// value) or fail with Error and Cause (after its retries).
type taskOutcome struct {
	Error, Cause string
}

// taskCall is one Task state that ran, with its resolved Parameters.
type taskCall struct {
	State      string
	Parameters map[string]any
}

// execution is the end of a run of a definition.
type execution struct {
	// Status is SUCCEEDED or FAILED.
	Status string
	// Error and Cause are the failure's, when Status is FAILED.
	Error, Cause string
	// Output is the execution's output, when Status is SUCCEEDED.
	Output any
	// Tasks are the Task states that ran, in order.
	Tasks []taskCall
}

// ran returns the names of the Task states that ran, in order.
func (e execution) ran() []string {
	out := make([]string, len(e.Tasks))
	for i, c := range e.Tasks {
		out[i] = c.State
	}
	return out
}

// stateError is an error raised by a state.
type stateError struct {
	Error, Cause string
}

// errorRuntime is the error no Catch catches.
const errorRuntime = "States.Runtime"

// interpreter runs one execution.
type interpreter struct {
	t        *testing.T
	outcomes map[string]taskOutcome
	context  map[string]any
	calls    []taskCall
}

// execute runs m on input (decoded JSON) with the scripted outcomes of its
// Task states by name (a Task not listed succeeds).
func execute(t *testing.T, m *asl.StateMachine, input any, outcomes map[string]taskOutcome) execution {
	t.Helper()
	if m.QueryLanguage != "" {
		t.Fatalf("interpreter: a machine-wide QueryLanguage %q is not supported", m.QueryLanguage)
	}
	in := &interpreter{
		t:        t,
		outcomes: outcomes,
		context:  map[string]any{"Execution": map[string]any{"Input": input}},
	}
	out, err := in.machine(m, input)
	if err != nil {
		return execution{Status: "FAILED", Error: err.Error, Cause: err.Cause, Tasks: in.calls}
	}
	return execution{Status: "SUCCEEDED", Output: out, Tasks: in.calls}
}

// parseInput decodes an execution input as Step Functions receives it.
func parseInput(t *testing.T, input string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(input), &v); err != nil {
		t.Fatalf("execution input %s: %v", input, err)
	}
	return v
}

// machine runs one scope (the machine or a branch) from its StartAt.
func (in *interpreter) machine(m *asl.StateMachine, input any) (any, *stateError) {
	in.t.Helper()
	name := m.StartAt
	for steps := 0; ; steps++ {
		if steps > 1000 {
			in.t.Fatalf("interpreter: more than 1000 transitions: a loop at %q", name)
		}
		s, ok := m.States[name]
		if !ok {
			in.t.Fatalf("interpreter: no state %q in its scope", name)
		}
		out, next, err := in.state(name, s, input)
		if err != nil {
			catcher, caught := catches(s.Catch, err)
			if !caught {
				return nil, err
			}
			rp := "$"
			if catcher.ResultPath != nil {
				rp = *catcher.ResultPath
			}
			errOut := map[string]any{"Error": err.Error}
			if err.Cause != "" {
				errOut["Cause"] = err.Cause
			}
			if out, err = in.resultPath(input, rp, errOut); err != nil {
				return nil, err
			}
			input, name = out, catcher.Next
			continue
		}
		if next == "" {
			return out, nil
		}
		input, name = out, next
	}
}

// catches returns the first catcher that matches err; States.Runtime is
// never caught.
func catches(cs []asl.Catcher, err *stateError) (asl.Catcher, bool) {
	if err.Error == errorRuntime {
		return asl.Catcher{}, false
	}
	for _, c := range cs {
		for _, e := range c.ErrorEquals {
			if e == asl.ErrorAll || e == err.Error {
				return c, true
			}
		}
	}
	return asl.Catcher{}, false
}

// state runs one state: its output, the next state ("" at an end) or its
// error.
func (in *interpreter) state(name string, s *asl.State, input any) (any, string, *stateError) {
	in.t.Helper()
	jsonataState := s.QueryLanguage == asl.JSONata
	if s.QueryLanguage != "" && !jsonataState {
		in.t.Fatalf("interpreter: state %s: QueryLanguage %q", name, s.QueryLanguage)
	}
	if s.OutputPath != nil || s.ResultSelector != nil || s.Assign != nil || len(s.Retry) > 0 && s.Type != asl.TypeTask {
		in.t.Fatalf("interpreter: state %s uses a field it does not support", name)
	}
	next := s.Next
	switch s.Type {
	case asl.TypeFail:
		errName, cause := s.Error, s.Cause
		if jsonataState {
			errName, cause = in.jsonataString(s.Error, input), in.jsonataString(s.Cause, input)
		}
		return nil, "", &stateError{Error: errName, Cause: cause}
	case asl.TypeChoice:
		for _, r := range s.Choices {
			ok, err := in.rule(r, input, jsonataState)
			if err != nil {
				return nil, "", err
			}
			if ok {
				return input, r.Next, nil
			}
		}
		if s.Default == "" {
			return nil, "", &stateError{Error: "States.NoChoiceMatched"}
		}
		return input, s.Default, nil
	case asl.TypePass:
		if jsonataState {
			out := input
			if s.Output != nil {
				out, _ = in.jsonata(s.Output, input)
			}
			return out, next, nil
		}
		eff, err := in.effectiveInput(s, input)
		if err != nil {
			return nil, "", err
		}
		if s.Result != nil {
			eff = deepCopy(s.Result)
		}
		out, err := in.resultPath(input, pathOr(s.ResultPath), eff)
		return out, next, err
	case asl.TypeTask:
		if jsonataState {
			in.t.Fatalf("interpreter: JSONata Task %s is not supported", name)
		}
		eff, err := in.effectiveInput(s, input)
		if err != nil {
			return nil, "", err
		}
		params, _ := eff.(map[string]any)
		in.calls = append(in.calls, taskCall{State: name, Parameters: params})
		if o := in.outcomes[name]; o.Error != "" {
			return nil, "", &stateError{Error: o.Error, Cause: o.Cause}
		}
		out, err := in.resultPath(input, pathOr(s.ResultPath), map[string]any{"ran": name})
		return out, next, err
	case asl.TypeParallel:
		eff, err := in.effectiveInput(s, input)
		if err != nil {
			return nil, "", err
		}
		outs := make([]any, len(s.Branches))
		for i, b := range s.Branches {
			if outs[i], err = in.machine(b, deepCopy(eff)); err != nil {
				return nil, "", err
			}
		}
		out, err := in.resultPath(input, pathOr(s.ResultPath), outs)
		return out, next, err
	}
	in.t.Fatalf("interpreter: state %s of type %s is not supported", name, s.Type)
	return nil, "", nil
}

// pathOr is the path p points to, "$" when absent.
func pathOr(p *string) string {
	if p == nil {
		return "$"
	}
	return *p
}

// effectiveInput applies InputPath then Parameters (JSONPath states).
func (in *interpreter) effectiveInput(s *asl.State, input any) (any, *stateError) {
	eff := input
	if s.InputPath != nil {
		v, ok := in.path(*s.InputPath, input)
		if !ok {
			return nil, &stateError{Error: errorRuntime, Cause: "InputPath " + *s.InputPath + " selects nothing"}
		}
		eff = v
	}
	if s.Parameters == nil {
		return eff, nil
	}
	return in.parameters(s.Parameters, eff)
}

// parameters resolves a Parameters template: "K.$" keys take the value of
// their path in input, nested objects are resolved too.
func (in *interpreter) parameters(tmpl map[string]any, input any) (map[string]any, *stateError) {
	out := map[string]any{}
	for k, v := range tmpl {
		if key, ok := strings.CutSuffix(k, ".$"); ok {
			p, _ := v.(string)
			if strings.HasPrefix(p, "States.") {
				in.t.Fatalf("interpreter: intrinsic functions (%s) are not supported", p)
			}
			got, found := in.path(p, input)
			if !found {
				return nil, &stateError{Error: errorRuntime,
					Cause: fmt.Sprintf("The JSONPath '%s' specified for the field '%s' could not be found in the input", p, k)}
			}
			out[key] = got
			continue
		}
		if m, ok := v.(map[string]any); ok {
			r, err := in.parameters(m, input)
			if err != nil {
				return nil, err
			}
			out[k] = r
			continue
		}
		out[k] = deepCopy(v)
	}
	return out, nil
}

// pathStep is one step of a JSONPath: a field, an index, or a filter
// keeping the array elements that have a field.
var pathStep = regexp.MustCompile(`^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[\?\(@\.([A-Za-z_][A-Za-z0-9_]*)\)\])`)

// path selects the value at p in doc: $, .field, [index] and
// [?(@.field)]; false when it selects nothing.
func (in *interpreter) path(p string, doc any) (any, bool) {
	in.t.Helper()
	rest, ok := strings.CutPrefix(p, "$")
	if !ok {
		in.t.Fatalf("interpreter: path %q does not start with $", p)
	}
	cur := doc
	for rest != "" {
		m := pathStep.FindStringSubmatch(rest)
		if m == nil {
			in.t.Fatalf("interpreter: path %q: unsupported step %q", p, rest)
		}
		rest = rest[len(m[0]):]
		switch {
		case m[1] != "":
			obj, isObj := cur.(map[string]any)
			v, found := obj[m[1]]
			if !isObj || !found {
				return nil, false
			}
			cur = v
		case m[2] != "":
			arr, isArr := cur.([]any)
			i, _ := strconv.Atoi(m[2])
			if !isArr || i >= len(arr) {
				return nil, false
			}
			cur = arr[i]
		default:
			arr, isArr := cur.([]any)
			if !isArr {
				return nil, false
			}
			kept := []any{}
			for _, e := range arr {
				if obj, isObj := e.(map[string]any); isObj {
					if _, has := obj[m[3]]; has {
						kept = append(kept, e)
					}
				}
			}
			cur = kept
		}
	}
	return cur, true
}

// resultPath places result in input at p ("$" replaces the input).
func (in *interpreter) resultPath(input any, p string, result any) (any, *stateError) {
	in.t.Helper()
	if p == "$" {
		return result, nil
	}
	rest, ok := strings.CutPrefix(p, "$.")
	if !ok || strings.ContainsAny(rest, "[]") {
		in.t.Fatalf("interpreter: ResultPath %q is not supported", p)
	}
	obj, isObj := input.(map[string]any)
	if !isObj {
		return nil, &stateError{Error: "States.ResultPathMatchFailure", Cause: "ResultPath " + p + " on a non-object input"}
	}
	out := maps.Clone(obj)
	cur := out
	fields := strings.Split(rest, ".")
	for _, f := range fields[:len(fields)-1] {
		next, isObj := cur[f].(map[string]any)
		if !isObj {
			next = map[string]any{}
		} else {
			next = maps.Clone(next)
		}
		cur[f] = next
		cur = next
	}
	cur[fields[len(fields)-1]] = result
	return out, nil
}

// rule evaluates a choice rule.
func (in *interpreter) rule(r asl.ChoiceRule, input any, jsonataState bool) (bool, *stateError) {
	in.t.Helper()
	if jsonataState {
		cond, ok := r.Condition()
		if !ok || len(r.Other) != 1 || r.Variable != "" {
			in.t.Fatalf("interpreter: a JSONata choice rule must hold a Condition only: %+v", r)
		}
		v, defined := in.jsonata(cond, input)
		b, isBool := v.(bool)
		if !defined || !isBool {
			return false, &stateError{Error: "States.QueryEvaluationError", Cause: fmt.Sprintf("Condition %s gave %v, not a boolean", cond, v)}
		}
		return b, nil
	}
	switch {
	case len(r.Other) > 0 || r.IsNull != nil || r.StringEquals != nil || r.BooleanEquals != nil || r.NumericEquals != nil:
		in.t.Fatalf("interpreter: choice rule %+v uses an operator it does not support", r)
	case r.Variable != "":
		if r.IsPresent == nil {
			in.t.Fatalf("interpreter: choice rule on %s without IsPresent", r.Variable)
		}
		_, found := in.path(r.Variable, input)
		return found == *r.IsPresent, nil
	case r.Not != nil:
		ok, err := in.rule(*r.Not, input, false)
		return !ok, err
	case len(r.And) > 0:
		for _, x := range r.And {
			if ok, err := in.rule(x, input, false); err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case len(r.Or) > 0:
		for _, x := range r.Or {
			if ok, err := in.rule(x, input, false); err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	in.t.Fatalf("interpreter: empty choice rule %+v", r)
	return false, nil
}

// jsonata evaluates a JSONata field value: "{% expr %}" strings are
// evaluated, objects and arrays member by member (an undefined member is
// left out), other values are literal. defined is false for an undefined
// result.
func (in *interpreter) jsonata(v any, input any) (out any, defined bool) {
	in.t.Helper()
	return evalJSONataStates(in.t, v, map[string]any{"input": input, "context": in.context})
}

// jsonataString evaluates a JSONata string field that must give a string.
func (in *interpreter) jsonataString(v string, input any) string {
	in.t.Helper()
	out, _ := in.jsonata(v, input)
	s, ok := out.(string)
	if !ok {
		in.t.Fatalf("interpreter: %s gave %v, not a string", v, out)
	}
	return s
}

// evalJSONataStates evaluates a JSONata field value with $states bound to
// states; defined is false for an undefined result.
func evalJSONataStates(t *testing.T, v any, states map[string]any) (any, bool) {
	t.Helper()
	switch v := v.(type) {
	case string:
		s := strings.TrimSpace(v)
		if !strings.HasPrefix(s, "{%") || !strings.HasSuffix(s, "%}") {
			return v, true
		}
		e, err := jsonata.Compile(strings.TrimSuffix(strings.TrimPrefix(s, "{%"), "%}"))
		if err != nil {
			t.Fatalf("JSONata %q: %v", v, err)
		}
		if err := e.RegisterVars(map[string]any{"states": states}); err != nil {
			t.Fatal(err)
		}
		out, err := e.Eval(nil)
		if errors.Is(err, jsonata.ErrUndefined) {
			return nil, false
		}
		if err != nil {
			t.Fatalf("JSONata %q: %v", v, err)
		}
		return out, true
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if r, ok := evalJSONataStates(t, x, states); ok {
				out[k] = r
			}
		}
		return out, true
	case []any:
		out := make([]any, 0, len(v))
		for _, x := range v {
			if r, ok := evalJSONataStates(t, x, states); ok {
				out = append(out, r)
			}
		}
		return out, true
	default:
		return v, true
	}
}

// deepCopy copies a decoded JSON value (or a definition's Go value of
// one) through JSON, so a state never shares maps with another.
func deepCopy(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("deepCopy: %v", err))
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("deepCopy: %v", err))
	}
	return out
}
