package iam

import (
	"fmt"
	"strconv"
	"strings"
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
	// Uncertain lists, one line each, the statements that match the action
	// and resource but could not be evaluated (an unsupported condition
	// operator, a condition on a key whose value is not known, a policy
	// variable, an invalid shape) and why. Such a
	// statement never counts as allowing; an uncertain Deny does not deny
	// either, so a caller must treat a non-empty Uncertain as "could not
	// decide", whatever Decision says.
	Uncertain []string
	// Allowing lists the Allow statements that apply; each prints as
	// "identity[0].Statement[2] Sid=\"PassRole\"" or "boundary.Statement[1]".
	Allowing []StatementRef
}

// StatementRef is the position of a statement among the documents given
// to Evaluate. Its label is built only when printed: a caller evaluating
// many requests rarely reads it.
type StatementRef struct {
	// Boundary is set for a statement of the permissions boundary.
	Boundary bool
	// Document is the index of the identity document (0 in the boundary).
	Document int
	// Statement is the index of the statement in its document.
	Statement int
	// Sid is the statement's Sid, "" when it has none.
	Sid string
}

// String returns "identity[0].Statement[2] Sid=\"PassRole\"" or
// "boundary.Statement[1]".
func (r StatementRef) String() string {
	where := "identity"
	if r.Boundary {
		where = "boundary"
	}
	return statementLabel(where, r.Document, r.Statement, r.Sid)
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
	identityDeny, identityAllow := evalDocuments(req, "identity", identity, &res, listAllowing)
	boundaryDeny, boundaryAllow := false, true
	if boundary != nil {
		boundaryDeny, boundaryAllow = evalDocuments(req, "boundary", []Document{*boundary}, &res, listAllowing)
	}
	switch {
	case identityDeny || boundaryDeny:
		res.Decision = ExplicitDeny
	case identityAllow && boundaryAllow:
		res.Decision = Allowed
	default:
		res.Decision = ImplicitDeny
	}
	return res
}

// evalDocuments evaluates every statement of docs, records uncertain and
// (when listAllowing is set) allowing statements in res, and reports
// whether some statement denies and whether some statement allows.
func evalDocuments(req Request, where string, docs []Document, res *Result, listAllowing bool) (deny, allow bool) {
	for di, doc := range docs {
		for si := range doc.Statement {
			st := &doc.Statement[si] // not a copy: a Statement is large
			applies, why := statementApplies(st, req)
			switch {
			case why != "":
				res.Uncertain = append(res.Uncertain, fmt.Sprintf("%s (%s %s on %s): %s",
					statementLabel(where, di, si, st.Sid), st.Effect, req.Action, req.Resource, why))
			case !applies:
			case st.Effect == Deny:
				deny = true
			default:
				allow = true
				if !listAllowing {
					continue
				}
				res.Allowing = append(res.Allowing, StatementRef{Boundary: where == "boundary", Document: di, Statement: si, Sid: st.Sid})
			}
		}
	}
	return deny, allow
}

// statementLabel names a statement in results: "identity[0].Statement[2]
// Sid=\"PassRole\"", "boundary.Statement[1]" or "trust.Statement[0]".
func statementLabel(where string, doc, stmt int, sid string) string {
	var label string
	if where == "boundary" || where == "trust" {
		label = where + ".Statement[" + strconv.Itoa(stmt) + "]"
	} else {
		label = where + "[" + strconv.Itoa(doc) + "].Statement[" + strconv.Itoa(stmt) + "]"
	}
	if sid != "" {
		label += " Sid=" + strconv.Quote(sid)
	}
	return label
}

// statementApplies reports whether st applies to the request. A non-empty
// reason means it could not be decided.
func statementApplies(st *Statement, req Request) (bool, string) {
	actionOK, why := matchActionElement(st, req.Action)
	if why != "" || !actionOK {
		return false, why
	}
	resourceOK, why := matchResourceElement(st, req.Resource)
	if why != "" || !resourceOK {
		return false, why
	}
	if st.Effect != Allow && st.Effect != Deny {
		return false, fmt.Sprintf("Effect %q is neither %q nor %q", st.Effect, Allow, Deny)
	}
	if st.Principal != nil || st.NotPrincipal != nil {
		return false, "Principal/NotPrincipal in an identity-based policy or boundary (AWS rejects it there)"
	}
	return evalConditions(st.Condition, req)
}

// matchActionElement evaluates Action or NotAction.
func matchActionElement(st *Statement, action string) (bool, string) {
	switch {
	case len(st.Action) > 0 && len(st.NotAction) > 0:
		return false, "statement has both Action and NotAction"
	case len(st.Action) > 0:
		return anyMatch(st.Action, action, MatchAction), ""
	case len(st.NotAction) > 0:
		return !anyMatch(st.NotAction, action, MatchAction), ""
	default:
		return false, "statement has neither Action nor NotAction"
	}
}

// matchResourceElement evaluates Resource or NotResource. Patterns with
// policy variables (${aws:username}) cannot be resolved without the
// request's principal and make the statement uncertain unless another
// pattern decides it.
func matchResourceElement(st *Statement, resource string) (bool, string) {
	var patterns Strings
	negate := false
	switch {
	case len(st.Resource) > 0 && len(st.NotResource) > 0:
		return false, "statement has both Resource and NotResource"
	case len(st.Resource) > 0:
		patterns = st.Resource
	case len(st.NotResource) > 0:
		patterns, negate = st.NotResource, true
	default:
		return false, "statement has neither Resource nor NotResource"
	}
	if anyMatch(patterns, resource, MatchResource) {
		return !negate, ""
	}
	for _, p := range patterns {
		if strings.Contains(p, "${") {
			return false, fmt.Sprintf("resource pattern %q uses a policy variable, which is not resolved", p)
		}
		if !wellFormedResource(p) {
			return false, fmt.Sprintf("resource pattern %q is not a well-formed ARN pattern "+
				"(arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE), and how AWS matches it is not known", p)
		}
	}
	return negate, ""
}

// wellFormedResource reports whether a Resource or NotResource pattern is
// "*" or an ARN pattern (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
// "arn:", a partition, a lower-case service, and six colon-separated
// parts, or fewer when the last one holds a "*" that stands for the rest.
// A pattern that is not, such as "ARN:aws:iam::1:role/x", "arn:aws:IAM::1:role/x"
// or a role name, matches nothing by MatchResource; whether AWS rejects
// the policy or matches it otherwise is not known here, so a statement
// with one is left undecided rather than taken as not applying: a Deny
// that AWS would apply must never be read as matching nothing.
func wellFormedResource(p string) bool {
	if p == "*" {
		return true
	}
	parts := strings.SplitN(p, ":", 6)
	if parts[0] != "arn" || len(parts) < 3 || parts[1] == "" {
		return false
	}
	if len(parts) < 6 && !strings.Contains(parts[len(parts)-1], "*") {
		return false
	}
	return strings.ToLower(parts[2]) == parts[2]
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
