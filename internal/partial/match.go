package partial

import (
	"math/bits"
	"unicode"
)

// Mode says how Match reads a pattern.
type Mode struct {
	// Glob makes '*' match any run of characters and '?' any one, as in
	// IAM's Resource element and StringLike; without it every character
	// of the pattern is literal (StringEquals).
	Glob bool
	// Fold compares without regard to case (StringEqualsIgnoreCase).
	Fold bool
}

// maxStates bounds the search of one Match: past it the answer is the
// one that decides nothing (may, not must).
const maxStates = 1 << 14

// Match reports whether pattern matches some completion of s (may) and
// every completion of s (must). For a known s both are the plain match.
// Holes are filled independently of one another, each with any value of
// its class (or of its Among), so may and must are exact for a value
// whose holes are distinct unknowns, and on the safe side (may true, must
// false) where they are not.
//
// It runs the pattern's automaton over every completion at once: the
// value is a small automaton (its literal runes, and for each hole a loop
// over its class), the pattern's states are tracked as a set, and a
// class stands for the pattern's own literal characters it holds plus one
// character the pattern never names, which '*' and '?' alone can match.
func Match(pattern, s string, m Mode) (may, must bool) {
	p := tokens(pattern, m)
	v := newValue(s, m.Fold)
	if conflict(p, v) {
		return false, false
	}
	return search(p, v, m.Fold)
}

// ptok is one token of a pattern.
type ptok struct {
	kind byte // 'l' literal, '?' one character, '*' any run
	r    rune
}

func tokens(pattern string, m Mode) []ptok {
	out := make([]ptok, 0, len(pattern))
	for _, r := range pattern {
		switch {
		case m.Glob && r == '*':
			out = append(out, ptok{kind: '*'})
		case m.Glob && r == '?':
			out = append(out, ptok{kind: '?'})
		default:
			if m.Fold {
				r = unicode.ToLower(r)
			}
			out = append(out, ptok{kind: 'l', r: r})
		}
	}
	return out
}

// edge is a step of a value's automaton: one literal rune, or one
// character of a class; eps edges consume nothing.
type edge struct {
	to    int
	eps   bool
	lit   bool
	r     rune
	class Class
}

// value is the automaton of every completion of a value: from node 0 to
// node final.
type value struct {
	edges  [][]edge
	final  int
	prefix []rune // the literal runes before the first hole
}

func newValue(s string, fold bool) *value {
	v := &value{edges: [][]edge{nil}}
	node := func() int { v.edges = append(v.edges, nil); return len(v.edges) - 1 }
	add := func(from int, e edge) { v.edges[from] = append(v.edges[from], e) }
	cur := 0
	literal := func(from int, text string) int {
		for _, r := range text {
			if fold {
				r = unicode.ToLower(r)
			}
			next := node()
			add(from, edge{to: next, lit: true, r: r})
			from = next
		}
		return from
	}
	seenHole := false
	for _, part := range Parse(s) {
		if part.Hole == nil {
			if !seenHole {
				for _, r := range part.Lit {
					if fold {
						r = unicode.ToLower(r)
					}
					v.prefix = append(v.prefix, r)
				}
			}
			cur = literal(cur, part.Lit)
			continue
		}
		seenHole = true
		h := part.Hole
		end := node()
		switch {
		case len(h.Among) > 0:
			for _, a := range h.Among {
				last := literal(cur, a)
				add(last, edge{to: end, eps: true})
			}
		case h.Class == AccountID:
			from := cur
			for i := range 12 {
				next := end
				if i < 11 {
					next = node()
				}
				add(from, edge{to: next, class: AccountID})
				from = next
			}
		case h.Class == Any:
			add(cur, edge{to: end, eps: true})
			add(end, edge{to: end, class: Any})
		default:
			add(cur, edge{to: end, class: h.Class})
			add(end, edge{to: end, class: h.Class})
		}
		cur = end
	}
	v.final = cur
	return v
}

// conflict reports whether the literal start of the pattern and of the
// value differ, which settles the match at once: most patterns of a
// policy name another service or resource type.
func conflict(p []ptok, v *value) bool {
	for i, r := range v.prefix {
		if i >= len(p) {
			return true // the pattern ends before the value's known start
		}
		switch p[i].kind {
		case 'l':
			if p[i].r != r {
				return true
			}
		default:
			return false
		}
	}
	return false
}

// pset is a set of pattern positions (0..len(p)).
type pset []uint64

func (s pset) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }
func (s pset) add(i int)      { s[i/64] |= 1 << (i % 64) }
func (s pset) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

func (s pset) key() string {
	b := make([]byte, 0, len(s)*8)
	for _, w := range s {
		for i := range 8 {
			b = append(b, byte(w>>(8*i)))
		}
	}
	return string(b)
}

// closure adds, for each position at a '*', the position after it (the
// star matching nothing).
func closure(p []ptok, s pset) pset {
	for i := 0; i < len(p); i++ {
		if s.has(i) && p[i].kind == '*' {
			s.add(i + 1)
		}
	}
	return s
}

// step returns the positions after one character: r, or with other set
// a character no literal of the pattern is.
func step(p []ptok, s pset, r rune, other bool) pset {
	next := make(pset, len(s))
	for w, word := range s {
		for word != 0 {
			i := w*64 + bits.TrailingZeros64(word)
			word &= word - 1
			if i >= len(p) {
				continue
			}
			switch t := p[i]; {
			case t.kind == '*':
				next.add(i)
			case t.kind == '?':
				next.add(i + 1)
			case !other && t.r == r:
				next.add(i + 1)
			}
		}
	}
	return closure(p, next)
}

// search explores the product of the value's automaton and the sets of
// pattern positions.
func search(p []ptok, v *value, fold bool) (may, must bool) {
	// The pattern's literal characters: a class stands for those it
	// holds, and for one other when it has more.
	var lits []rune
	for _, t := range p {
		if t.kind == 'l' && !containsRune(lits, t.r) {
			lits = append(lits, t.r)
		}
	}
	in := func(c Class, r rune) bool {
		if !fold {
			return c.has(r)
		}
		return c.has(r) || c.has(unicode.ToUpper(r))
	}
	hasOther := func(c Class) bool {
		chars := c.chars()
		if chars == nil {
			return true
		}
		for _, r := range chars {
			if !containsRune(lits, r) && (!fold || !containsRune(lits, unicode.ToLower(r))) {
				return true
			}
		}
		return false
	}
	type state struct {
		node int
		set  pset
	}
	start := closure(p, func() pset { s := make(pset, len(p)/64+1); s.add(0); return s }())
	type key struct {
		node int
		set  string
	}
	seen := map[key]bool{}
	queue := []state{{0, start}}
	must = true
	for n := 0; len(queue) > 0; n++ {
		if n > maxStates {
			return true, false
		}
		st := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		k := key{st.node, st.set.key()}
		if seen[k] {
			continue
		}
		seen[k] = true
		if st.node == v.final {
			if st.set.has(len(p)) {
				may = true
			} else {
				must = false
			}
			if may && !must {
				return may, must
			}
		}
		visit := func(to int, set pset) {
			if set.empty() {
				must = false // every completion through here is rejected
				return
			}
			queue = append(queue, state{to, set})
		}
		for _, e := range v.edges[st.node] {
			switch {
			case e.eps:
				visit(e.to, st.set)
			case e.lit:
				visit(e.to, step(p, st.set, e.r, false))
			default:
				for _, r := range lits {
					if in(e.class, r) {
						visit(e.to, step(p, st.set, r, false))
					}
				}
				if hasOther(e.class) {
					visit(e.to, step(p, st.set, 0, true))
				}
			}
		}
		if may && !must {
			return may, must
		}
	}
	return may, must
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
