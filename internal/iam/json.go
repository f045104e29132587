package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
)

// UnmarshalJSON accepts a single string, a list of strings or null. Numbers
// and booleans (which AWS accepts as condition values, e.g.
// "aws:SecureTransport": false) are kept as their JSON text. An empty list
// becomes nil so that documents round-trip through JSON unchanged.
func (s *Strings) UnmarshalJSON(data []byte) error {
	var raw any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // keep numbers as written: 123456789012 stays an account ID
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("string or list of strings: %w", err)
	}
	switch v := raw.(type) {
	case nil:
		*s = nil
		return nil
	case []any:
		if len(v) == 0 {
			*s = nil
			return nil
		}
		out := make(Strings, 0, len(v))
		for i, e := range v {
			str, err := scalarString(e)
			if err != nil {
				return fmt.Errorf("element %d: %w", i, err)
			}
			out = append(out, str)
		}
		*s = out
		return nil
	default:
		str, err := scalarString(v)
		if err != nil {
			return err
		}
		*s = Strings{str}
		return nil
	}
}

// MarshalJSON always writes a list (even for one element) so that the
// output of a document does not depend on how its input was spelled.
func (s Strings) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(s))
}

// scalarString turns a decoded JSON scalar into its string form.
func scalarString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case json.Number:
		return x.String(), nil
	case nil:
		return "", errors.New("want a string, got null")
	case []any:
		return "", errors.New("want a string, got a list")
	case map[string]any:
		return "", errors.New("want a string, got an object")
	default:
		return "", fmt.Errorf("want a string, got %T", v)
	}
}

// UnmarshalJSON accepts "*" or an object mapping a principal type (AWS,
// Service, Federated, CanonicalUser) to a string or a list of strings.
func (p *Principal) UnmarshalJSON(data []byte) error {
	var str string
	if err := json.Unmarshal(data, &str); err == nil {
		if str != "*" {
			return fmt.Errorf("principal: a string principal must be \"*\", got %q", str)
		}
		*p = Principal{Wildcard: true}
		return nil
	}
	var byType map[string]Strings
	if err := json.Unmarshal(data, &byType); err != nil {
		return fmt.Errorf("principal: want \"*\" or an object: %w", err)
	}
	if len(byType) == 0 {
		byType = nil
	}
	*p = Principal{ByType: byType}
	return nil
}

// MarshalJSON writes "*" for the wildcard principal and an object with
// sorted keys otherwise.
func (p Principal) MarshalJSON() ([]byte, error) {
	if p.Wildcard {
		return []byte(`"*"`), nil
	}
	if p.ByType == nil {
		return []byte("{}"), nil
	}
	return json.Marshal(p.ByType)
}

// JSON returns the document as indented JSON with a stable layout: lists
// are always lists and map keys are sorted.
func (d Document) JSON() (string, error) {
	out := d
	if out.Statement == nil {
		out.Statement = []Statement{}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return "", fmt.Errorf("iam: marshal policy document: %w", err)
	}
	return string(b), nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
