package iam

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MatchAction reports whether an Action/NotAction pattern such as
// "iam:Pass*" or "ecs:?unTask" matches action. Action names are
// case-insensitive in IAM; `*` matches any run of characters and `?`
// exactly one.
func MatchAction(pattern, action string) bool {
	return glob(pattern, action, true)
}

// MatchResource reports whether a Resource/NotResource pattern matches an
// ARN. Matching is case-sensitive; `*` matches any run of characters,
// including `:` and `/` (so "arn:aws:iam::*:role/*" matches a role with a
// path), and `?` exactly one character.
func MatchResource(pattern, arn string) bool {
	return glob(pattern, arn, false)
}

// glob matches s against a pattern of literal characters, `*` and `?`.
//
// It is the iterative two-pointer algorithm: on a mismatch it only
// returns to the most recent `*`, never to earlier ones, so the cost is at
// most O(len(pattern)·len(s)) with no exponential backtracking, no
// allocation and no regular expression compiled per call.
//
// Policies and ARNs are ASCII in practice, so it compares bytes and hands
// over to globRunes, which decodes UTF-8, at the first non-ASCII byte it
// has to compare or skip: both give the same answer on ASCII input (a
// fuzz test checks it), and bytes were a third of the cost of runes.
func glob(pattern, s string, fold bool) bool {
	if !fold {
		// Resources share long prefixes ("arn:aws:iam::123456789012:role/"):
		// compare the pattern's literal ASCII prefix in one go.
		k := literalASCIIPrefix(pattern)
		if !strings.HasPrefix(s, pattern[:k]) {
			return false
		}
		if k == len(pattern) {
			return k == len(s)
		}
		pattern, s = pattern[k:], s[k:]
	}
	p, i := 0, 0
	starP, starI := -1, -1
	for i < len(s) {
		if p < len(pattern) {
			pc := pattern[p]
			if pc == '*' {
				starP, starI = p+1, i
				p++
				continue
			}
			sc := s[i]
			if pc >= utf8.RuneSelf || sc >= utf8.RuneSelf {
				return globRunes(pattern, s, fold)
			}
			if pc == '?' || pc == sc || (fold && lowerASCII(pc) == lowerASCII(sc)) {
				p++
				i++
				continue
			}
		}
		if starP < 0 {
			return false
		}
		// Let the last star absorb one more character and retry.
		if s[starI] >= utf8.RuneSelf {
			return globRunes(pattern, s, fold)
		}
		starI++
		p, i = starP, starI
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// literalASCIIPrefix returns the length of the longest prefix of pattern
// made of ASCII characters other than the wildcards. A match must start
// with that prefix byte for byte; stopping at the first non-ASCII byte
// keeps the rest (and invalid UTF-8) for the rune-aware loop.
func literalASCIIPrefix(pattern string) int {
	for i := 0; i < len(pattern); i++ {
		if c := pattern[i]; c == '*' || c == '?' || c >= utf8.RuneSelf {
			return i
		}
	}
	return len(pattern)
}

// lowerASCII lower-cases an ASCII letter.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// globRunes is glob over runes: `?` matches one character, not one byte,
// and fold compares with unicode.ToLower.
func globRunes(pattern, s string, fold bool) bool {
	p, i := 0, 0
	starP, starI := -1, -1
	for i < len(s) {
		if p < len(pattern) {
			pr, pw := utf8.DecodeRuneInString(pattern[p:])
			if pr == '*' {
				starP, starI = p+pw, i
				p += pw
				continue
			}
			sr, sw := utf8.DecodeRuneInString(s[i:])
			if pr == '?' || sameRune(pr, sr, fold) {
				p += pw
				i += sw
				continue
			}
		}
		if starP < 0 {
			return false
		}
		// Let the last star absorb one more character and retry.
		_, sw := utf8.DecodeRuneInString(s[starI:])
		starI += sw
		p, i = starP, starI
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// sameRune compares two runes, ignoring case when fold is set.
func sameRune(a, b rune, fold bool) bool {
	if a == b {
		return true
	}
	return fold && unicode.ToLower(a) == unicode.ToLower(b)
}
