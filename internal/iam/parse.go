package iam

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Parse decodes a policy document. It is tolerant where AWS is (Statement
// as one object or a list, Version missing, single strings for lists,
// numbers and booleans as condition values) and returns a wrapped error
// for anything else. It never panics, whatever the input.
//
// The document is read in one pass of JSON tokens, with the meaning
// encoding/json gave it when it decoded the document field by field:
//   - a member name matches a field exactly or, failing that, in another
//     case (strings.EqualFold); other members are skipped, whatever they hold;
//   - when a member repeats, the last one wins. At the top level only the
//     last one counts, an invalid earlier value included; null resets
//     Version and Id. In a statement every value must be valid; null
//     leaves Sid and Effect as they were and resets the others; a repeated
//     Condition merges its operators into the earlier ones (an operator
//     named again is replaced);
//   - invalid UTF-8 in a string becomes U+FFFD, numbers keep their text;
//   - values nested more than 10,000 levels deep are a syntax error.
//
// A syntax error (trailing data included) is reported before any other;
// otherwise the first invalid field of Version, Id and Statement, in that
// order, and within Statement the first invalid statement and its first
// invalid member.
func Parse(data []byte) (Document, error) {
	p := parser{dec: jsontext.NewDecoder(bytes.NewBuffer(data),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))}
	return p.document()
}

// ParseString is Parse of a document held in a string.
func ParseString(s string) (Document, error) {
	return Parse([]byte(s))
}

// parser reads one policy document from dec. A syntax error of the
// decoder is kept in err, which ends every loop; the methods return errors
// of meaning (a value of the wrong kind) after reading the value whole, so
// that the rest of the document is still checked for syntax.
type parser struct {
	dec *jsontext.Decoder
	err error
}

var (
	documentFields  = []string{"Version", "Id", "Statement"}
	statementFields = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
		"Resource", "NotResource", "Condition"}
)

func (p *parser) document() (Document, error) {
	switch k := p.dec.PeekKind(); k {
	case '{':
		p.next()
	case 'n':
		p.next()
		p.end()
		if p.err != nil {
			return Document{}, syntaxError(p.err)
		}
		return Document{}, errors.New("iam: policy document is null")
	default:
		p.skip()
		p.end()
		if p.err != nil {
			return Document{}, syntaxError(p.err)
		}
		return Document{}, fmt.Errorf("iam: policy document is not a JSON object: got %s", kindName(k))
	}
	var doc Document
	var versionErr, idErr, stmtErr error
	for p.more() {
		switch field(p.next().String(), documentFields) {
		case "Version":
			doc.Version = ""
			versionErr = p.str(&doc.Version)
		case "Id":
			doc.ID = ""
			idErr = p.str(&doc.ID)
		case "Statement":
			doc.Statement, stmtErr = p.statements()
		default:
			p.skip()
		}
	}
	p.end()
	switch {
	case p.err != nil:
		return Document{}, syntaxError(p.err)
	case versionErr != nil:
		return Document{}, fmt.Errorf("iam: Version: %w", versionErr)
	case idErr != nil:
		return Document{}, fmt.Errorf("iam: Id: %w", idErr)
	case stmtErr != nil:
		return Document{}, fmt.Errorf("iam: Statement: %w", stmtErr)
	case doc.Statement == nil:
		return Document{}, errors.New("iam: Statement: missing")
	}
	return doc, nil
}

// statements reads the Statement member: one object or a list of them;
// null gives nil (missing). After an invalid statement the others are
// only skipped.
func (p *parser) statements() ([]Statement, error) {
	switch k := p.dec.PeekKind(); k {
	case 'n':
		p.next()
		return nil, nil
	case '{':
		st, err := p.statement()
		if err != nil {
			return nil, fmt.Errorf("statement 0: %w", err)
		}
		return []Statement{st}, nil
	case '[':
		p.next()
	default:
		p.skip()
		return nil, fmt.Errorf("want a statement object or a list of them, got %s", kindName(k))
	}
	var buf [16]Statement // gathered here, to allocate the list once at its size
	list := buf[:0]
	var err error
	for i := 0; p.more(); i++ {
		if err != nil {
			p.skip()
			continue
		}
		if k := p.dec.PeekKind(); k != '{' {
			p.skip()
			err = fmt.Errorf("statement %d: want an object, got %s", i, kindName(k))
			continue
		}
		st, e := p.statement()
		if e != nil {
			err = fmt.Errorf("statement %d: %w", i, e)
			continue
		}
		list = append(list, st)
	}
	if err != nil {
		return nil, err
	}
	return append(make([]Statement, 0, len(list)), list...), nil
}

// statement reads a statement object. An empty Condition is nil, so that
// a parsed document marshals and re-parses to the same value.
func (p *parser) statement() (Statement, error) {
	p.next() // '{'
	var st Statement
	var err error
	for p.more() {
		name := field(p.next().String(), statementFields)
		var e error
		switch name {
		case "Sid":
			e = p.str(&st.Sid)
		case "Effect":
			e = p.str(&st.Effect)
		case "Principal":
			st.Principal, e = p.principal()
		case "NotPrincipal":
			st.NotPrincipal, e = p.principal()
		case "Action":
			st.Action, e = p.strings()
		case "NotAction":
			st.NotAction, e = p.strings()
		case "Resource":
			st.Resource, e = p.strings()
		case "NotResource":
			st.NotResource, e = p.strings()
		case "Condition":
			st.Condition, e = p.condition(st.Condition)
		default:
			p.skip()
		}
		if e != nil && err == nil {
			err = fieldError(name, e)
		}
	}
	if err != nil {
		return Statement{}, err
	}
	// An operator is null only if its last value was: a later Condition
	// may still have replaced it.
	null, found := "", false
	for op, keys := range st.Condition {
		if keys == nil && (!found || op < null) {
			null, found = op, true
		}
	}
	if found {
		return Statement{}, fieldError("Condition", fmt.Errorf("operator %q: want an object of keys, got null", null))
	}
	if len(st.Condition) == 0 {
		st.Condition = nil
	}
	return st, nil
}

// str reads a string member into dst; null leaves dst as it is.
func (p *parser) str(dst *string) error {
	switch k := p.dec.PeekKind(); k {
	case '"':
		*dst = p.next().String()
	case 'n':
		p.next()
	default:
		p.skip()
		return fmt.Errorf("want a string, got %s", kindName(k))
	}
	return nil
}

// principal reads a Principal: null (nil), "*" or an object mapping a
// principal type (AWS, Service, Federated, CanonicalUser) to Strings; an
// empty object has a nil ByType.
func (p *parser) principal() (*Principal, error) {
	switch k := p.dec.PeekKind(); k {
	case 'n':
		p.next()
		return nil, nil
	case '"':
		if s := p.next().String(); s != "*" {
			return nil, fmt.Errorf("a string principal must be \"*\", got %q", s)
		}
		return &Principal{Wildcard: true}, nil
	case '{':
		p.next()
	default:
		p.skip()
		return nil, fmt.Errorf("want \"*\" or an object of principals, got %s", kindName(k))
	}
	byType, err := readMap(p, nil, "", p.strings)
	if err != nil {
		return nil, err
	}
	return &Principal{ByType: byType}, nil
}

// condition reads a Condition member into c, which it returns: null
// clears it, an object adds its operators to c (as encoding/json decodes
// into an existing map). An operator whose value is null is kept with a
// nil map, for statement to refuse unless a later member replaces it.
func (p *parser) condition(c map[string]map[string]Strings) (map[string]map[string]Strings, error) {
	switch k := p.dec.PeekKind(); k {
	case 'n':
		p.next()
		return nil, nil
	case '{':
		p.next()
	default:
		p.skip()
		return c, fmt.Errorf("want an object of operators, got %s", kindName(k))
	}
	return readMap(p, c, "operator ", p.conditionKeys)
}

// conditionKeys reads the keys of one condition operator: null (nil) or
// an object mapping a condition key to its values.
func (p *parser) conditionKeys() (map[string]Strings, error) {
	switch k := p.dec.PeekKind(); k {
	case 'n':
		p.next()
		return nil, nil
	case '{':
		p.next()
	default:
		p.skip()
		return nil, fmt.Errorf("want an object of keys, got %s", kindName(k))
	}
	// Never nil, even empty: nil is an operator whose value is null.
	return readMap(p, map[string]Strings{}, "key ", p.strings)
}

// readMap reads the members of the object just opened into m (made on
// the first member when nil), each value by value, and returns m. The
// first member in error is named after what: `operator "StringEquals":
// ...`. Members after an error are read for syntax only.
func readMap[T any](p *parser, m map[string]T, what string, value func() (T, error)) (map[string]T, error) {
	var err error
	for p.more() {
		name := p.next().String()
		v, e := value()
		if e != nil {
			if err == nil {
				err = fmt.Errorf("%s%q: %w", what, name, e)
			}
			continue
		}
		if m == nil {
			m = map[string]T{}
		}
		m[name] = v
	}
	return m, err
}

// strings reads a Strings value: null, a scalar or a list of scalars; an
// empty list is nil.
func (p *parser) strings() (Strings, error) {
	switch p.dec.PeekKind() {
	case 'n':
		p.next()
		return nil, nil
	case '[':
		p.next()
	default:
		s, err := p.scalar()
		if err != nil {
			return nil, err
		}
		return Strings{s}, nil
	}
	var list Strings
	var err error
	for i := 0; p.more(); i++ {
		s, e := p.scalar()
		if e != nil && err == nil {
			err = fmt.Errorf("element %d: %w", i, e)
		}
		list = append(list, s)
	}
	if err != nil {
		return nil, err
	}
	return list, nil
}

// scalar reads a string, a number (as written: 123456789012 stays an
// account ID, 1e+5 stays "1e+5") or a boolean as a string.
func (p *parser) scalar() (string, error) {
	switch k := p.dec.PeekKind(); k {
	case '"', '0':
		return p.next().String(), nil
	case 't':
		p.next()
		return "true", nil
	case 'f':
		p.next()
		return "false", nil
	default:
		p.skip()
		return "", fmt.Errorf("want a string, got %s", kindName(k))
	}
}

// next reads a token. The token is valid only until the next read: its
// String is a copy.
func (p *parser) next() jsontext.Token {
	tok, err := p.dec.ReadToken()
	if err != nil && p.err == nil {
		p.err = err
	}
	return tok
}

// skip reads and discards a value, however deeply nested (the decoder
// refuses more than 10,000 levels).
func (p *parser) skip() {
	if err := p.dec.SkipValue(); err != nil && p.err == nil {
		p.err = err
	}
}

// more reports whether the object or list being read has another member,
// reading its end if not. It reports false after a syntax error.
func (p *parser) more() bool {
	if p.err != nil {
		return false
	}
	switch p.dec.PeekKind() {
	case '}', ']', 0: // 0: an error, which next records
		p.next()
		return false
	}
	return true
}

// end reads the end of the input: anything after the document is an error.
func (p *parser) end() {
	if p.err != nil {
		return
	}
	switch _, err := p.dec.ReadToken(); {
	case errors.Is(err, io.EOF):
	case err == nil:
		p.err = errors.New("data after the document")
	default:
		p.err = err
	}
}

// fieldError names the statement member that err is about.
func fieldError(name string, err error) error {
	return fmt.Errorf("%s: %w", name, err)
}

// field returns the name in names that name matches, exactly or else in
// another case, as encoding/json matches a struct field; "" if none.
func field(name string, names []string) string {
	for _, n := range names {
		if name == n {
			return n
		}
	}
	for _, n := range names {
		if strings.EqualFold(name, n) {
			return n
		}
	}
	return ""
}

// syntaxError words a syntax error of the decoder.
func syntaxError(err error) error {
	const prefix = "iam: policy document is not a JSON object: "
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New(prefix + "unexpected end of JSON input")
	}
	var syntax *jsontext.SyntacticError
	if errors.As(err, &syntax) {
		return fmt.Errorf(prefix+"%w at byte %d", syntax.Err, syntax.ByteOffset)
	}
	return fmt.Errorf(prefix+"%w", err)
}

// kindName names a kind of JSON value for an error.
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '[':
		return "a list"
	case '{':
		return "an object"
	}
	return "no value"
}
