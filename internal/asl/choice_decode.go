package asl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// decodeChoiceRule reads one choice rule, or a JSON null that leaves r
// unchanged, from dec. It reads the tokens once, with no intermediate map:
// typed fields are matched exactly by key, every other key goes to Other
// with numbers kept as json.Number. When a key repeats (if the decoder
// allows it) the last one wins, as it did when the rule was decoded
// through a map. A value of the wrong type is a *choiceRuleError.
func decodeChoiceRule(dec *jsontext.Decoder, r *ChoiceRule) error {
	switch k := dec.PeekKind(); k {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '{':
	default:
		if err := skipValue(dec); err != nil {
			return err
		}
		return &choiceRuleError{Pointer: dec.StackPointer(), Err: kindError(k, "asl.ChoiceRule")}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	var out ChoiceRule
	var buf [64]byte
	for dec.PeekKind() != '}' {
		raw, err := dec.ReadValue()
		if err != nil {
			return err
		}
		// The bytes of raw last only until the next read: copy the key.
		key := ruleKey(unquoteName(buf[:0], raw))
		switch key {
		case "Variable":
			out.Variable, err = readString(dec)
		case "Next":
			out.Next, err = readString(dec)
		case "And":
			out.And, err = readRules(dec)
		case "Or":
			out.Or, err = readRules(dec)
		case "Not":
			out.Not, err = readRule(dec)
		case "IsPresent":
			out.IsPresent, err = readBool(dec)
		case "IsNull":
			out.IsNull, err = readBool(dec)
		case "StringEquals":
			out.StringEquals, err = readStringPtr(dec)
		case "BooleanEquals":
			out.BooleanEquals, err = readBool(dec)
		case "NumericEquals":
			out.NumericEquals, err = readFloat(dec)
		default:
			var v any
			if v, err = readAny(dec); err == nil {
				if out.Other == nil {
					out.Other = make(map[string]any)
				}
				out.Other[key] = v
			}
		}
		if err != nil {
			return wrapKey(dec, key, err)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	*r = out
	return nil
}

// ruleKey returns name as a string, without allocating for the keys of
// the typed fields.
func ruleKey(name []byte) string {
	switch string(name) {
	case "Variable":
		return "Variable"
	case "Next":
		return "Next"
	case "And":
		return "And"
	case "Or":
		return "Or"
	case "Not":
		return "Not"
	case "IsPresent":
		return "IsPresent"
	case "IsNull":
		return "IsNull"
	case "StringEquals":
		return "StringEquals"
	case "BooleanEquals":
		return "BooleanEquals"
	case "NumericEquals":
		return "NumericEquals"
	}
	return string(name)
}

// readRules reads a list of rules for And or Or; null gives nil.
func readRules(dec *jsontext.Decoder) ([]ChoiceRule, error) {
	switch k := dec.PeekKind(); k {
	case 'n':
		_, err := dec.ReadToken()
		return nil, err
	case '[':
	default:
		return nil, skipWrongKind(dec, k, "[]asl.ChoiceRule")
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	// Up to len(scratch) rules are decoded on the stack and then copied to
	// a list of the right size (for [], an empty list, not nil); a longer
	// list moves to a slice on the heap that grows as append grows it.
	var scratch [8]ChoiceRule
	n := 0
	var long []ChoiceRule
	for dec.PeekKind() != ']' {
		var r *ChoiceRule
		switch {
		case n < len(scratch):
			r = &scratch[n]
			n++
		case long == nil:
			long = append(make([]ChoiceRule, 0, 2*len(scratch)), scratch[:]...)
			fallthrough
		default:
			long = append(long, ChoiceRule{})
			r = &long[len(long)-1]
		}
		if err := decodeChoiceRule(dec, r); err != nil {
			return nil, err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	if long != nil {
		return long, nil
	}
	return append(make([]ChoiceRule, 0, n), scratch[:n]...), nil
}

// readRule reads the rule of Not; null gives nil.
func readRule(dec *jsontext.Decoder) (*ChoiceRule, error) {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return nil, err
	}
	r := new(ChoiceRule)
	if err := decodeChoiceRule(dec, r); err != nil {
		return nil, err
	}
	return r, nil
}

// readString reads a string; null gives "".
func readString(dec *jsontext.Decoder) (string, error) {
	switch k := dec.PeekKind(); k {
	case '"', 'n':
		tok, err := dec.ReadToken()
		if err != nil || k == 'n' {
			return "", err
		}
		return tok.String(), nil
	default:
		return "", skipWrongKind(dec, k, "string")
	}
}

// readStringPtr reads a string; null gives nil.
func readStringPtr(dec *jsontext.Decoder) (*string, error) {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return nil, err
	}
	s, err := readString(dec)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// readBool reads true or false; null gives nil.
func readBool(dec *jsontext.Decoder) (*bool, error) {
	switch k := dec.PeekKind(); k {
	case 't', 'f', 'n':
		tok, err := dec.ReadToken()
		if err != nil || k == 'n' {
			return nil, err
		}
		b := tok.Bool()
		return &b, nil
	default:
		return nil, skipWrongKind(dec, k, "bool")
	}
}

// readFloat reads a number; null gives nil. A number out of the range of
// float64 is an error, as it is for encoding/json.
func readFloat(dec *jsontext.Decoder) (*float64, error) {
	switch k := dec.PeekKind(); k {
	case '0', 'n':
		tok, err := dec.ReadToken()
		if err != nil || k == 'n' {
			return nil, err
		}
		f, err := tok.Float()
		if err != nil {
			return nil, fmt.Errorf("cannot unmarshal number %s into Go value of type float64", tok.String())
		}
		return &f, nil
	default:
		return nil, skipWrongKind(dec, k, "float64")
	}
}

// readAny reads any JSON value as encoding/json does into an any with
// UseNumber: objects as map[string]any, arrays as []any, numbers as
// json.Number holding the literal, so that they re-encode unchanged.
func readAny(dec *jsontext.Decoder) (any, error) {
	switch dec.PeekKind() {
	case '{':
		m := make(map[string]any)
		if err := readMembers(dec, m); err != nil {
			return nil, err
		}
		return m, nil
	case '[':
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		s := []any{}
		for dec.PeekKind() != ']' {
			v, err := readAny(dec)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		_, err := dec.ReadToken()
		return s, err
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case '"':
		return tok.String(), nil
	case '0':
		return json.Number(tok.String()), nil
	case 't', 'f':
		return tok.Bool(), nil
	}
	return nil, nil // null
}

// readMembers reads a JSON object into m; a repeated name, when the
// decoder allows it, keeps its last value.
func readMembers(dec *jsontext.Decoder, m map[string]any) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := tok.String() // before the next read voids tok
		v, err := readAny(dec)
		if err != nil {
			return err
		}
		m[name] = v
	}
	_, err := dec.ReadToken()
	return err
}

// unquoteName returns the name raw quotes, appended to buf when it has
// escapes or invalid UTF-8 and a slice of raw otherwise. The decoder has
// checked the syntax; invalid UTF-8 gets here only when the decoder allows
// it (UnmarshalJSON), and AppendUnquote replaces it with U+FFFD as
// encoding/json does.
func unquoteName(buf []byte, raw jsontext.Value) []byte {
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return inner
	}
	name, _ := jsontext.AppendUnquote(buf, raw)
	return name
}

// skipValue reads the next value, so that the decoder's path ends at it,
// and returns its syntax error if it has one: PeekKind reports a kind from
// the first byte alone.
func skipValue(dec *jsontext.Decoder) error {
	_, err := dec.ReadValue()
	return err
}

// skipWrongKind reads a value of kind k where a goType belongs and returns
// its syntax error, or else a kindError.
func skipWrongKind(dec *jsontext.Decoder, k jsontext.Kind, goType string) error {
	if err := skipValue(dec); err != nil {
		return err
	}
	return kindError(k, goType)
}

// kindError reports a JSON value of kind k where a goType belongs, in the
// words of encoding/json.
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
// rule, or for the whole rule when Key is empty. Rules nested in And, Or
// and Not pass the error of the innermost rule up unchanged, so that Key
// is the key that is wrong; Parse and UnmarshalJSON add the path of the
// rule from Pointer.
type choiceRuleError struct {
	// Pointer locates the rule, or the key, in the decoder's input.
	Pointer jsontext.Pointer
	Key     string
	Err     error
}

// path returns where the rule is, e.g. "States.A.Choices[0].Or[1]".
func (e *choiceRuleError) path() string {
	where := e.Pointer
	if e.Key != "" && where.LastToken() == e.Key {
		where = where.Parent()
	}
	return pointerPath(where)
}

func (e *choiceRuleError) Error() string {
	if e.Key == "" {
		return "choice rule: " + e.Err.Error()
	}
	return "choice rule " + e.Key + ": " + e.Err.Error()
}

func (e *choiceRuleError) Unwrap() error { return e.Err }

// wrapKey says which key of a rule err comes from. Errors of nested rules
// already say it, and syntax and I/O errors pass unwrapped: the caller
// reports them with their byte offset.
func wrapKey(dec *jsontext.Decoder, key string, err error) error {
	var rule *choiceRuleError
	var syntax *jsontext.SyntacticError
	if errors.As(err, &rule) || errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return err
	}
	return &choiceRuleError{Pointer: dec.StackPointer(), Key: key, Err: err}
}
