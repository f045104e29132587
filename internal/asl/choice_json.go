package asl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
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

// choiceRuleJSON mirrors ChoiceRule without its methods, so that the
// typed fields are encoded and decoded by encoding/json.
type choiceRuleJSON struct {
	Variable string       `json:"Variable,omitempty"`
	Next     string       `json:"Next,omitempty"`
	And      []ChoiceRule `json:"And,omitempty"`
	Or       []ChoiceRule `json:"Or,omitempty"`
	Not      *ChoiceRule  `json:"Not,omitempty"`

	IsPresent     *bool    `json:"IsPresent,omitempty"`
	IsNull        *bool    `json:"IsNull,omitempty"`
	StringEquals  *string  `json:"StringEquals,omitempty"`
	BooleanEquals *bool    `json:"BooleanEquals,omitempty"`
	NumericEquals *float64 `json:"NumericEquals,omitempty"`
}

// MarshalJSON encodes the typed fields and every entry of Other as one
// object, keys sorted. An Other entry whose key names a typed field is an
// error: the typed field is the one that counts.
func (r ChoiceRule) MarshalJSON() ([]byte, error) {
	typed, err := json.Marshal(choiceRuleJSON{
		Variable: r.Variable, Next: r.Next, And: r.And, Or: r.Or, Not: r.Not,
		IsPresent: r.IsPresent, IsNull: r.IsNull, StringEquals: r.StringEquals,
		BooleanEquals: r.BooleanEquals, NumericEquals: r.NumericEquals,
	})
	if err != nil {
		return nil, err
	}
	if len(r.Other) == 0 {
		return typed, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(typed, &fields); err != nil {
		return nil, fmt.Errorf("asl: choice rule: %w", err)
	}
	keys := make([]string, 0, len(r.Other))
	for k := range r.Other {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if choiceRuleField(&r, k) != nil {
			return nil, fmt.Errorf("asl: choice rule: Other[%q] duplicates a typed field", k)
		}
		v, err := json.Marshal(r.Other[k])
		if err != nil {
			return nil, fmt.Errorf("asl: choice rule: operator %s: %w", k, err)
		}
		fields[k] = v
	}
	return json.Marshal(fields)
}

// UnmarshalJSON decodes the typed fields and keeps every other key in
// Other (numbers as json.Number, so that they re-encode unchanged). Keys are
// matched exactly, as Step Functions does. A JSON null leaves r unchanged.
func (r *ChoiceRule) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return fmt.Errorf("choice rule: %w", err)
	}
	var out ChoiceRule
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first error reported does not depend on map order
	for _, k := range keys {
		raw := fields[k]
		if field := choiceRuleField(&out, k); field != nil {
			if err := json.Unmarshal(raw, field); err != nil {
				return fmt.Errorf("choice rule %s: %w", k, err)
			}
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("choice rule %s: %w", k, err)
		}
		if out.Other == nil {
			out.Other = make(map[string]any)
		}
		out.Other[k] = v
	}
	*r = out
	return nil
}
