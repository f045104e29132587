package reference

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// This file decides whether an IAM glob (a Resource pattern with '*' and
// '?', or a concrete string) and a reference format (literal text and
// ${...} placeholders, each standing for a non-empty run of characters from
// a class) have a string in common. Both are small nondeterministic
// automata; intersects explores their product.

// charSet is a set of runes: the single rune r, or every rune not in excl.
type charSet struct {
	r      rune
	single bool
	excl   string
}

// anyRune is the set of all runes.
var anyRune = charSet{}

// overlaps reports whether the two sets share a rune. Two complement sets
// always do, since each excludes only finitely many runes.
func (c charSet) overlaps(d charSet) bool {
	switch {
	case c.single && d.single:
		return c.r == d.r
	case c.single:
		return !strings.ContainsRune(d.excl, c.r)
	case d.single:
		return !strings.ContainsRune(c.excl, d.r)
	default:
		return true
	}
}

// fmtElem is one element of a format: one rune of set, or, when plus is
// set, a non-empty run of runes of set.
type fmtElem struct {
	set  charSet
	plus bool
}

// globElem is one element of a glob: one rune of set, or, when star is
// set, any run of runes, possibly empty.
type globElem struct {
	set  charSet
	star bool
}

// compileGlob reads an IAM pattern: '*' is any run of characters and '?'
// any one character; every other rune stands for itself.
func compileGlob(pattern string) []globElem {
	var out []globElem
	for _, r := range pattern {
		switch r {
		case '*':
			if len(out) > 0 && out[len(out)-1].star {
				continue // "**" is "*"
			}
			out = append(out, globElem{set: anyRune, star: true})
		case '?':
			out = append(out, globElem{set: anyRune})
		default:
			out = append(out, globElem{set: charSet{r: r, single: true}})
		}
	}
	return out
}

// literalGlob is a glob that matches s only.
func literalGlob(s string) []globElem {
	out := make([]globElem, 0, len(s))
	for _, r := range s {
		out = append(out, globElem{set: charSet{r: r, single: true}})
	}
	return out
}

// compileARNFormat reads an ARN format of the reference. Each ${...}
// placeholder becomes a non-empty run of runes: without ':' before the
// resource part (after the fifth ':'); without ':' or '/' in the resource
// part, except that, when lenient is set, the last placeholder of a
// ':'-separated segment of the resource part may contain '/'.
func compileARNFormat(format string, lenient bool) ([]fmtElem, error) {
	var out []fmtElem
	colons := 0
	for i := 0; i < len(format); {
		if strings.HasPrefix(format[i:], "${") {
			end := strings.IndexByte(format[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("ARN format %q: unterminated placeholder", format)
			}
			end += i
			excl := ":"
			if colons >= 5 {
				excl = ":/"
				segment, _, _ := strings.Cut(format[end+1:], ":")
				if lenient && !strings.Contains(segment, "${") {
					excl = ":"
				}
			}
			out = append(out, fmtElem{set: charSet{excl: excl}, plus: true})
			i = end + 1
			continue
		}
		r, size := utf8.DecodeRuneInString(format[i:])
		if r == ':' {
			colons++
		}
		out = append(out, fmtElem{set: charSet{r: r, single: true}})
		i += size
	}
	if colons < 5 {
		return nil, fmt.Errorf("ARN format %q has fewer than six ':'-separated fields", format)
	}
	return out, nil
}

// variableSuffixes are the spellings other than ${...} that the reference
// uses for a variable last part of a condition key:
// "secretsmanager:ResourceTag/tag-key", "s3:ExistingObjectTag/<key>".
var variableSuffixes = []string{"/tag-key", "/<key>"}

// hasVariable reports whether a reference condition key has a variable
// part: a ${...} placeholder, or a final "/tag-key" or "/<key>".
func hasVariable(key string) bool {
	if strings.Contains(key, "${") {
		return true
	}
	lower := strings.ToLower(key)
	for _, suffix := range variableSuffixes {
		if strings.HasSuffix(lower, suffix) {
			return true
		}
	}
	return false
}

// compileKey reads a condition key of the reference, lower-cased: each
// ${...} placeholder, and a final "/tag-key" or "/<key>", stand for any
// non-empty run of runes. An unterminated "${" is literal text.
func compileKey(key string) []fmtElem {
	key = strings.ToLower(key)
	for _, suffix := range variableSuffixes {
		if rest, ok := strings.CutSuffix(key, suffix); ok {
			key = rest + "/${tagkey}"
			break
		}
	}
	var out []fmtElem
	for key != "" {
		if strings.HasPrefix(key, "${") {
			if end := strings.IndexByte(key, '}'); end >= 0 {
				out = append(out, fmtElem{set: anyRune, plus: true})
				key = key[end+1:]
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(key)
		out = append(out, fmtElem{set: charSet{r: r, single: true}})
		key = key[size:]
	}
	return out
}

// keyMatches reports whether a concrete condition key matches a compiled
// reference key, case-insensitively.
func keyMatches(ref []fmtElem, key string) bool {
	return key != "" && intersects(ref, literalGlob(strings.ToLower(key)))
}

// intersects reports whether some string is matched by both the format
// and the glob.
//
// The format's states are 2i (before element i) and 2i+1 (inside plus
// element i, having read at least one rune of it); 2n accepts. The glob's
// states are j (before element j); m accepts. A breadth-first search of
// the pairs reachable from (0, 0) looks for (2n, m), where a step reads one
// rune that both sides allow and the epsilon moves are 2i+1 -> 2i+2 (end of
// a plus element) and j -> j+1 over a star element.
func intersects(f []fmtElem, g []globElem) bool {
	n, m := len(f), len(g)
	width := m + 1
	seen := make([]bool, (2*n+1)*width)
	var queue [][2]int
	push := func(fs, gs int) {
		if k := fs*width + gs; !seen[k] {
			seen[k] = true
			queue = append(queue, [2]int{fs, gs})
		}
	}
	push(0, 0)
	for len(queue) > 0 {
		fs, gs := queue[0][0], queue[0][1]
		queue = queue[1:]
		if fs == 2*n && gs == m {
			return true
		}
		if fs%2 == 1 {
			push(fs+1, gs)
		}
		if gs < m && g[gs].star {
			push(fs, gs+1)
		}
		if fs == 2*n || gs == m {
			continue // one side cannot read a rune
		}
		i := fs / 2
		fnext := fs + 2
		if f[i].plus {
			fnext = 2*i + 1
		}
		gnext := gs + 1
		if g[gs].star {
			gnext = gs
		}
		if f[i].set.overlaps(g[gs].set) {
			push(fnext, gnext)
		}
	}
	return false
}
