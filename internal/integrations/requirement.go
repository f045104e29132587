package integrations

import (
	"reflect"
	"strings"
	"unicode"

	"batchpipeline/internal/iam"
)

// Requirement is one permission check: the role must be allowed Action on
// Resource in Context. The policy pack evaluates each with iam.Evaluate
// against the role's policies.
type Requirement struct {
	Action   string
	Resource string
	// Context holds the condition keys the real request certainly
	// carries, with their values. It is not complete (a real request
	// carries aws:RequestedRegion, aws:PrincipalTag/... and more), so a
	// condition on any other key is uncertain (see iam.Request).
	Context map[string]string
	// Why says, for the violation message, what fails without it.
	Why string
}

// Request returns the requirement as an iam.Request, with an open
// context: keys not in Context are of unknown value, not absent.
func (r Requirement) Request() iam.Request {
	return iam.Request{Action: r.Action, Resource: r.Resource, Context: r.Context}
}

// Combine concatenates statement lists and drops statements equal to an
// earlier one, so that the shared statements of several jobs (the events
// rule, ecs:StopTask) appear once in a role policy. IAM requires Sids to be
// unique within a policy; the builders give shared statements fixed Sids
// and per-job statements Sids derived from the job's name.
func Combine(groups ...[]iam.Statement) []iam.Statement {
	var out []iam.Statement
	for _, g := range groups {
	next:
		for _, st := range g {
			for _, seen := range out {
				if reflect.DeepEqual(seen, st) {
					continue next
				}
			}
			out = append(out, st)
		}
	}
	return out
}

// sidPart turns a resource name into the letters and digits IAM allows in
// a Sid, capitalizing each word: "nightly-batch_job" → "NightlyBatchJob".
func sidPart(name string) string {
	var b strings.Builder
	upper := true
	for _, r := range name {
		if r > unicode.MaxASCII || (!unicode.IsLetter(r) && !unicode.IsDigit(r)) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// uniqueNonEmpty returns the non-empty strings of in, in order, once each.
func uniqueNonEmpty(in ...string) []string {
	var out []string
	for _, s := range in {
		if s == "" {
			continue
		}
		dup := false
		for _, o := range out {
			if o == s {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
