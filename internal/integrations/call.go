package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// TaskState holds the fields of a Task state the model reads.
type TaskState struct {
	// Resource is the state's Resource (arn:aws:states:::ecs:runTask.sync).
	Resource string
	// JSONata is set when the state is evaluated in JSONata: its own
	// QueryLanguage, or else the state machine's, is "JSONata".
	JSONata bool
	// Parameters is the state's Parameters (JSONPath) or Arguments
	// (JSONata): an object, or under JSONata a string expression.
	Parameters any
	// Credentials is the state's Credentials field, nil when absent.
	Credentials any
}

// Call is one Task state read through the model: the integration it
// calls, with which pattern, which role makes the calls and the
// parameters the integration reads.
type Call struct {
	Integration *Integration
	Pattern     Pattern
	// Resource is the state's Resource.
	Resource string
	// Credentials is the state's Credentials.RoleArn: not Set when the
	// state machine's role makes the calls. Step Functions assumes this
	// role for the state's calls
	// (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html#task-state-fields,
	// "Credentials").
	Credentials Value
	params      value
	// target is the RunTask caller outside Step Functions the call is
	// read from (ECSTarget.Call), nil for a Task state.
	target *ECSTarget
}

// Read reads a Task state. It reports false when the state calls no
// integration of the model, or one with a pattern Step Functions does not
// support for it. It never panics, whatever the values.
func Read(t TaskState) (Call, bool) {
	in, pattern, why := lookup(t.Resource)
	if why != "" {
		return Call{}, false
	}
	c := Call{Integration: in, Pattern: pattern, Resource: t.Resource,
		params: value{v: t.Parameters, jsonata: t.JSONata, set: t.Parameters != nil}}
	creds := value{v: t.Credentials, jsonata: t.JSONata, set: t.Credentials != nil}
	c.Credentials = creds.get("RoleArn")
	return c, true
}

// Param returns a parameter of the call; path walks into objects:
// c.Param("Overrides", "TaskRoleArn").
func (c Call) Param(path ...string) Value {
	return c.params.get(path...)
}

// field names the field the parameters are in, for messages.
func (c Call) field() string {
	switch {
	case c.target != nil:
		return c.target.Field
	case c.params.jsonata:
		return "Arguments"
	}
	return "Parameters"
}

// who names what makes the call, as the subject of the model's texts:
// "the state", or the target.
func (c Call) who() string {
	if c.target != nil {
		return c.target.Caller
	}
	return "the state"
}

// notKnown says why the call's what ("cluster") is not known before the
// call: a state chooses it at run time; a target's is an output not known
// at this preview.
func (c Call) notKnown(what string) string {
	if c.target != nil {
		return "the " + what + " of " + c.target.Caller + " is not known at this preview"
	}
	return "the state chooses its " + what + " at run time"
}

// Each returns a call reading each element of the array parameter at
// path as its parameters (so that each.Param("EventBusName") reads one
// entry's), and false when the array is chosen at run time, absent or
// not an array.
func (c Call) Each(path ...string) ([]Call, bool) {
	v := c.Param(path...)
	elems, isArray := v.Raw.([]any)
	if !v.Set || v.Dynamic || !isArray {
		return nil, false
	}
	out := make([]Call, len(elems))
	for i, e := range elems {
		out[i] = c
		out[i].params = value{v: e, set: e != nil, jsonata: c.params.jsonata}
	}
	return out, true
}

// Requests returns the IAM requests the call is authorized by, in env,
// each with the least statement that allows it. With Credentials, they
// are checked against the Credentials role and come after the
// sts:AssumeRole of that role by the state machine's role.
func (c Call) Requests(env Env) []Request {
	reqs := c.Integration.requests(c, env)
	if !c.Credentials.Set {
		return reqs
	}
	for i := range reqs {
		reqs[i].By = CredentialsRole
	}
	return append([]Request{assumeCredentials(c, env)}, reqs...)
}

// Unjudged says what of the call the model cannot judge although it reads
// it ("" when nothing): requests a service makes with the caller's
// permissions on resources its parameters do not name, an authorization
// outside IAM.
func (c Call) Unjudged() string {
	if c.Integration.unjudged == nil {
		return ""
	}
	return c.Integration.unjudged(c)
}

// Problems returns the reasons every run of the call fails that are not
// IAM: parameters the service rejects.
func (c Call) Problems(env Env) []string {
	if c.Integration.problems == nil {
		return nil
	}
	return c.Integration.problems(c, env)
}

// Value is a parameter of a Task state as the definition gives it.
type Value struct {
	// Set is false when the parameter is absent (or null).
	Set bool
	// Dynamic is set when the value is chosen at run time: a "Name.$"
	// JSONPath key, or a JSONata expression ("{% ... %}").
	Dynamic bool
	// Literal is the value when it is a string written in the
	// definition.
	Literal string
	// Raw is the value as decoded from JSON (string, float64, bool,
	// []any, map[string]any) when it is written in the definition.
	Raw any
}

// Static returns the literal string and true when the value is a string
// written in the definition.
func (v Value) Static() (string, bool) {
	_, isString := v.Raw.(string)
	return v.Literal, v.Set && !v.Dynamic && isString
}

// value is a JSON value of a definition with how to read it.
type value struct {
	v       any
	set     bool
	jsonata bool
	dynamic bool
}

// get walks path through objects. Under JSONPath a key "K.$" makes K
// dynamic; under JSONata a string "{% ... %}" is an expression. A
// dynamic object makes everything in it dynamic.
func (x value) get(path ...string) Value {
	cur := x
	for _, key := range path {
		if cur.dynamic || (cur.set && isExpression(cur.v, cur.jsonata)) {
			return Value{Set: true, Dynamic: true}
		}
		obj, ok := cur.v.(map[string]any)
		if !ok {
			return Value{}
		}
		if !cur.jsonata {
			if _, dyn := obj[key+".$"]; dyn {
				return Value{Set: true, Dynamic: true}
			}
		}
		v, present := obj[key]
		cur = value{v: v, set: present && v != nil, jsonata: cur.jsonata}
	}
	if !cur.set {
		return Value{}
	}
	if cur.dynamic || isExpression(cur.v, cur.jsonata) {
		return Value{Set: true, Dynamic: true}
	}
	out := Value{Set: true, Raw: cur.v}
	if s, ok := cur.v.(string); ok {
		out.Literal = s
	}
	return out
}

// isExpression reports whether v is a JSONata expression, a string
// "{% ... %}" (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
func isExpression(v any, jsonata bool) bool {
	s, ok := v.(string)
	if !ok || !jsonata {
		return false
	}
	// A string that opens an expression without closing it is not a
	// literal either: read it as chosen at run time, never as a value.
	return strings.HasPrefix(strings.TrimSpace(s), "{%")
}

// truthy reports whether a static value is the JSON true.
func (v Value) truthy() bool {
	b, ok := v.Raw.(bool)
	return v.Set && !v.Dynamic && ok && b
}

// nonEmpty reports whether a static value is a non-empty array or object.
func (v Value) nonEmpty() bool {
	switch r := v.Raw.(type) {
	case []any:
		return len(r) > 0
	case map[string]any:
		return len(r) > 0
	}
	return false
}

// arnParam reads parameter param of the call (a path with dots: a.b),
// which names a resource by
// its ARN (valid says whether an ARN names the right kind of resource),
// or by name in the caller's account and region when byName is set. It
// returns the ARN the request is authorized against (build makes it from
// an account and a name), known in part when the state chooses the
// resource at run time, or the parameter is missing or not what it
// should be: then any resource of that kind in any account and region of
// the partition, its name a hole labelled label.
func (c Call) arnParam(acct Account, param, label string, byName bool, build func(a Account, name string) string,
	valid func(arn string) bool) string {
	why := c.notKnown(strings.ToLower(label))
	switch v := c.Param(strings.Split(param, ".")...); {
	case !v.Set:
		why = c.who() + " names no " + param
	case !v.Dynamic:
		ref, ok := v.Static()
		switch {
		case !ok:
			why = param + " is not a string"
		case arn.HasPrefix(ref) && valid(ref):
			return ref
		case arn.HasPrefix(ref):
			why = param + " is not the ARN of a " + strings.ToLower(label)
		case byName:
			return build(acct, ref)
		default:
			why = param + " is not an ARN"
		}
	}
	return build(acct.Anywhere(why), partial.Hole{Label: label, Class: partial.Name, Why: why}.String())
}
