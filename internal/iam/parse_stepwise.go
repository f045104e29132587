package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// rawDocument is the tolerant wire form of a Document: Statement may be a
// single object or a list.
type rawDocument struct {
	Version   json.RawMessage `json:"Version"`
	ID        json.RawMessage `json:"Id"`
	Statement json.RawMessage `json:"Statement"`
}

// parseStepwise decodes a policy document element by element: the
// document, then each statement, then each list, each step through
// encoding/json. It defines what Parse accepts and the errors it returns;
// Parse calls it only when its one-pass decoder declines the input (an
// invalid document, or a shape it leaves to this path), so that every
// error names the first offending element exactly as it always has.
func parseStepwise(data []byte) (Document, error) {
	var raw rawDocument
	if err := json.Unmarshal(data, &raw); err != nil {
		return Document{}, fmt.Errorf("iam: policy document is not a JSON object: %w", err)
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return Document{}, errors.New("iam: policy document is null")
	}
	var doc Document
	if err := optionalString(raw.Version, &doc.Version); err != nil {
		return Document{}, fmt.Errorf("iam: Version: %w", err)
	}
	if err := optionalString(raw.ID, &doc.ID); err != nil {
		return Document{}, fmt.Errorf("iam: Id: %w", err)
	}
	stmts, err := parseStatements(raw.Statement)
	if err != nil {
		return Document{}, fmt.Errorf("iam: Statement: %w", err)
	}
	doc.Statement = stmts
	return doc, nil
}

// optionalString decodes a string-or-absent field.
func optionalString(data json.RawMessage, dst *string) error {
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		return nil
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("want a string: %w", err)
	}
	return nil
}

// parseStatements decodes the Statement element (object or list).
func parseStatements(data json.RawMessage) ([]Statement, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return nil, errors.New("missing")
	}
	var items []json.RawMessage
	switch trimmed[0] {
	case '[':
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return nil, fmt.Errorf("want a list of statements: %w", err)
		}
	case '{':
		items = []json.RawMessage{trimmed}
	default:
		return nil, errors.New("want a statement object or a list of them")
	}
	out := make([]Statement, 0, len(items))
	for i, item := range items {
		st, err := parseStatement(item)
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i, err)
		}
		out = append(out, st)
	}
	return out, nil
}

// parseStatement decodes one statement and normalizes empty containers to
// nil so that a parsed document marshals and re-parses to the same value.
func parseStatement(data json.RawMessage) (Statement, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return Statement{}, errors.New("want an object")
	}
	var st Statement
	if err := json.Unmarshal(trimmed, &st); err != nil {
		return Statement{}, err
	}
	if len(st.Condition) == 0 {
		st.Condition = nil
	}
	for op, keys := range st.Condition {
		if keys == nil {
			return Statement{}, fmt.Errorf("condition operator %q: want an object of keys", op)
		}
	}
	return st, nil
}
