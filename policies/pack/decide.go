package pack

import (
	"maps"
	"slices"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/internal/partial"
	"batchpipeline/policies/pack/stackmodel"
)

// decide is the one path from a request to its verdict, whatever made the
// request: the principal's identity policies (and permissions boundary)
// for a call or a role passed; the assumed role's trust policy for a
// service assuming it; both, as AWS combines them, for a role assuming
// another. A request AWS may not make at all (Unsure) is never denied,
// only undecided.
func (s *stack) decide(r *request) verdict {
	var v verdict
	switch {
	case r.Kind == integrations.AssumeRoleRequest && r.By == integrations.ServicePrincipal:
		v = s.decideServiceTrust(r)
	case r.Kind == integrations.AssumeRoleRequest:
		v = s.decideRoleAssumption(r)
	default:
		v = s.decideIdentity(r)
	}
	if v.outcome != denied {
		return v
	}
	if r.ResourcePolicy != "" && !v.has(explicitDeny) && r.principal != nil && r.principal.Role != nil &&
		sameAccount(r.principal.ARN, r.Resource) != integrations.No {
		// Within one account a resource-based policy that names the role
		// allows what its identity policies do not; across accounts both
		// must allow.
		v = s.decideResourcePolicy(r, v)
		if v.outcome != denied {
			return v
		}
	}
	unsure := r.Unsure
	if unsure == "" && r.unsure != nil {
		unsure = r.unsure()
	}
	if unsure != "" {
		v = verdict{outcome: undecided, reasons: append(v.reasons, reason{kind: unsureNeed, detail: unsure})}
	}
	return v
}

// decideResourcePolicy decides a request its principal's identity
// policies do not allow (identity) through the resource-based policy of
// the resource it acts on, as the stack shows it
// (docs/research/resource-policies.md): allowed when a statement naming
// the role (or "*") allows it, within the role's permissions boundary;
// denied when the resource and every document of its policy are in the
// stack and none can; undecided otherwise, the resource outside the stack
// or a document not known at this preview.
func (s *stack) decideResourcePolicy(r *request, identity verdict) verdict {
	rp, ok := s.ResourcePolicyOf(r.Resource)
	if !ok {
		return verdict{outcome: undecided, reasons: append(identity.reasons, reason{kind: resourcePolicyMay, doc: r.ResourcePolicy})}
	}
	var open []reason
	allows := false
	for _, d := range rp.Docs {
		switch d.Kind() {
		case stackmodel.DocUnknown:
			open = append(open, reason{kind: unknownDocument, doc: d.Label})
		case stackmodel.DocKnown:
			direct, _ := iam.EvaluateResourcePolicy(iamRequest(r), r.principal.ARN, d.Parsed())
			switch {
			case direct.Decision == iam.ExplicitDeny:
				return verdict{outcome: denied, reasons: []reason{{kind: explicitDeny, doc: d.Label, detail: r.Action}}}
			case len(direct.Uncertain) > 0:
				for i := range direct.Uncertain {
					open = append(open, reason{kind: uncertainStatement, doc: d.Label, statement: &direct.Uncertain[i]})
				}
			case direct.Decision == iam.Allowed:
				allows = true
			}
		}
	}
	switch {
	case allows:
		return and(verdict{outcome: allowed}, s.boundaryVerdict(r))
	case len(open) > 0:
		return verdict{outcome: undecided, reasons: append(identity.reasons, open...)}
	}
	return verdict{outcome: denied, reasons: append(identity.reasons, reason{kind: resourcePolicyLacks, doc: rp.Label,
		detail: r.principal.Label})}
}

// iamRequest is the part of r IAM evaluates.
func iamRequest(r *request) iam.Request {
	return iam.Request{Action: r.Action, Resource: r.Resource, Context: r.Context}
}

// decideIdentity decides r for its principal's identity policies.
func (s *stack) decideIdentity(r *request) verdict {
	p := r.principal
	switch {
	case p == nil:
		return verdict{outcome: denied, reasons: []reason{{kind: noRole, detail: r.caller.starter.Role.Prop}}}
	case p.Role == nil:
		return verdict{outcome: undecided, reasons: []reason{{kind: unresolvedRole,
			detail: "the permissions of " + p.Label + " cannot be read: " + p.Why}}}
	}
	v := s.evaluate(p.Role, iamRequest(r), r.Target, r.Kind == integrations.PassRoleRequest)
	if v.outcome == allowed && r.Deploy && r.caller.kind == machineCaller {
		return s.grantedBeforeMachine(r, p.Role)
	}
	return v
}

// grantedBeforeMachine decides an allowed request that AWS checks when the
// state machine is created or updated (Request.Deploy): a statement that
// allows it must be on the role by then, so the state machine must wait
// for (depend on) a resource that attaches one. Otherwise the engine may
// create or update both at once and the deploy fails; nothing says which
// comes first.
func (s *stack) grantedBeforeMachine(r *request, ro *stackmodel.Role) verdict {
	v := ro.View()
	m := r.caller.machine
	var after []string
	for _, ref := range iam.Evaluate(iamRequest(r), v.Parsed, v.Boundary).Allowing {
		if ref.Where != iam.Identity || ref.Document >= len(v.ParsedSources) {
			continue
		}
		d := v.ParsedSources[ref.Document]
		if s.DependsOn(m.Resource, d.AttachedBy) {
			return verdict{outcome: allowed}
		}
		if name := s.NameOf(d.AttachedBy); !slices.Contains(after, name) {
			after = append(after, name)
		}
	}
	if len(after) == 0 { // allowed by no statement of its own: nothing to order
		return verdict{outcome: allowed}
	}
	return verdict{outcome: denied, reasons: []reason{{kind: grantedAfterMachine, doc: strings.Join(after, ", "),
		detail: m.Label()}}}
}

// evaluate decides one request for role ro. An unknown document (built
// from outputs at a first preview) may allow anything, so it leaves the
// request undecided; target is the URN of the stack resource acted on
// ("" for none). With strict set, an unknown document that is not built
// from target is taken as not allowing the request: it cannot name the ARN
// of a resource it does not depend on. The pack is strict for iam:PassRole
// only, where that rule catches the classic mistake (a role policy that
// forgets the task's roles) at a first preview; any other request an
// unknown document may meet stays undecided.
func (s *stack) evaluate(ro *stackmodel.Role, req iam.Request, target string, strict bool) verdict {
	v := ro.View()
	res := iam.Decide(req, v.Parsed, v.Boundary)
	if res.Decision == iam.ExplicitDeny {
		return verdict{outcome: denied, reasons: []reason{s.denyReason(req, v, ro)}}
	}
	if v.Boundary != nil {
		b := iam.Decide(req, []iam.Document{*v.Boundary}, nil)
		if b.Decision != iam.Allowed && len(b.Uncertain) == 0 {
			return verdict{outcome: denied, reasons: []reason{{kind: boundaryDenies, doc: ro.Boundary.Label, detail: req.Action}}}
		}
	}
	var open []reason
	for i := range res.Uncertain {
		open = append(open, uncertain(&res.Uncertain[i], v, ro))
	}
	if res.Decision == iam.Allowed {
		for i := range open {
			open[i].allowedBut = true
		}
		if v.BoundaryOpen != "" {
			open = append(open, reason{kind: unknownBoundary, detail: v.BoundaryOpen})
		}
		if len(open) == 0 {
			return verdict{outcome: allowed}
		}
		return verdict{outcome: undecided, reasons: open}
	}
	var probable, unrelated []*stackmodel.Document
	for _, d := range v.Unknown {
		if target != "" && d.DependsOn(target) {
			probable = append(probable, d)
		} else {
			unrelated = append(unrelated, d)
		}
	}
	for _, d := range probable {
		open = append(open, reason{kind: probableDocument, doc: d.Label, detail: s.NameOf(target)})
	}
	for _, d := range v.External {
		open = append(open, reason{kind: externalDocument, doc: d.Label, detail: d.Why()})
	}
	if target == "" || !strict {
		for _, d := range unrelated {
			open = append(open, reason{kind: unknownDocument, doc: d.Label})
		}
	}
	if len(open) > 0 {
		return verdict{outcome: undecided, reasons: open}
	}
	var why []reason
	switch {
	case len(ro.Sources) == 0:
		why = append(why, reason{kind: noPolicy, doc: ro.Label()})
	case len(v.Parsed) > 0:
		why = append(why, reason{kind: noStatement, count: len(v.Parsed)})
	}
	for _, d := range unrelated {
		why = append(why, reason{kind: unrelatedDocument, doc: d.Label, detail: s.NameOf(target)})
	}
	for _, d := range v.Invalid {
		why = append(why, reason{kind: invalidDocument, doc: d.Label, detail: d.Why()})
	}
	return verdict{outcome: denied, reasons: append(why, ruledOutKeys(req, "", func(r iam.Request) bool {
		x := iam.Decide(r, v.Parsed, v.Boundary)
		return x.Decision != iam.Allowed && len(x.Uncertain) == 0
	})...)}
}

// ruledOutKeys names the condition keys of req whose values rule it out:
// those without which the request would not be denied (stillDenied says
// whether it is). setter names what sets the keys, for a trust policy.
func ruledOutKeys(req iam.Request, setter string, stillDenied func(iam.Request) bool) []reason {
	var out []reason
	for _, k := range slices.Sorted(maps.Keys(req.Context)) {
		without := req
		without.Context = maps.Clone(req.Context)
		delete(without.Context, k)
		if !stillDenied(without) {
			out = append(out, reason{kind: ruledOut, detail: k, value: req.Context[k], setter: setter})
		}
	}
	return out
}

// uncertain turns a statement Evaluate could not decide into a reason
// naming its document.
func uncertain(u *iam.Uncertainty, v *stackmodel.RoleView, ro *stackmodel.Role) reason {
	doc := ""
	switch {
	case u.Statement.Where == iam.Boundary && ro.Boundary != nil:
		doc = "the permissions boundary " + ro.Boundary.Label
	case u.Statement.Where == iam.Identity && u.Statement.Document < len(v.ParsedSources):
		doc = v.ParsedSources[u.Statement.Document].Label
	}
	return reason{kind: uncertainStatement, doc: doc, statement: u}
}

// denyReason names the documents whose Deny statements apply.
func (s *stack) denyReason(req iam.Request, v *stackmodel.RoleView, ro *stackmodel.Role) reason {
	var by []string
	for _, d := range v.ParsedSources {
		if iam.Decide(req, []iam.Document{d.Parsed()}, nil).Decision == iam.ExplicitDeny {
			by = append(by, d.Label)
		}
	}
	if b := ro.Boundary; b != nil && b.Kind() == stackmodel.DocKnown &&
		iam.Decide(req, []iam.Document{b.Parsed()}, nil).Decision == iam.ExplicitDeny {
		by = append(by, "its permissions boundary "+b.Label)
	}
	return reason{kind: explicitDeny, doc: joinLabels(by), detail: req.Action}
}

// trustDocument returns the assumed role's trust policy when the pack can
// read it, or the verdict that it cannot.
func trustDocument(a *stackmodel.ResolvedRole) (*stackmodel.Document, verdict, bool) {
	switch {
	case a == nil || a.Role == nil:
		why := "its trust policy cannot be read"
		if a != nil {
			why += ": " + a.Why
		}
		return nil, verdict{outcome: undecided, reasons: []reason{{kind: unresolvedRole, detail: why}}}, false
	case a.Role.Trust == nil:
		return nil, verdict{outcome: moot}, false
	}
	doc := a.Role.Trust
	switch doc.Kind() {
	case stackmodel.DocKnown:
		return doc, verdict{}, true
	case stackmodel.DocUnknown:
		return nil, verdict{outcome: undecided, reasons: []reason{{kind: unknownDocument, doc: doc.Label}}}, false
	default:
		return nil, verdict{outcome: denied, reasons: []reason{{kind: invalidDocument, doc: doc.Label,
			detail: doc.Why() + " (creating the role fails)"}}}, false
	}
}

// decideServiceTrust decides whether a service may assume a role: its
// trust policy alone decides for a service principal
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
// A denial names the condition key whose value rules the request out, if
// one does, and the value unless it is secret.
func (s *stack) decideServiceTrust(r *request) verdict {
	doc, v, ok := trustDocument(r.assumed)
	if !ok {
		return v
	}
	req := iamRequest(r)
	res := iam.EvaluateTrust(req, r.Service, doc.Parsed())
	if v, done := trustVerdict(res, r.Service); done {
		return v
	}
	as := integrations.Assumption{Service: r.Service}
	out := verdict{outcome: denied, reasons: []reason{{kind: trustLacks, detail: r.Service}}}
	for _, k := range ruledOutKeys(req, r.Service, func(without iam.Request) bool {
		x := iam.EvaluateTrust(without, r.Service, doc.Parsed())
		return x.Decision == iam.ImplicitDeny && len(x.Uncertain) == 0
	}) {
		k.doc = as.KeyLabel(k.detail)
		k.secret = r.caller.hides()
		out.reasons = append(out.reasons, k)
	}
	return out
}

// trustVerdict is the verdict of a trust policy's answer when it settles
// it: an explicit Deny, an undecided statement, an Allow; done is false
// for an implicit deny, which the caller explains.
func trustVerdict(res iam.Result, principal string) (verdict, bool) {
	switch {
	case res.Decision == iam.ExplicitDeny:
		return verdict{outcome: denied, reasons: []reason{{kind: trustDenies, detail: principal}}}, true
	case len(res.Uncertain) > 0:
		var open []reason
		for i := range res.Uncertain {
			open = append(open, reason{kind: uncertainStatement, doc: "its trust policy's", statement: &res.Uncertain[i]})
		}
		return verdict{outcome: undecided, reasons: open}, true
	case res.Decision == iam.Allowed:
		return verdict{outcome: allowed}, true
	}
	return verdict{}, false
}

// decideRoleAssumption decides whether the state machine's role may
// assume a Task state's Credentials role, as AWS combines the role's
// trust policy with the caller's identity policies
// (docs/research/credentials-trust.md, section 6): the trust policy must
// allow the caller explicitly; in the same account a statement naming the
// caller's role ARN (or "*") is enough on its own, within the caller's
// permissions boundary, while one naming its account delegates to the
// caller's identity policies; across accounts both must allow.
func (s *stack) decideRoleAssumption(r *request) verdict {
	identity := s.decideIdentity(r)
	label := r.principalLabel()
	callerARN := ""
	if r.principal != nil {
		callerARN = r.principal.ARN
	}
	// named is what the trust policy says of statements naming the
	// caller's role, byAccount of those naming its account: unknown both
	// when the pack cannot read the trust policy or the caller's ARN.
	doc, named, ok := trustDocument(r.assumed)
	byAccount := named
	switch {
	case ok && callerARN == "":
		named = verdict{outcome: undecided, reasons: []reason{{kind: unresolvedRole,
			detail: "the ARN of " + label + " is not known, so whether the trust policy names it is not either"}}}
		byAccount = named
	case ok:
		direct, viaAccount := iam.EvaluateRoleTrust(iamRequest(r), callerARN, doc.Parsed())
		named, byAccount = trustSide(direct, label), trustSide(viaAccount, label)
	case named.outcome == moot:
		named = verdict{outcome: undecided, reasons: []reason{{kind: unknownDocument, doc: "the trust policy of " + r.assumed.Label}}}
		byAccount = named
	}
	if byAccount.outcome == allowed && identity.outcome == denied {
		identity.reasons = []reason{{kind: trustNeedsIdentity, detail: label, doc: joinTexts(identity.texts(false))}}
	}
	boundary := s.boundaryVerdict(r)
	same := or(and(named, boundary), and(byAccount, identity))
	cross := and(or(named, byAccount), identity)
	switch sameAccount(callerARN, r.Resource) {
	case integrations.Yes:
		return same
	case integrations.No:
		return cross
	}
	if same.outcome == cross.outcome {
		return same
	}
	return verdict{outcome: undecided, reasons: append(same.reasons, reason{kind: unresolvedRole,
		detail: "whether the role is in the account of " + label + " is not known at this preview"})}
}

// trustSide is the verdict of one part of EvaluateRoleTrust's answer.
func trustSide(res iam.Result, principal string) verdict {
	if v, done := trustVerdict(res, principal); done {
		return v
	}
	return verdict{outcome: denied, reasons: []reason{{kind: trustLacks, detail: principal}}}
}

// boundaryVerdict is what the principal's permissions boundary says of
// r: "Resource-based policies that grant permissions to an IAM role ARN
// ... are limited by an implicit deny in a permissions boundary"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).
func (s *stack) boundaryVerdict(r *request) verdict {
	if r.principal == nil || r.principal.Role == nil {
		return verdict{outcome: undecided}
	}
	ro := r.principal.Role
	v := ro.View()
	switch {
	case v.Boundary != nil:
		b := iam.Decide(iamRequest(r), []iam.Document{*v.Boundary}, nil)
		switch {
		case len(b.Uncertain) > 0:
			return verdict{outcome: undecided, reasons: []reason{uncertain(&b.Uncertain[0], v, ro)}}
		case b.Decision != iam.Allowed:
			return verdict{outcome: denied, reasons: []reason{{kind: boundaryDenies, doc: ro.Boundary.Label, detail: r.Action}}}
		}
	case v.BoundaryOpen != "":
		return verdict{outcome: undecided, reasons: []reason{{kind: unknownBoundary, detail: v.BoundaryOpen}}}
	}
	return verdict{outcome: allowed}
}

// sameAccount says whether two ARNs are of one account; Maybe when either
// account is not known.
func sameAccount(a, b string) integrations.Tri {
	x, okX := arn.Parse(a)
	y, okY := arn.Parse(b)
	// An ARN without account (an S3 bucket's) does not say whose it is.
	if !okX || !okY || !partial.Known(x.AccountID) || !partial.Known(y.AccountID) || x.AccountID == "" || y.AccountID == "" {
		return integrations.Maybe
	}
	if x.AccountID == y.AccountID {
		return integrations.Yes
	}
	return integrations.No
}

// and is the verdict of two requirements that must both hold: denied if
// either is, else undecided if either is.
func and(a, b verdict) verdict { return strongest(a, b, denied, undecided, allowed) }

// or is the verdict of two ways of which one is enough: allowed if either
// is, else undecided if either is.
func or(a, b verdict) verdict { return strongest(a, b, allowed, undecided, denied) }

// strongest returns the verdict of a and b with the first outcome of rank
// either has, and the reasons of each that has it.
func strongest(a, b verdict, rank ...outcome) verdict {
	for _, o := range rank {
		switch {
		case a.outcome == o && b.outcome == o:
			return verdict{outcome: o, reasons: append(slices.Clone(a.reasons), b.reasons...)}
		case a.outcome == o:
			return a
		case b.outcome == o:
			return b
		}
	}
	return a
}
