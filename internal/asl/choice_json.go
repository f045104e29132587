package asl

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// choiceRuleField returns a pointer to the Go field of r that the JSON key
// names, or nil when the key belongs in Other. Keys match exactly.
func choiceRuleField(r *ChoiceRule, key string) any {
	switch key {
	case "Variable":
		return &r.Variable
	case "Next":
		return &r.Next
	case "And":
		return &r.And
	case "Or":
		return &r.Or
	case "Not":
		return &r.Not
	case "IsPresent":
		return &r.IsPresent
	case "IsNull":
		return &r.IsNull
	case "StringEquals":
		return &r.StringEquals
	case "BooleanEquals":
		return &r.BooleanEquals
	case "NumericEquals":
		return &r.NumericEquals
	}
	return nil
}

// choiceRuleJSON holds the typed fields of a ChoiceRule except Next, in
// the order they are written: the condition first, Next last.
type choiceRuleJSON struct {
	Variable string       `json:"Variable,omitempty"`
	And      []ChoiceRule `json:"And,omitempty"`
	Or       []ChoiceRule `json:"Or,omitempty"`
	Not      *ChoiceRule  `json:"Not,omitempty"`

	IsPresent     *bool    `json:"IsPresent,omitempty"`
	IsNull        *bool    `json:"IsNull,omitempty"`
	StringEquals  *string  `json:"StringEquals,omitempty"`
	BooleanEquals *bool    `json:"BooleanEquals,omitempty"`
	NumericEquals *float64 `json:"NumericEquals,omitempty"`
}

// MarshalJSON writes the typed condition fields, then the entries of
// Other in key order, then Next. An Other entry whose key names a typed
// field is an error: the typed field is the one that counts.
func (r ChoiceRule) MarshalJSON() ([]byte, error) {
	typed, err := jsonv1.Marshal(choiceRuleJSON{
		Variable: r.Variable, And: r.And, Or: r.Or, Not: r.Not,
		IsPresent: r.IsPresent, IsNull: r.IsNull, StringEquals: r.StringEquals,
		BooleanEquals: r.BooleanEquals, NumericEquals: r.NumericEquals,
	})
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(r.Other))
	for k := range r.Other {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.Write(typed[:len(typed)-1]) // without the closing brace
	sep := len(typed) > 2
	member := func(k string, v any) error {
		key, err := jsonv1.Marshal(k)
		if err != nil {
			return err
		}
		val, err := jsonv1.Marshal(v)
		if err != nil {
			return fmt.Errorf("asl: choice rule %s: %w", k, err)
		}
		if sep {
			b.WriteByte(',')
		}
		sep = true
		b.Write(key)
		b.WriteByte(':')
		b.Write(val)
		return nil
	}
	for _, k := range keys {
		if choiceRuleField(&r, k) != nil {
			return nil, fmt.Errorf("asl: choice rule: Other[%q] duplicates a typed field", k)
		}
		if err := member(k, r.Other[k]); err != nil {
			return nil, err
		}
	}
	if r.Next != "" {
		if err := member("Next", r.Next); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSONFrom decodes a rule from dec (the UnmarshalerFrom interface
// of github.com/go-json-experiment/json, which Parse uses). A value of the
// wrong type is a *choiceRuleError that Parse words with the rule's path.
func (r *ChoiceRule) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if err := decodeChoiceRule(val, r); err != nil {
		var rule *choiceRuleError
		if errors.As(err, &rule) {
			rule.At = dec.StackPointer()
		}
		return err
	}
	return nil
}

// UnmarshalJSON decodes a rule from bytes, for callers of encoding/json:
// as Parse does, the error of a nested rule names its path, e.g.
// "Or[0].Not: choice rule IsNull: ...".
func (r *ChoiceRule) UnmarshalJSON(data []byte) error {
	err := decodeChoiceRule(data, r)
	var rule *choiceRuleError
	if errors.As(err, &rule) && rule.Path != "" {
		return fmt.Errorf("%s: %w", rule.Path, err)
	}
	return err
}

// decodeChoiceRule decodes the JSON value data into r: a JSON null leaves
// r unchanged; an object fills the typed fields, whose keys match exactly,
// and keeps every other key in Other, numbers as written (jsonv1.Number),
// so that they re-encode unchanged. When a key repeats, the last one wins,
// a null included: the field is as if decoded from the last value alone.
// Invalid UTF-8 is replaced with U+FFFD, as Parse does.
func decodeChoiceRule(data []byte, r *ChoiceRule) error {
	dec := jsontext.NewDecoder(bytes.NewReader(data),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	switch k := dec.PeekKind(); k {
	case 'n':
		return nil
	case '{':
	default:
		if _, err := dec.ReadValue(); err != nil {
			return err
		}
		return &choiceRuleError{Err: kindError(k, "asl.ChoiceRule")}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	// The members in order of first appearance, each with its last value.
	type member struct {
		key string
		val jsontext.Value
	}
	var members []member
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return err
		}
		key := name.String()
		val, err := dec.ReadValue()
		if err != nil {
			return err
		}
		i := slices.IndexFunc(members, func(m member) bool { return m.key == key })
		if i < 0 {
			members = append(members, member{key: key})
			i = len(members) - 1
		}
		members[i].val = val.Clone() // val lasts only until the next read
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	var out ChoiceRule
	for _, m := range members {
		if err := out.set(m.key, m.val); err != nil {
			return err
		}
	}
	*r = out
	return nil
}

// set decodes the value of one key of a rule into the field
// choiceRuleField names, or into Other.
func (r *ChoiceRule) set(key string, val jsontext.Value) error {
	var err error
	switch field := choiceRuleField(r, key).(type) {
	case *string:
		err = decodeString(val, field)
	case *[]ChoiceRule:
		*field, err = decodeRules(key, val)
	case **ChoiceRule:
		*field, err = decodeNested(key, val)
	case **bool:
		*field, err = decodeBool(val)
	case **string:
		*field, err = decodeStringPtr(val)
	case **float64:
		*field, err = decodeFloat(val)
	default:
		dec := jsonv1.NewDecoder(bytes.NewReader(val))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		if r.Other == nil {
			r.Other = make(map[string]any)
		}
		r.Other[key] = v
		return nil
	}
	var rule *choiceRuleError
	if err != nil && !errors.As(err, &rule) {
		return &choiceRuleError{Key: key, Err: err}
	}
	return err
}

// decodeRules decodes the list of rules of And or Or; the error of a
// rule in it gains the rule's place in its path.
func decodeRules(key string, val jsontext.Value) ([]ChoiceRule, error) {
	if val.Kind() == 'n' {
		return nil, nil
	}
	var items []jsontext.Value
	if val.Kind() != '[' {
		return nil, kindError(val.Kind(), "[]asl.ChoiceRule")
	}
	if err := jsonv2.Unmarshal(val, &items, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)); err != nil {
		return nil, err
	}
	rules := make([]ChoiceRule, len(items))
	for i, item := range items {
		if err := decodeChoiceRule(item, &rules[i]); err != nil {
			return nil, nestedError(fmt.Sprintf("%s[%d]", key, i), err)
		}
	}
	return rules, nil
}

// decodeNested decodes the rule of Not.
func decodeNested(key string, val jsontext.Value) (*ChoiceRule, error) {
	if val.Kind() == 'n' {
		return nil, nil
	}
	var rule ChoiceRule
	if err := decodeChoiceRule(val, &rule); err != nil {
		return nil, nestedError(key, err)
	}
	return &rule, nil
}

// nestedError prefixes the path of a rule's error with step, the place of
// the rule in its parent.
func nestedError(step string, err error) error {
	var rule *choiceRuleError
	if !errors.As(err, &rule) {
		return err
	}
	if rule.Path == "" {
		rule.Path = step
	} else {
		rule.Path = step + "." + rule.Path
	}
	return rule
}

func decodeString(val jsontext.Value, dst *string) error {
	switch val.Kind() {
	case 'n':
		*dst = ""
		return nil
	case '"':
		return jsonv2.Unmarshal(val, dst, jsontext.AllowInvalidUTF8(true))
	}
	return kindError(val.Kind(), "string")
}

func decodeStringPtr(val jsontext.Value) (*string, error) {
	if val.Kind() == 'n' {
		return nil, nil
	}
	var s string
	if err := decodeString(val, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

func decodeBool(val jsontext.Value) (*bool, error) {
	switch val.Kind() {
	case 'n':
		return nil, nil
	case 't', 'f':
		b := val.Kind() == 't'
		return &b, nil
	}
	return nil, kindError(val.Kind(), "bool")
}

func decodeFloat(val jsontext.Value) (*float64, error) {
	switch val.Kind() {
	case 'n':
		return nil, nil
	case '0':
		f, err := strconv.ParseFloat(string(val), 64)
		if err != nil {
			return nil, fmt.Errorf("cannot unmarshal number %s into Go value of type float64", val)
		}
		return &f, nil
	}
	return nil, kindError(val.Kind(), "float64")
}

// kindError words a value of the wrong JSON kind as encoding/json does.
func kindError(k jsontext.Kind, goType string) error {
	return fmt.Errorf("cannot unmarshal %s into Go value of type %s", kindName(k), goType)
}

// kindName names a JSON kind as encoding/json does in its errors.
func kindName(k jsontext.Kind) string {
	switch k {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "value"
}

// choiceRuleError is a value of the wrong type for the key Key of a choice
// rule, or for the whole rule when Key is empty. Path is where the rule is
// below the rule being decoded ("Or[1].Not", "" for that rule itself);
// At, set by UnmarshalJSONFrom, locates the outer rule in Parse's input.
type choiceRuleError struct {
	At   jsontext.Pointer
	Path string
	Key  string
	Err  error
}

// path returns where the rule is, e.g. "States.A.Choices[0].Or[1]".
func (e *choiceRuleError) path() string {
	at := pointerPath(e.At)
	switch {
	case at == "":
		return e.Path
	case e.Path == "":
		return at
	}
	return at + "." + e.Path
}

func (e *choiceRuleError) Error() string {
	if e.Key == "" {
		return "choice rule: " + e.Err.Error()
	}
	return "choice rule " + e.Key + ": " + e.Err.Error()
}

func (e *choiceRuleError) Unwrap() error { return e.Err }
