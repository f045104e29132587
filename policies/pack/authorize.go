package pack

import (
	"fmt"
	"strconv"
	"strings"

	"batchpipeline/internal/iam"
	"batchpipeline/policies/pack/stackmodel"
)

// outcome is what the stack's documents say about one request.
type outcome int

const (
	// granted: the known documents allow it and nothing undecided could
	// change that.
	granted outcome = iota
	// denied: no document can allow it, or one denies it.
	denied
	// undecided: the answer hangs on something this pack cannot read
	// (an unknown document, an external managed policy, a condition it does
	// not evaluate, an ARN it cannot build).
	undecided
)

// unknownKeyReason replaces iam.UnknownKeyReason in messages: a condition
// on a key whose value in the real request the pack does not know.
const unknownKeyReason = "value not known to the pack before the request is made"

// authz is the answer to one request for one role.
type authz struct {
	outcome outcome
	// reasons say why, one sentence each.
	reasons []string
}

// authorize evaluates action on the resource ARNs (one ARN, or the
// candidate ARNs of a resource whose ARN is unknown) for role ro. target is
// the URN of the resource acted on when it is in the stack; strict is
// authorizeOne's.
func (s *stack) authorize(ro *stackmodel.Role, action string, arns []string, ctx map[string]string, target string, strict bool) authz {
	if len(arns) == 0 {
		return authz{outcome: undecided, reasons: []string{"the ARN acted on is unknown at this preview"}}
	}
	zs := make([]authz, len(arns))
	for i, a := range arns {
		zs[i] = s.authorizeOne(ro, iam.Request{Action: action, Resource: a, Context: ctx}, target, strict)
	}
	return mergeCandidates(zs, arns)
}

func displayAll(arns []string) []string {
	out := make([]string, len(arns))
	for i, a := range arns {
		out[i] = stackmodel.Display(a)
	}
	return out
}

// authorizeOne evaluates one request for role ro. An unknown document
// (built from outputs at a first preview) may allow anything, so it
// leaves the request undecided; target is the URN of the stack resource
// acted on ("" for none). With strict set, an unknown document that is
// not built from target is taken as not allowing the request: it cannot
// name the ARN of a resource it does not depend on. The pack is strict
// for iam:PassRole only, where that rule catches the classic mistake (a
// role policy that forgets the task's roles) at a first preview; any other
// need an unknown document may meet stays undecided.
func (s *stack) authorizeOne(ro *stackmodel.Role, req iam.Request, target string, strict bool) authz {
	v := ro.View()
	var probable, unrelated []*stackmodel.Document
	for _, d := range v.Unknown {
		if target != "" && d.DependsOn(target) {
			probable = append(probable, d)
		} else {
			unrelated = append(unrelated, d)
		}
	}

	res := iam.Decide(req, v.Parsed, v.Boundary)
	if res.Decision == iam.ExplicitDeny {
		return authz{outcome: denied, reasons: []string{s.denyReason(req, v.ParsedSources, ro.Boundary)}}
	}
	if v.Boundary != nil {
		b := iam.Decide(req, []iam.Document{*v.Boundary}, nil)
		if b.Decision != iam.Allowed && len(b.Uncertain) == 0 {
			return authz{outcome: denied, reasons: []string{fmt.Sprintf(
				"its permissions boundary (%s) does not allow %s", ro.Boundary.Label, req.Action)}}
		}
	}
	var open []string
	for _, unc := range res.Uncertain {
		u := strings.ReplaceAll(unc.String(), iam.UnknownKeyReason, unknownKeyReason)
		open = append(open, nameStatement(u, v.ParsedSources, ro.Boundary))
	}
	if res.Decision == iam.Allowed {
		if v.BoundaryOpen != "" {
			open = append(open, v.BoundaryOpen)
		}
		if len(open) == 0 {
			return authz{outcome: granted}
		}
		return authz{outcome: undecided, reasons: prefix("allowed, but could not check: ", open)}
	}
	for _, d := range probable {
		open = append(open, fmt.Sprintf("%s is unknown at this preview but built from %s, so it probably allows it",
			d.Label, s.NameOf(target)))
	}
	for _, d := range v.External {
		open = append(open, fmt.Sprintf("%s may allow it: %s", d.Label, d.Why()))
	}
	if target == "" || !strict {
		for _, d := range unrelated {
			open = append(open, d.Label+" is unknown at this preview")
		}
	}
	if len(open) > 0 {
		return authz{outcome: undecided, reasons: open}
	}
	var reasons []string
	switch {
	case len(ro.Sources) == 0:
		reasons = append(reasons, "no policy of this stack applies to "+ro.Label())
	case len(v.Parsed) > 0:
		reasons = append(reasons, fmt.Sprintf("no statement of its %d known policy document(s) allows it", len(v.Parsed)))
	}
	for _, d := range unrelated {
		reasons = append(reasons, fmt.Sprintf(
			"%s is unknown at this preview and not built from %s, so it cannot name its ARN",
			d.Label, s.NameOf(target)))
	}
	for _, d := range v.Invalid {
		reasons = append(reasons, fmt.Sprintf("%s grants nothing: %s", d.Label, d.Why()))
	}
	return authz{outcome: denied, reasons: reasons}
}

// nameStatement replaces the position iam.Evaluate gives a statement
// ("identity[1].Statement[0] ..." or "boundary.Statement[2] ...") with the
// label of the document it belongs to, which a reader can find.
func nameStatement(u string, known []*stackmodel.Document, boundary *stackmodel.Document) string {
	switch {
	case strings.HasPrefix(u, "identity["):
		rest := strings.TrimPrefix(u, "identity[")
		i := strings.IndexByte(rest, ']')
		if i < 0 {
			return u
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n < 0 || n >= len(known) {
			return u
		}
		return known[n].Label + " " + strings.TrimPrefix(rest[i+1:], ".")
	case strings.HasPrefix(u, "boundary.") && boundary != nil:
		return "the permissions boundary " + boundary.Label + " " + strings.TrimPrefix(u, "boundary.")
	default:
		return u
	}
}

// denyReason names the documents whose Deny statements apply.
func (s *stack) denyReason(req iam.Request, known []*stackmodel.Document, boundary *stackmodel.Document) string {
	var by []string
	for _, d := range known {
		if iam.Decide(req, []iam.Document{d.Parsed()}, nil).Decision == iam.ExplicitDeny {
			by = append(by, d.Label)
		}
	}
	if boundary != nil && boundary.Kind() == stackmodel.DocKnown &&
		iam.Decide(req, []iam.Document{boundary.Parsed()}, nil).Decision == iam.ExplicitDeny {
		by = append(by, "its permissions boundary "+boundary.Label)
	}
	return fmt.Sprintf("an explicit Deny on %s in %s overrides any Allow", req.Action, strings.Join(by, ", "))
}

func prefix(p string, xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = p + x
	}
	return out
}
