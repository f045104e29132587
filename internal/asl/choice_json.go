package asl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/go-json-experiment/json/jsontext"
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
	typed, err := json.Marshal(choiceRuleJSON{
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
		key, err := json.Marshal(k)
		if err != nil {
			return err
		}
		val, err := json.Marshal(v)
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

// UnmarshalJSONFrom decodes a rule from dec as UnmarshalJSON does from
// bytes, in one pass. It implements the UnmarshalerFrom interface of
// github.com/go-json-experiment/json (encoding/json/v2), which Parse uses.
func (r *ChoiceRule) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return decodeChoiceRule(dec, r)
}

// UnmarshalJSON decodes the typed fields and keeps every other key in
// Other (numbers as json.Number, so that they re-encode unchanged). Keys are
// matched exactly, as Step Functions does; when a key repeats, the last one
// wins. A JSON null leaves r unchanged. An error in a nested rule names
// the rule's path, e.g. "Or[0].Not: choice rule IsNull: ...".
func (r *ChoiceRule) UnmarshalJSON(data []byte) error {
	// Accept what encoding/json accepts around the rule: a repeated key
	// (the last one wins) and invalid UTF-8 (replaced with U+FFFD). Parse
	// is stricter.
	dec := jsontext.NewDecoder(bytes.NewReader(data),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	err := decodeChoiceRule(dec, r)
	var rule *choiceRuleError
	if !errors.As(err, &rule) {
		return err
	}
	if path := rule.path(); path != "" {
		return fmt.Errorf("%s: %w", path, err)
	}
	return err
}
