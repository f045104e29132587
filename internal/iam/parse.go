package iam

import (
	"encoding/json"
	"strings"
)

// Parse decodes a policy document. It is tolerant where AWS is (Statement
// as one object or a list, Version missing, single strings for lists,
// numbers and booleans as condition values) and returns a wrapped error
// for anything else. It never panics, whatever the input.
//
// A document is read in one pass over its bytes (onePass). Whatever that
// pass declines (an invalid document, or a rare shape whose meaning
// depends on encoding/json's finer rules, such as a field named twice or
// in another case) is decoded again element by element by parseStepwise,
// which defines the result and names the first offending element in the
// error. Both paths return the same Document for every input they both
// accept (FuzzParseOnePass).
func Parse(data []byte) (Document, error) {
	if doc, ok := decodeOnePass(string(data)); ok {
		return doc, nil
	}
	return parseStepwise(data)
}

// ParseString is Parse of a document held in a string. It does not copy
// the document: the strings of the result share its memory.
func ParseString(s string) (Document, error) {
	if doc, ok := decodeOnePass(s); ok {
		return doc, nil
	}
	return parseStepwise([]byte(s))
}

// decodeOnePass reads a policy document in one pass. It reports false for
// any input on which it cannot be sure to return exactly what
// parseStepwise returns; the caller then falls back to parseStepwise.
func decodeOnePass(data string) (Document, bool) {
	d := onePass{s: data}
	doc, ok := d.document()
	if !ok {
		return Document{}, false
	}
	d.ws()
	if d.i != len(d.s) {
		return Document{}, false // trailing data
	}
	return doc, true
}

// onePass is a reader of one JSON policy document. Every method reports
// false on input it does not accept; strings without escapes are slices of
// s, so reading them allocates nothing.
type onePass struct {
	s string
	i int
	// slab holds the elements of the Strings values read so far: a
	// document's lists share a few allocations instead of one each.
	slab []string
}

// keep returns a Strings holding a copy of list, carved from the slab. Its
// capacity is its length, so an append to it never writes into the slab.
func (d *onePass) keep(list ...string) Strings {
	if cap(d.slab)-len(d.slab) < len(list) {
		d.slab = make([]string, 0, max(32, len(list)))
	}
	start := len(d.slab)
	d.slab = append(d.slab, list...)
	return d.slab[start:len(d.slab):len(d.slab)]
}

// Field bits, to refuse a field named twice: encoding/json would merge or
// keep values in ways that depend on the order of the keys.
const (
	fVersion = 1 << iota
	fID
	fStatement
	fSid
	fEffect
	fPrincipal
	fNotPrincipal
	fAction
	fNotAction
	fResource
	fNotResource
	fCondition
)

var (
	documentFields  = []string{"Version", "Id", "Statement"}
	statementFields = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
		"Resource", "NotResource", "Condition"}
)

// maxSkipDepth bounds the nesting of ignored values; deeper ones go to
// parseStepwise (encoding/json allows 10,000 levels).
const maxSkipDepth = 1000

func (d *onePass) document() (Document, bool) {
	var doc Document
	var seen int
	stmts := false
	ok := d.object(func(key string) bool {
		var ok bool
		switch key {
		case "Version":
			doc.Version, ok = d.optionalString()
			return ok && d.mark(&seen, fVersion)
		case "Id":
			doc.ID, ok = d.optionalString()
			return ok && d.mark(&seen, fID)
		case "Statement":
			doc.Statement, ok = d.statements()
			stmts = true
			return ok && d.mark(&seen, fStatement)
		default:
			return !foldsTo(key, documentFields) && d.skip(0)
		}
	})
	return doc, ok && stmts
}

// statements reads the Statement element: one object or a list of them.
func (d *onePass) statements() ([]Statement, bool) {
	switch d.peek() {
	case '{':
		st, ok := d.statement()
		return []Statement{st}, ok
	case '[':
		// Gather on the stack, then allocate the list once, at its size.
		var buf [16]Statement
		list := buf[:0]
		ok := d.array(func() bool {
			if d.peek() != '{' {
				return false
			}
			st, ok := d.statement()
			list = append(list, st)
			return ok
		})
		return append(make([]Statement, 0, len(list)), list...), ok
	default: // null, missing or another kind: an error
		return nil, false
	}
}

func (d *onePass) statement() (Statement, bool) {
	var st Statement
	var seen int
	ok := d.object(func(key string) bool {
		var ok bool
		var bit int
		switch key {
		case "Sid":
			st.Sid, ok = d.optionalString()
			bit = fSid
		case "Effect":
			st.Effect, ok = d.optionalString()
			bit = fEffect
		case "Principal":
			st.Principal, ok = d.principal()
			bit = fPrincipal
		case "NotPrincipal":
			st.NotPrincipal, ok = d.principal()
			bit = fNotPrincipal
		case "Action":
			st.Action, ok = d.strings()
			bit = fAction
		case "NotAction":
			st.NotAction, ok = d.strings()
			bit = fNotAction
		case "Resource":
			st.Resource, ok = d.strings()
			bit = fResource
		case "NotResource":
			st.NotResource, ok = d.strings()
			bit = fNotResource
		case "Condition":
			st.Condition, ok = d.condition()
			bit = fCondition
		default:
			return !foldsTo(key, statementFields) && d.skip(0)
		}
		return ok && d.mark(&seen, bit)
	})
	return st, ok
}

// mark records a field as seen and reports false if it was already.
func (d *onePass) mark(seen *int, bit int) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

// optionalString reads a string field; null leaves it empty.
func (d *onePass) optionalString() (string, bool) {
	if d.peek() == 'n' {
		return "", d.literal("null")
	}
	return d.str()
}

// principal reads a Principal: null, "*" or an object of string lists.
func (d *onePass) principal() (*Principal, bool) {
	switch d.peek() {
	case 'n':
		return nil, d.literal("null")
	case '"':
		s, ok := d.str()
		return &Principal{Wildcard: true}, ok && s == "*"
	case '{':
		var byType map[string]Strings
		ok := d.object(func(key string) bool {
			v, ok := d.strings()
			if byType == nil {
				byType = map[string]Strings{}
			}
			byType[key] = v
			return ok
		})
		return &Principal{ByType: byType}, ok
	default:
		return nil, false
	}
}

// condition reads a Condition: null or an object of operators, each an
// object of keys. An empty Condition is nil; an operator without keys
// keeps an empty map, as encoding/json decodes it.
func (d *onePass) condition() (map[string]map[string]Strings, bool) {
	switch d.peek() {
	case 'n':
		return nil, d.literal("null")
	case '{':
		var out map[string]map[string]Strings
		ok := d.object(func(op string) bool {
			if d.peek() != '{' {
				return false // null too: "want an object of keys"
			}
			keys := map[string]Strings{}
			ok := d.object(func(key string) bool {
				v, ok := d.strings()
				keys[key] = v
				return ok
			})
			if out == nil {
				out = map[string]map[string]Strings{}
			}
			out[op] = keys
			return ok
		})
		return out, ok
	default:
		return nil, false
	}
}

// strings reads a Strings value as Strings.UnmarshalJSON does: null, a
// scalar or a list of scalars; an empty list is nil.
func (d *onePass) strings() (Strings, bool) {
	switch d.peek() {
	case 'n':
		return nil, d.literal("null")
	case '[':
		var buf [8]string
		list := buf[:0]
		ok := d.array(func() bool {
			s, ok := d.scalar()
			list = append(list, s)
			return ok
		})
		if len(list) == 0 {
			return nil, ok
		}
		return d.keep(list...), ok
	default:
		s, ok := d.scalar()
		return d.keep(s), ok
	}
}

// scalar reads a string, number or boolean as its string form (numbers
// as written, as json.Number keeps them).
func (d *onePass) scalar() (string, bool) {
	switch c := d.peek(); {
	case c == '"':
		return d.str()
	case c == 't':
		return "true", d.literal("true")
	case c == 'f':
		return "false", d.literal("false")
	case c == '-' || ('0' <= c && c <= '9'):
		return d.number()
	default: // null, list or object: an error in a list of strings
		return "", false
	}
}

// object reads an object, calling field with d positioned at each value;
// field must read the value.
func (d *onePass) object(field func(key string) bool) bool {
	if d.peek() != '{' {
		return false
	}
	d.i++
	if d.peek() == '}' {
		d.i++
		return true
	}
	for {
		if d.peek() != '"' {
			return false
		}
		key, ok := d.str()
		if !ok || d.peek() != ':' {
			return false
		}
		d.i++
		d.ws()
		if !field(key) {
			return false
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return true
		default:
			return false
		}
	}
}

// array reads a list, calling elem with d positioned at each element;
// elem must read the element.
func (d *onePass) array(elem func() bool) bool {
	if d.peek() != '[' {
		return false
	}
	d.i++
	if d.peek() == ']' {
		d.i++
		return true
	}
	for {
		d.ws()
		if !elem() {
			return false
		}
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return true
		default:
			return false
		}
	}
}

// skip reads and discards any valid JSON value.
func (d *onePass) skip(depth int) bool {
	if depth > maxSkipDepth {
		return false
	}
	switch d.peek() {
	case '{':
		return d.object(func(string) bool { return d.skip(depth + 1) })
	case '[':
		return d.array(func() bool { return d.skip(depth + 1) })
	case '"':
		_, ok := d.str()
		return ok
	case 'n':
		return d.literal("null")
	default:
		_, ok := d.scalar()
		return ok
	}
}

// ws skips JSON whitespace.
func (d *onePass) ws() {
	for d.i < len(d.s) && isJSONSpace(d.s[d.i]) {
		d.i++
	}
}

// peek skips whitespace and returns the next byte, 0 at the end.
func (d *onePass) peek() byte {
	d.ws()
	if d.i >= len(d.s) {
		return 0
	}
	return d.s[d.i]
}

// literal reads the word true, false or null.
func (d *onePass) literal(word string) bool {
	if !strings.HasPrefix(d.s[d.i:], word) {
		return false
	}
	d.i += len(word)
	return true
}

// str reads a string. A string with escapes or non-ASCII bytes is decoded
// by encoding/json, so that escapes, surrogates and invalid UTF-8 come
// out exactly as it decodes them.
func (d *onePass) str() (string, bool) {
	if d.i >= len(d.s) || d.s[d.i] != '"' {
		return "", false
	}
	start := d.i
	plain := true
	for i := start + 1; i < len(d.s); i++ {
		switch c := d.s[i]; {
		case c == '"':
			d.i = i + 1
			if plain {
				return d.s[start+1 : i], true
			}
			var out string
			if err := json.Unmarshal([]byte(d.s[start:d.i]), &out); err != nil {
				return "", false
			}
			return out, true
		case c == '\\':
			plain = false
			i++ // the escaped byte, even a quote
		case c < 0x20:
			return "", false
		case c >= 0x80:
			plain = false
		}
	}
	return "", false
}

// number reads a JSON number and returns it as written.
func (d *onePass) number() (string, bool) {
	s, i := d.s, d.i
	digits := func() bool {
		n := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i > n
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case !digits():
		return "", false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return "", false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return "", false
		}
	}
	out := s[d.i:i]
	d.i = i
	return out, true
}

// foldsTo reports whether key is one of names spelled in another case,
// which encoding/json also matches to the field (with Unicode case
// folding, as strings.EqualFold): which spelling wins then depends on the
// order of the keys, so the one-pass reader leaves the object to
// parseStepwise.
func foldsTo(key string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(key, n) {
			return true
		}
	}
	return false
}

// isJSONSpace reports whether c is JSON whitespace.
func isJSONSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}
