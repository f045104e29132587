package asl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// decodeOptions make the json/v2 decoder accept what encoding/json
// accepted: a repeated object key (the last one wins) and invalid UTF-8
// in strings (replaced with U+FFFD). Choice rules are read by
// ChoiceRule.UnmarshalJSONFrom. Struct fields match JSON keys exactly, as Step
// Functions does, where encoding/json also took "startAt" for StartAt.
var decodeOptions = jsonv2.JoinOptions(
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
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
	if depth := nestingDepth(trimmed); depth > MaxNesting {
		return nil, fmt.Errorf("asl: parse definition: JSON nested %d levels deep or more, the limit is %d", depth, MaxNesting)
	}
	var m StateMachine
	if err := jsonv2.Unmarshal(trimmed, &m, decodeOptions); err != nil {
		return nil, parseError(err)
	}
	return &m, nil
}

// MaxNesting is how deeply the JSON of a definition Parse accepts may nest
// objects and arrays. Real definitions stay far below it (each level of
// Parallel adds five); the limit keeps the cost of decoding nested choice
// rules, which grows with depth times size, small on hostile input.
const MaxNesting = 200

// nestingDepth returns the deepest nesting of objects and arrays in data,
// counting only up to MaxNesting+1. Brackets inside strings do not count:
// strings are skipped with bytes.IndexByte, a string's closing quote being
// the first one after an even run of backslashes. Malformed JSON is left
// for the decoder to report.
func nestingDepth(data []byte) int {
	depth, deepest := 0, 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			for {
				j := bytes.IndexByte(data[i+1:], '"')
				if j < 0 {
					return deepest // an unterminated string
				}
				i += 1 + j
				backslashes := 0
				for data[i-1-backslashes] == '\\' { // the opening quote stops the run
					backslashes++
				}
				if backslashes%2 == 0 {
					break
				}
			}
		case '{', '[':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest > MaxNesting {
					return deepest
				}
			}
		case '}', ']':
			depth--
		}
	}
	return deepest
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
