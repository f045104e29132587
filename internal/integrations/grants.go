package integrations

import (
	"fmt"
	"reflect"
	"slices"

	"batchpipeline/internal/iam"
)

// Grants returns the statements that allow every request, as few as
// least privilege allows: the grants of one kind (one Sid) that share
// their resources and condition become one statement with their actions,
// then those that share their actions and condition one statement with
// their resources. A request whose resource is chosen at run time grants
// nothing. Sids are made unique, as IAM requires within a policy.
func Grants(reqs []Request) []iam.Statement {
	var stmts []iam.Statement
	for i := range reqs {
		if reqs[i].Grant.Resource == "" {
			continue
		}
		stmts = append(stmts, reqs[i].Statement())
	}
	return MergeGrants(stmts)
}

// MergeGrants merges statements as Grants does.
func MergeGrants(stmts []iam.Statement) []iam.Statement {
	stmts = merge(stmts, func(a, b iam.Statement) bool { return slices.Equal(a.Resource, b.Resource) },
		func(into *iam.Statement, s iam.Statement) { into.Action = union(into.Action, s.Action) })
	stmts = merge(stmts, func(a, b iam.Statement) bool { return sameSet(a.Action, b.Action) },
		func(into *iam.Statement, s iam.Statement) { into.Resource = union(into.Resource, s.Resource) })
	return UniqueSids(stmts)
}

// merge folds each statement into the first earlier one with its Sid,
// Effect and Condition for which same holds.
func merge(in []iam.Statement, same func(a, b iam.Statement) bool, fold func(into *iam.Statement, s iam.Statement)) []iam.Statement {
	var out []iam.Statement
next:
	for _, s := range in {
		for i := range out {
			o := &out[i]
			if o.Sid == s.Sid && o.Effect == s.Effect && reflect.DeepEqual(o.Condition, s.Condition) && same(*o, s) {
				fold(o, s)
				continue next
			}
		}
		s.Action = slices.Clone(s.Action)
		s.Resource = slices.Clone(s.Resource)
		out = append(out, s)
	}
	return out
}

// union appends the elements of b that a lacks.
func union(a, b iam.Strings) iam.Strings {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}

// sameSet reports whether a and b hold the same elements.
func sameSet(a, b iam.Strings) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// UniqueSids makes the Sids of a policy unique, as IAM requires: a second
// statement with a Sid already used gets the Sid with "2" appended, and so
// on.
func UniqueSids(in []iam.Statement) []iam.Statement {
	seen := map[string]int{}
	out := make([]iam.Statement, len(in))
	for i, s := range in {
		if s.Sid != "" {
			seen[s.Sid]++
			if n := seen[s.Sid]; n > 1 {
				s.Sid = fmt.Sprintf("%s%d", s.Sid, n)
			}
		}
		out[i] = s
	}
	return out
}

// Policy wraps statements into a policy document.
func Policy(statements ...iam.Statement) iam.Document {
	return iam.Document{Version: iam.Version, Statement: statements}
}
