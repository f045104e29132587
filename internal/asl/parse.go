package asl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Parse decodes a state machine definition. Unknown fields are ignored
// (choice rule fields are kept in ChoiceRule.Other). It returns an error,
// never panics, when data is not JSON, is not an object, or holds a value
// of the wrong type for a known field. Parse checks syntax and types only:
// call Validate for the rules of the States Language.
func Parse(data []byte) (*StateMachine, error) {
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return nil, errors.New("asl: parse definition: empty input")
	case bytes.Equal(trimmed, []byte("null")):
		return nil, errors.New("asl: parse definition: null, want a JSON object")
	}
	var m StateMachine
	if err := json.Unmarshal(trimmed, &m); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return nil, fmt.Errorf("asl: parse definition: invalid JSON at byte %d: %w", syntax.Offset, err)
		}
		return nil, fmt.Errorf("asl: parse definition: %w", err)
	}
	return &m, nil
}

// JSON returns the definition as compact JSON, the form the
// aws.sfn.StateMachine definition argument takes. Object keys inside maps
// are sorted, so equal definitions give equal strings.
func (m *StateMachine) JSON() (string, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("asl: marshal definition: %w", err)
	}
	return string(b), nil
}

// JSONIndent returns the definition as JSON indented with two spaces, for
// diffs, golden files and humans.
func (m *StateMachine) JSONIndent() (string, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", fmt.Errorf("asl: marshal definition: %w", err)
	}
	return string(b), nil
}
