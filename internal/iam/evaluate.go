package iam

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// Decision is the outcome of evaluating a request against policies.
type Decision int

// Decisions, as in the AWS policy evaluation logic
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
const (
	// ImplicitDeny: no statement that could be evaluated allows the
	// request (the default for every request).
	ImplicitDeny Decision = iota
	// Allowed: an identity statement allows the request, the permissions
	// boundary (if any) allows it too, and no statement denies it.
	Allowed
	// ExplicitDeny: a Deny statement in any document applies.
	ExplicitDeny
)

// String returns the decision's name.
func (d Decision) String() string {
	switch d {
	case ImplicitDeny:
		return "ImplicitDeny"
	case Allowed:
		return "Allowed"
	case ExplicitDeny:
		return "ExplicitDeny"
	default:
		return fmt.Sprintf("Decision(%d)", int(d))
	}
}

// Request is one API call to authorize: the action ("iam:PassRole"), the
// resource ARN it acts on and what the caller knows of its request context
// (the condition keys, such as "iam:PassedToService", and their values;
// keys are case-insensitive, each holds one value).
//
// A real request carries many keys besides the ones a caller cares about:
// global ones such as aws:RequestedRegion, aws:PrincipalTag/... or
// aws:ResourceTag/..., and service ones such as ecs:cluster. So the
// context is open by default: a condition on a key that is neither in
// Context nor declared absent (Absent, Complete) cannot be decided, and
// Evaluate reports its statement in Result.Uncertain instead of guessing.
// The zero value is safe: an empty Request knows no key, so no condition is
// ever taken as true or false by mistake. See
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// and
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html.
type Request struct {
	// Action is the action authorized, "service:Name".
	Action string
	// Resource is the ARN acted on ("*" for actions without resources).
	Resource string
	// Context holds the keys the request certainly carries, with the value
	// each has in it.
	Context map[string]string
	// Absent lists keys the request certainly does not carry: a condition
	// on one of them follows the AWS rules for a missing key (positive
	// operators false, negated ones true, IfExists true, Null "true" true).
	// A key also in Context is taken as present.
	Absent []string
	// Complete declares that Context lists every key the request carries,
	// so that any other key is absent (as if listed in Absent). Set it only
	// when the whole request is known, as in a test or a simulation.
	Complete bool
}

// Result is the outcome of Evaluate.
type Result struct {
	// Decision is the decision reached from the statements that could be
	// evaluated.
	Decision Decision
	// Uncertain lists the statements that may apply to the request but
	// could not be decided (an unsupported condition operator, a
	// condition on a key whose value is not known, a value known in
	// part, a policy variable, an invalid shape), and only those whose
	// answer could change Decision: an Allow that may apply to a request
	// nothing else allows, a Deny that may apply to one that is allowed.
	// A caller must treat a non-empty Uncertain as "could not decide",
	// whatever Decision says; an empty one means that Decision holds for
	// every completion of the request.
	Uncertain []Uncertainty
	// MayDeny lists, when Decision is ImplicitDeny and Uncertain is
	// empty, the Deny statements that may apply: the request is denied
	// either way, explicitly for some of its completions. They change
	// why, not whether.
	MayDeny []Uncertainty
	// Allowing lists the Allow statements that apply; each prints as
	// "identity[0].Statement[2] Sid=\"PassRole\"" or "boundary.Statement[1]".
	Allowing []StatementRef
}

// Where says which policy a statement is in.
type Where uint8

// The policies a statement may be in.
const (
	// Identity is one of the principal's identity-based policies.
	Identity Where = iota
	// Boundary is the principal's permissions boundary.
	Boundary
	// Trust is the role trust policy EvaluateTrust reads.
	Trust
)

// StatementRef is the position of a statement among the documents given
// to Evaluate. Its label is built only when printed: a caller evaluating
// many requests rarely reads it.
type StatementRef struct {
	// Where is the policy the statement is in.
	Where Where
	// Document is the index of the identity document (0 elsewhere).
	Document int
	// Statement is the index of the statement in its document.
	Statement int
	// Sid is the statement's Sid, "" when it has none.
	Sid string
}

// String returns "identity[0].Statement[2] Sid=\"PassRole\"",
// "boundary.Statement[1]" or "trust.Statement[0]".
func (r StatementRef) String() string {
	var label string
	switch r.Where {
	case Boundary:
		label = "boundary.Statement[" + strconv.Itoa(r.Statement) + "]"
	case Trust:
		label = "trust.Statement[" + strconv.Itoa(r.Statement) + "]"
	default:
		label = "identity[" + strconv.Itoa(r.Document) + "].Statement[" + strconv.Itoa(r.Statement) + "]"
	}
	if r.Sid != "" {
		label += " Sid=" + strconv.Quote(r.Sid)
	}
	return label
}

// Cause says why part of a statement could not be decided.
type Cause uint8

// The causes of an uncertain statement.
const (
	// UnknownKey is a condition on a key neither in the request context
	// nor declared absent.
	UnknownKey Cause = iota
	// UnknownValue is a resource or condition value known in part
	// (package partial) on which the answer depends.
	UnknownValue
	// Unsupported is an element this package does not judge: a
	// condition operator, a policy variable, a malformed pattern or
	// statement, a principal form AWS does not document.
	Unsupported
)

// Reason is one part of a statement that could not be decided.
type Reason struct {
	Cause Cause
	// Text says what, in words: "condition ArnEquals on ecs:cluster:
	// value not known: ...".
	Text string
	// Key is the condition key of an UnknownKey or of an UnknownValue in
	// a condition ("" for the resource).
	Key string
	// Holes are the unknown parts the answer depends on (UnknownValue).
	Holes []partial.Hole
}

// Uncertainty is a statement that may apply to the request, and why it
// could not be decided.
type Uncertainty struct {
	Statement StatementRef
	// Effect is the statement's Effect.
	Effect string
	// On says what was asked: "iam:PassRole on ARN", "sts:AssumeRole by
	// states.amazonaws.com".
	On string
	// Reasons are the parts that could not be decided, in the order of
	// the statement.
	Reasons []Reason
}

// String returns "identity[0].Statement[2] (Allow iam:PassRole on ARN):
// reason; reason".
func (u Uncertainty) String() string {
	texts := make([]string, len(u.Reasons))
	for i, r := range u.Reasons {
		texts[i] = r.Text
	}
	return fmt.Sprintf("%s (%s %s): %s", u.Statement, u.Effect, u.On, strings.Join(texts, "; "))
}

// Evaluate decides a request for one principal as AWS does for
// identity-based policies and an optional permissions boundary, following
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html:
//
//   - an explicit Deny in any document (identity or boundary) wins;
//   - otherwise the request is Allowed only if some identity statement
//     allows it and, when boundary is not nil, some boundary statement
//     allows it too (the boundary only limits, it never grants);
//   - otherwise it is implicitly denied.
//
// A statement applies when its Action (or NotAction: every action except
// those) matches the action, its Resource (or NotResource: every resource
// except those) matches the resource, and all its conditions hold. Actions
// match case-insensitively, resources case-sensitively, both with `*` and
// `?` wildcards (MatchAction, MatchResource). Service control policies,
// resource-based policies and session policies are out of scope.
//
// Conditions
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html):
// StringEquals, StringNotEquals, StringEqualsIgnoreCase,
// StringNotEqualsIgnoreCase, StringLike, StringNotLike, ArnEquals, ArnLike,
// ArnNotEquals, ArnNotLike, Bool and Null are evaluated, with the
// ForAnyValue:/ForAllValues: prefixes and the IfExists suffix. All
// operators and keys must hold (AND); the values of one key are
// alternatives (OR). Keys are case-insensitive. Each context value is
// single-valued. A condition's key is looked up as follows:
//
//   - in Request.Context: the operator is evaluated on its value;
//   - declared absent (Request.Absent, or any key missing from Context
//     when Request.Complete is set): positive operators are false and
//     negated ones (StringNotEquals, ...) true; IfExists and ForAllValues:
//     make them true, ForAnyValue: false; Null "true" holds;
//   - otherwise its value is not known: the statement is uncertain
//     ("condition ArnEquals on ecs:cluster: ..."), neither allowing nor
//     denying, unless another part of its Condition block is false.
//
// A statement that matches the action and resource but cannot be evaluated
// (another operator such as NumericLessThan or IpAddress, a key whose value
// is not known, a policy variable like ${aws:username}, an invalid shape)
// is reported in Result.Uncertain
// and is neither counted as allowing nor as denying. A condition block with
// one part definitely false does not apply, whatever its uncertain parts.
func Evaluate(req Request, identity []Document, boundary *Document) Result {
	return evaluate(req, identity, boundary, true)
}

// Decide is Evaluate for a caller that acts on the decision alone: the
// same Decision and Uncertain, without Result.Allowing (nil), so that it
// allocates nothing unless a statement is uncertain. A policy pack asks
// thousands of questions per stack and reads no labels.
func Decide(req Request, identity []Document, boundary *Document) Result {
	return evaluate(req, identity, boundary, false)
}

// evaluate does the work of Evaluate, listing the allowing statements in
// Result.Allowing when listAllowing is set.
func evaluate(req Request, identity []Document, boundary *Document, listAllowing bool) Result {
	var res Result
	r := newEvalRequest(req)
	id := evalDocuments(r, Identity, identity, &res, listAllowing)
	var b tally
	if boundary != nil {
		b = evalDocuments(r, Boundary, []Document{*boundary}, &res, listAllowing)
	}
	combine(&res, id, b, boundary != nil)
	return res
}

// tally is what the statements of some documents say about a request.
type tally struct {
	// deny and allow are set when a Deny (an Allow) applies to every
	// completion of the request.
	deny, allow bool
	// mayDeny and mayAllow are the statements that may apply, undecided.
	mayDeny, mayAllow []Uncertainty
}

// combine decides from the identity tally and, when hasBoundary is set,
// the boundary's: an explicit Deny wins, then an Allow of both; the
// uncertain statements kept are those that could change whether the
// request is allowed, and the Deny statements that may apply to a request
// denied anyway (Result.MayDeny).
func combine(res *Result, id, b tally, hasBoundary bool) {
	if id.deny || b.deny {
		res.Decision = ExplicitDeny
		return
	}
	boundaryAllows := !hasBoundary || b.allow
	if id.allow && boundaryAllows {
		res.Decision = Allowed
		res.Uncertain = append(slices.Clone(id.mayDeny), b.mayDeny...)
		return
	}
	res.Decision = ImplicitDeny
	mayIdentity := id.allow || len(id.mayAllow) > 0
	mayBoundary := boundaryAllows || len(b.mayAllow) > 0
	if !mayIdentity || !mayBoundary {
		res.MayDeny = append(slices.Clone(id.mayDeny), b.mayDeny...)
		return
	}
	if !id.allow {
		res.Uncertain = append(res.Uncertain, id.mayAllow...)
	}
	if !boundaryAllows {
		res.Uncertain = append(res.Uncertain, b.mayAllow...)
	}
}

// evalRequest is a request with what evaluating it reads more than once.
type evalRequest struct {
	Request
	// resourceKnown is set when the resource has no hole.
	resourceKnown bool
}

func newEvalRequest(req Request) *evalRequest {
	return &evalRequest{Request: req, resourceKnown: partial.Known(req.Resource)}
}

// on says what was asked, for an Uncertainty.
func (r *evalRequest) on() string {
	return r.Action + " on " + partial.Display(r.Resource)
}

// evalDocuments evaluates every statement of docs, records (when
// listAllowing is set) the allowing statements in res, and tallies what
// they say.
func evalDocuments(r *evalRequest, where Where, docs []Document, res *Result, listAllowing bool) tally {
	var t tally
	for di, doc := range docs {
		for si := range doc.Statement {
			st := &doc.Statement[si] // not a copy: a Statement is large
			a, reasons := statementApplies(st, r)
			ref := StatementRef{Where: where, Document: di, Statement: si, Sid: st.Sid}
			switch {
			case a == maybe && st.Effect == Deny:
				t.mayDeny = append(t.mayDeny, Uncertainty{Statement: ref, Effect: st.Effect, On: r.on(), Reasons: reasons})
			case a == maybe:
				// An Allow, or an Effect that is neither (AWS rejects
				// such a policy; a reader should know of it).
				t.mayAllow = append(t.mayAllow, Uncertainty{Statement: ref, Effect: st.Effect, On: r.on(), Reasons: reasons})
			case a == yes && st.Effect == Deny:
				t.deny = true
			case a == yes:
				t.allow = true
				if listAllowing {
					res.Allowing = append(res.Allowing, ref)
				}
			}
		}
	}
	return t
}

// answer is whether a statement, or a part of it, applies to every
// completion of a request (yes), to none (no), or to some only, or could
// not be judged (maybe).
type answer int8

const (
	no answer = iota
	maybe
	yes
)

// and combines the answers of parts that must all hold.
func and(a, b answer) answer { return min(a, b) }

// statementApplies reports whether a statement of an identity-based
// policy or boundary applies to the request, and when it may (maybe) why
// that could not be decided.
func statementApplies(st *Statement, r *evalRequest) (answer, []Reason) {
	return elementsApply(st, r, func() []Reason {
		if st.Principal != nil || st.NotPrincipal != nil {
			return []Reason{unsupported("Principal/NotPrincipal in an identity-based policy or boundary (AWS rejects it there)")}
		}
		return nil
	})
}

// elementsApply is whether st's Effect, Action, Resource and Condition
// elements apply to the request; misplaced, when it returns reasons,
// makes an applying statement undecided (an element AWS rejects where st
// stands).
func elementsApply(st *Statement, r *evalRequest, misplaced func() []Reason) (answer, []Reason) {
	a, reasons := matchActionElement(st, r.Action)
	if a == no {
		return no, nil
	}
	res, why := matchResourceElement(st, r)
	if res == no {
		return no, nil
	}
	a, reasons = and(a, res), append(reasons, why...)
	if st.Effect != Allow && st.Effect != Deny {
		return maybe, append(reasons, unsupported(fmt.Sprintf("Effect %q is neither %q nor %q", st.Effect, Allow, Deny)))
	}
	if bad := misplaced(); len(bad) > 0 {
		return maybe, append(reasons, bad...)
	}
	c, why := evalConditions(st.Condition, &r.Request)
	if c == no {
		return no, nil
	}
	return and(a, c), append(reasons, why...)
}

// unsupported is a Reason of cause Unsupported.
func unsupported(text string) Reason { return Reason{Cause: Unsupported, Text: text} }

// matchActionElement evaluates Action or NotAction.
func matchActionElement(st *Statement, action string) (answer, []Reason) {
	switch {
	case len(st.Action) > 0 && len(st.NotAction) > 0:
		return maybe, []Reason{unsupported("statement has both Action and NotAction")}
	case len(st.Action) > 0:
		return of(anyMatch(st.Action, action, MatchAction)), nil
	case len(st.NotAction) > 0:
		return of(!anyMatch(st.NotAction, action, MatchAction)), nil
	default:
		return maybe, []Reason{unsupported("statement has neither Action nor NotAction")}
	}
}

// of turns a decided bool into an answer.
func of(b bool) answer {
	if b {
		return yes
	}
	return no
}

// not negates an answer.
func not(a answer) answer { return yes - a }

// matchResourceElement evaluates Resource or NotResource. Patterns with
// policy variables (${aws:username}) cannot be resolved without the
// request's principal and make the statement uncertain unless another
// pattern decides it; so do malformed patterns (arn.IsPattern: a Deny
// that AWS would apply must never be read as matching nothing), and
// a resource known in part that some completions match and others not.
func matchResourceElement(st *Statement, r *evalRequest) (answer, []Reason) {
	var patterns Strings
	negate := false
	switch {
	case len(st.Resource) > 0 && len(st.NotResource) > 0:
		return maybe, []Reason{unsupported("statement has both Resource and NotResource")}
	case len(st.Resource) > 0:
		patterns = st.Resource
	case len(st.NotResource) > 0:
		patterns, negate = st.NotResource, true
	default:
		return maybe, []Reason{unsupported("statement has neither Resource nor NotResource")}
	}
	matched, reasons := matchPatterns(patterns, r)
	if negate {
		return not(matched), reasons
	}
	return matched, reasons
}

// matchPatterns reports whether one of the patterns matches the
// request's resource.
func matchPatterns(patterns Strings, r *evalRequest) (answer, []Reason) {
	if r.resourceKnown && anyMatch(patterns, r.Resource, MatchResource) {
		return yes, nil
	}
	var reasons []Reason
	var maybes []string
	for _, p := range patterns {
		if strings.Contains(p, "${") {
			reasons = append(reasons, unsupported(fmt.Sprintf("resource pattern %q uses a policy variable, which is not resolved", p)))
			continue
		}
		if !arn.IsPattern(p) {
			reasons = append(reasons, unsupported(fmt.Sprintf("resource pattern %q is not a well-formed ARN pattern "+
				"(arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE), and how AWS matches it is not known", p)))
			continue
		}
		if r.resourceKnown {
			continue
		}
		switch may, must := partial.Match(p, r.Resource, partial.Mode{Glob: true}); {
		case must:
			return yes, nil
		case may:
			maybes = append(maybes, strconv.Quote(p))
		}
	}
	if len(maybes) > 0 {
		reasons = append(reasons, dependsOn("whether "+strings.Join(maybes, ", ")+" matches the resource", "", r.Resource))
	}
	if len(reasons) > 0 {
		return maybe, reasons
	}
	return no, nil
}

// dependsOn is the Reason of a match that depends on the holes of value:
// what, then the holes and why each is not known.
func dependsOn(what, key, value string) Reason {
	holes := partial.Holes(value)
	var names, whys []string
	for _, h := range holes {
		names = append(names, h.Label)
		if h.Why != "" {
			whys = append(whys, h.Why)
		}
	}
	text := what + " depends on " + strings.Join(names, ", ")
	if len(whys) > 0 {
		text += ": " + strings.Join(whys, "; ")
	}
	return Reason{Cause: UnknownValue, Key: key, Holes: holes, Text: text}
}

// anyMatch reports whether any pattern matches s.
func anyMatch(patterns Strings, s string, match func(pattern, s string) bool) bool {
	for _, p := range patterns {
		if match(p, s) {
			return true
		}
	}
	return false
}
