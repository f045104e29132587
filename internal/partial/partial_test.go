package partial

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestHoleRoundTrip(t *testing.T) {
	holes := []Hole{
		{Label: "ACCOUNT_ID", Class: AccountID, Why: "the account is not known at this preview"},
		{Label: "REGION", Class: Region, Among: []string{"ap-northeast-1", "us-east-1"}},
		{Label: "CLUSTER", Class: Name, Why: "the state chooses: at run time, 100% of it"},
		{Label: "X", Class: Any},
	}
	for _, h := range holes {
		s := "arn:aws:ecs:" + h.String() + ":tail"
		if Known(s) {
			t.Errorf("%q reads as known", s)
		}
		parts := Parse(s)
		if len(parts) != 3 || parts[0].Lit != "arn:aws:ecs:" || parts[2].Lit != ":tail" || parts[1].Hole == nil {
			t.Fatalf("Parse(%q) = %+v", s, parts)
		}
		got := *parts[1].Hole
		if got.Label != h.Label || got.Class != h.Class || got.Why != h.Why || strings.Join(got.Among, ",") != strings.Join(h.Among, ",") {
			t.Errorf("round trip of %+v gave %+v", h, got)
		}
		if d := Display(s); d != "arn:aws:ecs:"+h.Label+":tail" {
			t.Errorf("Display = %q", d)
		}
		if w := Wildcard(s); w != "arn:aws:ecs:*:tail" {
			t.Errorf("Wildcard = %q", w)
		}
		// A hole never holds a ':' of its own, so an ARN with holes
		// splits into the same parts as a known one.
		if n := strings.Count(s, ":"); n != 4 {
			t.Errorf("%q has %d colons, want 4", s, n)
		}
	}
	if !Known("arn:aws:iam::123456789012:role/x") || len(Holes("plain")) != 0 {
		t.Error("a plain string has holes")
	}
	// A stray marker in a stack's value is the widest hole, never text.
	if ps := Parse("a\uFFFEb"); len(ps) != 2 || ps[1].Hole == nil || ps[1].Hole.Class != Any {
		t.Errorf("a stray marker: %+v", ps)
	}
}

// TestMatchCases: what the known parts settle, on the values the model
// builds.
func TestMatchCases(t *testing.T) {
	acct := Hole{Label: "ACCOUNT_ID", Class: AccountID}.String()
	cluster := Hole{Label: "CLUSTER", Class: Name}.String()
	group := Hole{Label: "GROUP", Class: Name}.String()
	any := Hole{Label: "ROLE", Class: Any}.String()
	two := Hole{Label: "ACCOUNT_ID", Class: AccountID, Among: []string{"123456789012", "210987654321"}}.String()
	glob := Mode{Glob: true}
	tests := []struct {
		pattern, value string
		mode           Mode
		may, must      bool
	}{
		{"arn:aws:ecs:*:*:task/*", "arn:aws:ecs:ap-northeast-1:" + acct + ":task/" + cluster + "/0", glob, true, true},
		{"arn:aws:ecs:*:*:task/batch/*", "arn:aws:ecs:ap-northeast-1:" + acct + ":task/" + cluster + "/0", glob, true, false},
		{"arn:aws:ecs:*:*:task-definition/*", "arn:aws:ecs:ap-northeast-1:" + acct + ":task/" + cluster + "/0", glob, false, false},
		// A schedule's ARN never equals its group's.
		{"arn:aws:scheduler:*:*:schedule/default/nightly", "arn:aws:scheduler:ap-northeast-1:" + acct + ":schedule-group/" + group, glob, false, false},
		{"arn:aws:scheduler:*:*:schedule-group/nightly", "arn:aws:scheduler:ap-northeast-1:" + acct + ":schedule-group/" + group, glob, true, false},
		// A name holds no '/': a pattern that needs one in it cannot match.
		{"arn:aws:ecs:*:*:task/a/b/*", "arn:aws:ecs:r:1:task/" + cluster + "/0", glob, false, false},
		{"*", any, glob, true, true},
		{"arn:aws:iam::*:role/x", any, glob, true, false},
		{"123456789012", acct, Mode{}, true, false},
		{"12345", acct, Mode{}, false, false},
		{"1234567890??", acct, glob, true, false},
		{"????????????", acct, glob, true, true},
		{"123456789012", two, Mode{}, true, false},
		{"*", two, Mode{}, false, false},
		{"*", two, glob, true, true},
		{"ARN:AWS:IAM::1:ROLE/X", "arn:aws:iam::1:role/x", Mode{Fold: true}, true, true},
	}
	for _, tt := range tests {
		may, must := Match(tt.pattern, tt.value, tt.mode)
		if may != tt.may || must != tt.must {
			t.Errorf("Match(%q, %q, %+v) = %v, %v; want %v, %v", tt.pattern, Display(tt.value), tt.mode, may, must, tt.may, tt.must)
		}
	}
}

// samples are completions of each class, used to check Match against a
// plain matcher; they include the pattern alphabet's characters.
var samples = map[Class][]string{
	Any:       {"", "a", "b", ":", "/", "a/b", "1", "ab:1", "xyz"},
	Name:      {"a", "b", "ab", "1", "b1a", "z"},
	Digits:    {"1", "12", "0", "2", "9"},
	AccountID: {"123456789012", "000000000000", "111111111111"},
	Region:    {"a", "ab", "a-1", "z-9", "b"},
}

// completions returns the completions of s from the samples of each
// hole; each occurrence of a hole takes its own value, as Match assumes.
func completions(s string) []string {
	out := []string{""}
	for _, p := range Parse(s) {
		var opts []string
		switch {
		case p.Hole == nil:
			opts = []string{p.Lit}
		case len(p.Hole.Among) > 0:
			opts = p.Hole.Among
		default:
			opts = samples[p.Hole.Class]
		}
		var next []string
		for _, prefix := range out {
			for _, o := range opts {
				next = append(next, prefix+o)
			}
		}
		out = next
	}
	return out
}

// plainMatch is a plain recursive glob matcher, the oracle.
func plainMatch(pattern, s string, m Mode) bool {
	if m.Fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	p, v := []rune(pattern), []rune(s)
	var rec func(i, j int) bool
	rec = func(i, j int) bool {
		if i == len(p) {
			return j == len(v)
		}
		if m.Glob && p[i] == '*' {
			for k := j; k <= len(v); k++ {
				if rec(i+1, k) {
					return true
				}
			}
			return false
		}
		if j == len(v) {
			return false
		}
		if (m.Glob && p[i] == '?') || p[i] == v[j] {
			return rec(i+1, j+1)
		}
		return false
	}
	return rec(0, 0)
}

// TestMatchAgainstCompletions is the property the pack's decisions rest
// on: when Match says every completion matches, every sampled completion
// does; when it says none may, none does; and a known value is matched as
// the plain matcher matches it.
func TestMatchAgainstCompletions(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "1", ":", "/", "A"}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	randText := func(n int, extra ...string) string {
		var b strings.Builder
		for range r.IntN(n + 1) {
			b.WriteString(pick(append(alphabet, extra...)))
		}
		return b.String()
	}
	randValue := func() string {
		var b strings.Builder
		for range r.IntN(4) + 1 {
			if r.IntN(2) == 0 {
				b.WriteString(randText(3))
				continue
			}
			h := Hole{Label: "H", Class: Class(r.IntN(int(Region) + 1))}
			if r.IntN(5) == 0 {
				h.Among = []string{randText(2), randText(3)}
				h.Class = Any
			}
			h.Label += string(rune('0' + r.IntN(3)))
			b.WriteString(h.String())
		}
		return b.String()
	}
	for i := range 20000 {
		m := Mode{Glob: r.IntN(4) > 0, Fold: r.IntN(4) == 0}
		pattern := randText(6, "*", "?", "*")
		value := randValue()
		may, must := Match(pattern, value, m)
		if must && !may {
			t.Fatalf("#%d Match(%q, %q) = must without may", i, pattern, Display(value))
		}
		for _, c := range completions(value) {
			got := plainMatch(pattern, c, m)
			if must && !got {
				t.Fatalf("#%d Match(%q, %q, %+v) says every completion matches; %q does not", i, pattern, Display(value), m, c)
			}
			if !may && got {
				t.Fatalf("#%d Match(%q, %q, %+v) says none may match; %q does", i, pattern, Display(value), m, c)
			}
		}
		known := randText(6)
		may, must = Match(pattern, known, m)
		if want := plainMatch(pattern, known, m); may != want || must != want {
			t.Fatalf("Match(%q, %q, %+v) = %v, %v; want %v", pattern, known, m, may, must, want)
		}
	}
}
