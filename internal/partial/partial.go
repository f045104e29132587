// Package partial is a string known in part: literal text with holes, each
// hole a part of the value not known yet (an ARN whose account is an
// output at a first preview, a task ARN whose cluster a state chooses at
// run time). The run-time model builds such values with the same
// builders as known ones, by passing a hole where a value is missing; the
// IAM evaluator then asks Match whether a policy pattern matches some, or
// every, completion of the value, so that what the known parts already
// settle is decided.
//
// A hole travels inside the string as a marker (Hole.String): the
// noncharacters U+FFFE and U+FFFF around its fields. They never occur in
// an ARN, a name or a policy an AWS API accepts; a value that holds them
// anyway (a stack's property) reads as a hole of class Any, the widest,
// so that nothing is decided from it that a completion could change.
package partial

import (
	"strings"
	"unicode/utf8"
)

// Class says which strings a hole stands for.
type Class uint8

// The classes of holes. Each is a superset of the values AWS accepts for
// what it stands for, so that a decision over every completion holds for
// the real value.
const (
	// Any is any string, the empty one included.
	Any Class = iota
	// Name is a non-empty string without ':' or '/': the name of a
	// cluster, a family, a group, a function, a state machine, a role.
	Name
	// Digits is a non-empty string of decimal digits: a revision.
	Digits
	// AccountID is twelve decimal digits.
	AccountID
	// Region is a non-empty string of lower-case letters, digits and
	// hyphens.
	Region
)

// String names the class.
func (c Class) String() string {
	switch c {
	case Name:
		return "name"
	case Digits:
		return "digits"
	case AccountID:
		return "account"
	case Region:
		return "region"
	default:
		return "any"
	}
}

// has reports whether r may occur in a value of class c.
func (c Class) has(r rune) bool {
	switch c {
	case Name:
		return r != ':' && r != '/'
	case Digits, AccountID:
		return r >= '0' && r <= '9'
	case Region:
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-'
	default:
		return true
	}
}

// chars lists the characters of a finite class, nil for an unbounded
// one.
func (c Class) chars() []rune {
	switch c {
	case Digits, AccountID:
		return []rune("0123456789")
	case Region:
		return []rune("abcdefghijklmnopqrstuvwxyz0123456789-")
	default:
		return nil
	}
}

// Hole is a part of a value not known yet.
type Hole struct {
	// Label shows the hole in a message and in a statement to add, in
	// the style of AWS's pages: "ACCOUNT_ID", "REGION", "CLUSTER".
	Label string
	// Class is the strings it may be.
	Class Class
	// Among, when set, are the only values it may take (the accounts a
	// stack shows, say); each must be of Class.
	Among []string
	// Why says, as a phrase, why it is not known: "the state chooses its
	// cluster at run time". It never quotes a secret.
	Why string
}

// Markers around a hole, and between its fields.
const (
	open  = '\uFFFE'
	close = '\uFFFF'
	field = '\x1f'
	among = '\x1e'
)

// String returns the marker that stands for h inside a value: holes
// with the same fields are the same unknown.
func (h Hole) String() string {
	var b strings.Builder
	b.WriteRune(open)
	b.WriteString(escape(h.Label))
	b.WriteByte(field)
	b.WriteByte(byte('0' + h.Class))
	b.WriteByte(field)
	for i, a := range h.Among {
		if i > 0 {
			b.WriteByte(among)
		}
		b.WriteString(escape(a))
	}
	b.WriteByte(field)
	b.WriteString(escape(h.Why))
	b.WriteRune(close)
	return b.String()
}

// escaper keeps a field free of the markers and of ':', so that an ARN
// with holes splits into its six parts as a known one does; unescaper
// reads it back.
var (
	escaper   = strings.NewReplacer("%", "%25", ":", "%3A", "\x1e", "", "\x1f", "", "\uFFFE", "", "\uFFFF", "")
	unescaper = strings.NewReplacer("%3A", ":", "%25", "%")
)

func escape(s string) string   { return escaper.Replace(s) }
func unescape(s string) string { return unescaper.Replace(s) }

// Known reports whether s holds no hole.
func Known(s string) bool { return !strings.ContainsRune(s, open) }

// Part is a run of literal text or one hole of a value.
type Part struct {
	// Lit is the text, when Hole is nil.
	Lit  string
	Hole *Hole
}

// Parse splits s into its literal runs and holes. A marker that does not
// read as a hole (an unpaired noncharacter in a stack's value) is a hole
// of class Any.
func Parse(s string) []Part {
	var parts []Part
	for s != "" {
		i := strings.IndexRune(s, open)
		if i < 0 {
			return append(parts, Part{Lit: s})
		}
		if i > 0 {
			parts = append(parts, Part{Lit: s[:i]})
		}
		rest := s[i+utf8.RuneLen(open):]
		j := strings.IndexRune(rest, close)
		if j < 0 {
			return append(parts, Part{Hole: &Hole{Label: "?"}})
		}
		parts = append(parts, Part{Hole: readHole(rest[:j])})
		s = rest[j+utf8.RuneLen(close):]
	}
	return parts
}

// readHole reads the fields of a marker.
func readHole(s string) *Hole {
	fs := strings.Split(s, string(field))
	if len(fs) != 4 || len(fs[1]) != 1 || fs[1][0] < '0' || fs[1][0] > '0'+byte(Region) {
		return &Hole{Label: "?"}
	}
	h := &Hole{Label: unescape(fs[0]), Class: Class(fs[1][0] - '0'), Why: unescape(fs[3])}
	if fs[2] != "" {
		for _, a := range strings.Split(fs[2], string(among)) {
			h.Among = append(h.Among, unescape(a))
		}
	}
	return h
}

// Holes returns the distinct holes of s, in order.
func Holes(s string) []Hole {
	if Known(s) {
		return nil
	}
	var out []Hole
	seen := map[string]bool{}
	for _, p := range Parse(s) {
		if p.Hole != nil && !seen[p.Hole.String()] {
			seen[p.Hole.String()] = true
			out = append(out, *p.Hole)
		}
	}
	return out
}

// Fill returns s with each hole replaced by f's answer.
func Fill(s string, f func(Hole) string) string {
	if Known(s) {
		return s
	}
	var b strings.Builder
	for _, p := range Parse(s) {
		if p.Hole != nil {
			b.WriteString(f(*p.Hole))
		} else {
			b.WriteString(p.Lit)
		}
	}
	return b.String()
}

// Display returns s with each hole shown by its label, for a message.
func Display(s string) string {
	return Fill(s, func(h Hole) string { return h.Label })
}

// Wildcard returns s with each hole replaced by the IAM wildcard "*", the
// pattern of every completion (for a statement to add).
func Wildcard(s string) string {
	return Fill(s, func(Hole) string { return "*" })
}
