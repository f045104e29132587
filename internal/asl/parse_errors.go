package asl

import (
	"errors"
	"fmt"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// parseError words an error of the JSON decoder for Parse. A syntax error
// gives its byte offset in the input, whose first lead bytes (spaces) the
// decoder did not see, and the path where the decoder was. A value of the
// wrong type gives the path of the field ("States.A.Seconds") and the JSON
// and Go types; the decoder's own text is not used, as it varies between
// runs on purpose.
func parseError(err error, lead int64) error {
	var syntax *jsontext.SyntacticError
	if errors.As(err, &syntax) {
		offset := syntax.ByteOffset + lead
		if path := pointerPath(syntax.JSONPointer); path != "" {
			return fmt.Errorf("asl: parse definition: invalid JSON at byte %d (%s): %w", offset, path, syntax.Err)
		}
		return fmt.Errorf("asl: parse definition: invalid JSON at byte %d: %w", offset, syntax.Err)
	}
	var semantic *jsonv2.SemanticError
	if !errors.As(err, &semantic) {
		return fmt.Errorf("asl: parse definition: %w", err)
	}
	path := pointerPath(semantic.JSONPointer)
	var msg string
	var rule *choiceRuleError
	switch {
	case errors.As(semantic.Err, &rule):
		// decodeChoiceRule words its own errors; the path is the rule's.
		path, msg = rule.path(), rule.Error()
	case semantic.Err != nil && semantic.JSONKind == 0:
		msg = semantic.Err.Error()
	default:
		value := ""
		if semantic.JSONKind == '0' && len(semantic.JSONValue) > 0 {
			value = " " + string(semantic.JSONValue)
		}
		msg = fmt.Sprintf("cannot unmarshal %s%s into Go value of type %v", kindName(semantic.JSONKind), value, semantic.GoType)
	}
	if path != "" {
		msg = path + ": " + msg
	}
	return fmt.Errorf("asl: parse definition: %s", msg)
}

// isListField reports whether the JSON pointer tokens after the field
// named name are list indices.
func isListField(name string) bool {
	switch name {
	case "Branches", "Choices", "Retry", "Catch", "And", "Or", "ErrorEquals":
		return true
	}
	return false
}

// pointerPath renders a JSON pointer in the form Validate gives paths:
// "States.A.Branches[0].StartAt", with names that would be ambiguous
// quoted as States["a.b"].
func pointerPath(p jsontext.Pointer) string {
	var b strings.Builder
	prev := ""
	for tok := range p.Tokens() {
		switch {
		case isListField(prev) && tok != "" && strings.Trim(tok, "0123456789") == "":
			b.WriteString("[" + tok + "]")
		case prev == "States":
			b.WriteString(strings.TrimPrefix(statesKey(tok), "States"))
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(tok)
		}
		prev = tok
	}
	return b.String()
}
