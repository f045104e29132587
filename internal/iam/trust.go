package iam

import (
	"fmt"
	"strings"
)

// EvaluateTrust decides whether a role's trust policy lets the AWS
// service principal service ("states.amazonaws.com") make req, the
// sts:AssumeRole request the service sends to assume the role, with the
// condition keys it sets (aws:SourceAccount, aws:SourceArn) in
// req.Context.
//
// A trust policy is the role's resource-based policy; for a service
// principal, which has no identity-based policy of its own, it alone
// decides (service control and resource control policies are out of
// scope), as in
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html:
// an explicit Deny that applies wins, else an Allow that applies allows,
// else the request is implicitly denied.
//
// A statement applies when its Principal names the service, its Action
// (or NotAction) matches req.Action, and its conditions hold, evaluated as
// by Evaluate (an unknown key leaves the statement uncertain). Principal
// names the service when it is "*" or when its Service entry is the
// service's name as the service defines it
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services).
// What that page leaves open is reported in Result.Uncertain, as by
// Evaluate, never guessed (docs/research/ecs-callers.md, section 7): the
// name in another case (AWS does not say whether it compares them
// case-sensitively), a regional form ("states.eu-west-1.amazonaws.com",
// which Step Functions accepts), a pattern, Principal {"AWS": "*"}
// (equivalent to "*" "for anonymous users"; not said for services), a
// Resource element. So is NotPrincipal, which AWS refuses there ("You
// cannot use the NotPrincipal element in ... an IAM role trust policy",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html),
// and a statement without Principal. Result.Allowing is not filled.
func EvaluateTrust(req Request, service string, trust Document) Result {
	var res Result
	deny, allow := false, false
	for si := range trust.Statement {
		st := &trust.Statement[si]
		applies, why := trustStatementApplies(st, req, service)
		switch {
		case why != "":
			res.Uncertain = append(res.Uncertain, fmt.Sprintf("%s (%s %s by %s): %s",
				statementLabel("trust", 0, si, st.Sid), st.Effect, req.Action, service, why))
		case !applies:
		case st.Effect == Deny:
			deny = true
		default:
			allow = true
		}
	}
	switch {
	case deny:
		res.Decision = ExplicitDeny
	case allow:
		res.Decision = Allowed
	default:
		res.Decision = ImplicitDeny
	}
	return res
}

// trustStatementApplies reports whether a trust policy statement applies
// to the service's request. A non-empty reason means it could not be
// decided.
func trustStatementApplies(st *Statement, req Request, service string) (bool, string) {
	if st.Effect != Allow && st.Effect != Deny {
		return false, fmt.Sprintf("Effect %q is neither %q nor %q", st.Effect, Allow, Deny)
	}
	principalOK, why := matchServicePrincipal(st, service)
	if why != "" || !principalOK {
		return false, why
	}
	actionOK, why := matchActionElement(st, req.Action)
	if why != "" || !actionOK {
		return false, why
	}
	if len(st.Resource) > 0 || len(st.NotResource) > 0 {
		return false, "a Resource or NotResource element in a trust policy is not evaluated"
	}
	return evalConditions(st.Condition, req)
}

// matchServicePrincipal reports whether the statement's Principal names
// the service principal. A non-empty reason means it could not be
// decided.
func matchServicePrincipal(st *Statement, service string) (bool, string) {
	switch {
	case st.NotPrincipal != nil:
		return false, "AWS does not accept NotPrincipal in a role trust policy"
	case st.Principal == nil:
		return false, "the statement has no Principal, which a trust policy statement needs"
	case st.Principal.Wildcard:
		return true, ""
	}
	for _, a := range st.Principal.ByType["AWS"] {
		if a == "*" {
			return false, `whether Principal {"AWS": "*"} includes the service principal ` + service + " is not evaluated"
		}
	}
	prefix, _, _ := strings.Cut(service, ".")
	for _, s := range st.Principal.ByType["Service"] {
		switch {
		case s == service:
			return true, ""
		case strings.EqualFold(s, service):
			return false, fmt.Sprintf("whether AWS takes %q for %s is not documented (case)", s, service)
		case strings.Contains(s, "*"):
			return false, fmt.Sprintf("whether the service principal pattern %q names %s is not evaluated", s, service)
		case hasPrefixFold(s, prefix+".") && strings.HasSuffix(strings.ToLower(s), ".amazonaws.com"):
			return false, fmt.Sprintf("whether %s assumes the role as the regional principal %q is not evaluated", service, s)
		}
	}
	return false, ""
}
