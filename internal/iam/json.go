package iam

import (
	"encoding/json"
	"fmt"
	"sort"
)

// MarshalJSON always writes a list (even for one element) so that the
// output of a document does not depend on how its input was spelled.
func (s Strings) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(s))
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
