package asl

import (
	"bytes"
	"errors"
	"fmt"
	"unicode"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Parse decodes a state machine definition. Unknown fields are ignored
// (choice rule fields are kept in ChoiceRule.Other). It returns an error,
// never panics, when data is not JSON, is not an object, or holds a value
// of the wrong type for a known field. Parse checks syntax and types only:
// call Validate for the rules of the States Language.
//
// Keys match field names exactly, as in Step Functions. A repeated object
// key is accepted, the last one winning, and invalid UTF-8 is replaced
// with U+FFFD, as encoding/json did: whether Step Functions rejects them is
// not documented, and a policy must not refuse what AWS may accept.
//
// Parse, JSON and JSONIndent use one library, github.com/go-json-experiment/json,
// the upstream of Go's encoding/json/v2: its v2 decoder reads the input once
// (about twice as fast here as encoding/json, which the pack pays per state
// machine), and its v1 package writes exactly what encoding/json writes, so
// that the definitions the component deploys keep their bytes.
func Parse(data []byte) (*StateMachine, error) {
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return nil, errors.New("asl: parse definition: empty input")
	case bytes.Equal(trimmed, []byte("null")):
		return nil, errors.New("asl: parse definition: null, want a JSON object")
	}
	// Data with no more than MaxNesting opening brackets cannot nest deeper;
	// bytes.Count tells that faster than nestingDepth.
	if bytes.Count(trimmed, []byte("{"))+bytes.Count(trimmed, []byte("[")) > MaxNesting {
		if depth := nestingDepth(trimmed); depth > MaxNesting {
			return nil, fmt.Errorf("asl: parse definition: JSON nested %d levels deep or more, the limit is %d", depth, MaxNesting)
		}
	}
	var m StateMachine
	err := jsonv2.Unmarshal(trimmed, &m, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true),
		jsonv1.MergeWithLegacySemantics(true)) // a repeated state replaces the first, as in encoding/json
	if err != nil {
		lead := len(data) - len(bytes.TrimLeftFunc(data, unicode.IsSpace))
		return nil, parseError(err, int64(lead))
	}
	return &m, nil
}

// MaxNesting is how deeply the JSON of a definition Parse accepts may nest
// objects and arrays. Real definitions stay far below it (each level of
// Parallel adds five); the limit keeps the recursion of Validate, Walk and
// Mermaid over nested branches and choice rules shallow on hostile input.
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
	b, err := jsonv1.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("asl: marshal definition: %w", err)
	}
	return string(b), nil
}

// JSONIndent returns the definition as JSON indented with two spaces, for
// diffs, golden files and humans.
func (m *StateMachine) JSONIndent() (string, error) {
	b, err := jsonv1.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", fmt.Errorf("asl: marshal definition: %w", err)
	}
	return string(b), nil
}
