package iam

import (
	"fmt"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
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
	direct, _ := evaluateTrust(req, "by "+service, func(p *Principal) (answer, answer, []Reason) {
		a, why := matchServicePrincipal(p, service)
		return a, no, why
	}, trust)
	return direct
}

// EvaluateRoleTrust decides whether a role's trust policy lets the role
// roleARN (a value that may be known in part) assume it with req, the
// sts:AssumeRole request that role's session sends: Step Functions
// assuming a Task state's Credentials role with the state machine's role.
//
// A role trust policy must allow the caller explicitly: "role trust
// policies and KMS key policies are exceptions to this logic, because
// they must explicitly allow access for principals"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).
// How it names the caller decides whether the caller's identity policy
// must allow sts:AssumeRole too, so the answer comes in two parts:
//
//   - direct: the statements that name the role itself, or "*", as
//     {"AWS": ARN}. In the role's own account such a grant is enough on
//     its own ("Resource-based policies that grant permissions to an IAM
//     role ARN ... [are] limited by an implicit deny in a permissions
//     boundary or session policy", same page; "no additional
//     identity-based policy is required",
//     https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html);
//   - viaAccount: the statements that name the caller's account
//     ({"AWS": "ACCOUNT"} or ...:root), which delegate to the account:
//     the caller's identity policy must then allow sts:AssumeRole ("as
//     long as the role's trust policy trusts the account", same STS
//     page), as it must across accounts whatever the trust names.
//
// An explicit Deny that names the role, its account or "*" wins in both.
// A session principal (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION)
// of the role is uncertain: the session name Step Functions uses is not
// documented. So is a wildcard inside an AWS principal, which AWS does
// not accept, and a principal ID, which stands for a deleted role
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
// docs/research/credentials-trust.md gathers the sources.
func EvaluateRoleTrust(req Request, roleARN string, trust Document) (direct, viaAccount Result) {
	account := accountOf(roleARN)
	return evaluateTrust(req, "by "+partial.Display(roleARN), func(p *Principal) (answer, answer, []Reason) {
		return matchRolePrincipal(p, roleARN, account)
	}, trust)
}

// EvaluateResourcePolicy decides whether a resource-based policy (a
// Lambda function's, a topic's, a queue's, an event bus's) lets the role
// roleARN make req, as EvaluateRoleTrust decides a trust policy, and with
// the same two parts: direct, the statements that name the role itself
// or "*" as {"AWS": ...}, and viaAccount, those that name its account.
// Within one account an Allow in direct allows what the role's identity
// policies do not ("If either the identity-based policy or the
// resource-based policy within the same account allows the request ...,
// the request is still allowed", limited by the role's permissions
// boundary); an Allow that names the account only delegates to it, so
// the identity policies must allow too
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html;
// docs/research/resource-policies.md).
//
// Unlike a trust policy, a statement's Resource and NotResource are
// evaluated, as for identity-based policies. NotPrincipal, which AWS
// accepts in resource-based policies, is left uncertain.
func EvaluateResourcePolicy(req Request, roleARN string, policy Document) (direct, viaAccount Result) {
	account := accountOf(roleARN)
	r := newEvalRequest(req)
	return evaluatePrincipals(req, "by "+partial.Display(roleARN), func(p *Principal) (answer, answer, []Reason) {
		return matchRolePrincipal(p, roleARN, account)
	}, policy, "NotPrincipal is not evaluated", func(st *Statement) (answer, []Reason) {
		return resourcePolicyStatementApplies(st, r)
	})
}

// resourcePolicyStatementApplies reports whether a statement of a
// resource-based policy applies to the request, Principal aside.
func resourcePolicyStatementApplies(st *Statement, r *evalRequest) (answer, []Reason) {
	return elementsApply(st, r, func() []Reason { return nil })
}

// principalMatch says whether a statement's Principal names the caller
// directly and whether it names the caller's account.
type principalMatch func(p *Principal) (direct, account answer, why []Reason)

// evaluateTrust evaluates every statement of a trust policy for the
// caller that match recognises.
func evaluateTrust(req Request, on string, match principalMatch, trust Document) (direct, viaAccount Result) {
	r := newEvalRequest(req)
	return evaluatePrincipals(req, on, match, trust, "AWS does not accept NotPrincipal in a role trust policy", func(st *Statement) (answer, []Reason) {
		return trustStatementApplies(st, r)
	})
}

// evaluatePrincipals evaluates every statement of a policy with
// principals (a trust policy, a resource-based policy) for the caller
// that match recognises; applies says whether a statement applies to the
// request, its Principal aside; notPrincipal says why a NotPrincipal
// leaves a statement uncertain.
func evaluatePrincipals(req Request, on string, match principalMatch, doc Document, notPrincipal string,
	applies func(st *Statement) (answer, []Reason)) (direct, viaAccount Result) {
	var d, a tally
	for si := range doc.Statement {
		st := &doc.Statement[si]
		rest, why := applies(st)
		if rest == no {
			continue
		}
		var byDirect, byAccount answer
		var whyPrincipal []Reason
		switch {
		case st.NotPrincipal != nil:
			byDirect, whyPrincipal = maybe, []Reason{unsupported(notPrincipal)}
		case st.Principal == nil:
			byDirect, whyPrincipal = maybe, []Reason{unsupported("the statement has no Principal, which a statement of a trust or resource-based policy needs")}
		default:
			byDirect, byAccount, whyPrincipal = match(st.Principal)
		}
		ref := StatementRef{Where: Trust, Statement: si, Sid: st.Sid}
		tallyTrust := func(t *tally, by answer) {
			ans := and(by, rest)
			reasons := append(append([]Reason(nil), whyPrincipal...), why...)
			switch {
			case ans == maybe && st.Effect == Deny:
				t.mayDeny = append(t.mayDeny, Uncertainty{Statement: ref, Effect: st.Effect, On: req.Action + " " + on, Reasons: reasons})
			case ans == maybe:
				t.mayAllow = append(t.mayAllow, Uncertainty{Statement: ref, Effect: st.Effect, On: req.Action + " " + on, Reasons: reasons})
			case ans == yes && st.Effect == Deny:
				t.deny = true
			case ans == yes:
				t.allow = true
			}
		}
		if st.Effect == Deny {
			// A Deny of the account denies each of its principals.
			byDirect = max(byDirect, byAccount)
			byAccount = byDirect
		}
		tallyTrust(&d, byDirect)
		tallyTrust(&a, byAccount)
	}
	combine(&direct, d, tally{}, false)
	combine(&viaAccount, a, tally{}, false)
	return direct, viaAccount
}

// trustStatementApplies reports whether a trust policy statement's
// Effect, Action and conditions apply to the request, its Principal
// aside.
func trustStatementApplies(st *Statement, r *evalRequest) (answer, []Reason) {
	if st.Effect != Allow && st.Effect != Deny {
		return maybe, []Reason{unsupported(fmt.Sprintf("Effect %q is neither %q nor %q", st.Effect, Allow, Deny))}
	}
	a, reasons := matchActionElement(st, r.Action)
	if a == no {
		return no, nil
	}
	if len(st.Resource) > 0 || len(st.NotResource) > 0 {
		a, reasons = maybe, append(reasons, unsupported("a Resource or NotResource element in a trust policy is not evaluated"))
	}
	c, why := evalConditions(st.Condition, &r.Request)
	if c == no {
		return no, nil
	}
	return and(a, c), append(reasons, why...)
}

// matchServicePrincipal reports whether a Principal names the service
// principal.
func matchServicePrincipal(p *Principal, service string) (answer, []Reason) {
	if p.Wildcard {
		return yes, nil
	}
	for _, a := range p.ByType["AWS"] {
		if a == "*" {
			return maybe, []Reason{unsupported(`whether Principal {"AWS": "*"} includes the service principal ` + service + " is not evaluated")}
		}
	}
	prefix, _, _ := strings.Cut(service, ".")
	for _, s := range p.ByType["Service"] {
		switch {
		case s == service:
			return yes, nil
		case strings.EqualFold(s, service):
			return maybe, []Reason{unsupported(fmt.Sprintf("whether AWS takes %q for %s is not documented (case)", s, service))}
		case strings.Contains(s, "*"):
			return maybe, []Reason{unsupported(fmt.Sprintf("whether the service principal pattern %q names %s is not evaluated", s, service))}
		case hasPrefixFold(s, prefix+".") && strings.HasSuffix(strings.ToLower(s), ".amazonaws.com"):
			return maybe, []Reason{unsupported(fmt.Sprintf("whether %s assumes the role as the regional principal %q is not evaluated", service, s))}
		}
	}
	return no, nil
}

// matchRolePrincipal reports whether a Principal names the role roleARN
// (of account account) itself, and whether it names its account.
func matchRolePrincipal(p *Principal, roleARN, account string) (direct, byAccount answer, why []Reason) {
	if p.Wildcard {
		return yes, no, nil
	}
	for _, v := range p.ByType["AWS"] {
		switch {
		case v == "*":
			direct = yes
		case strings.ContainsAny(v, "*?"):
			direct = max(direct, maybe)
			why = append(why, unsupported(fmt.Sprintf("AWS does not accept the wildcard in the principal %q", v)))
		case isAccountPrincipal(v):
			may, must := partial.Match(accountOfPrincipal(v), account, partial.Mode{})
			byAccount = max(byAccount, answerOf(may, must))
			if may && !must {
				why = append(why, dependsOn("whether the principal "+v+" is the caller's account", "", account))
			}
		case strings.Contains(v, ":assumed-role/"):
			direct = max(direct, maybe)
			why = append(why, unsupported(fmt.Sprintf("the principal %q is a role session, and the session name "+
				"Step Functions uses is not documented", v)))
		case !arn.HasPrefix(v):
			direct = max(direct, maybe)
			why = append(why, unsupported(fmt.Sprintf("the principal %q is neither an ARN nor an account: a principal ID "+
				"stands for a role or user that was deleted, and which it is is not known here", v)))
		default:
			may, must := partial.Match(v, roleARN, partial.Mode{})
			direct = max(direct, answerOf(may, must))
			if may && !must {
				why = append(why, dependsOn("whether the principal "+v+" is the caller's role", "", roleARN))
			}
		}
	}
	return direct, byAccount, why
}

// answerOf turns Match's answer into an answer.
func answerOf(may, must bool) answer {
	switch {
	case must:
		return yes
	case may:
		return maybe
	default:
		return no
	}
}

// isAccountPrincipal reports whether an AWS principal names an account:
// its 12-digit ID or arn:PARTITION:iam::ID:root.
func isAccountPrincipal(v string) bool {
	a, ok := arn.Parse(v)
	return arn.IsAccountID(v) || (ok && a.Service == "iam" && a.Resource == "root")
}

// accountOfPrincipal returns the account an account principal names.
func accountOfPrincipal(v string) string {
	if arn.IsAccountID(v) {
		return v
	}
	return accountOf(v)
}

// accountOf returns the account part of an ARN (which may be known in
// part: its holes hold no colon), "" when it is not an ARN.
func accountOf(s string) string {
	a, _ := arn.Parse(s)
	return a.AccountID
}
