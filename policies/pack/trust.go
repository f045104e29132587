package pack

import (
	"batchpipeline/internal/arn"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// assumer is a role of the stack that an AWS service assumes for a
// caller: a state machine's (Step Functions), an ECS target's or a state
// machine starter's (EventBridge, Scheduler), a task definition's
// execution or task role (ECS). Its trust policy is decided once per
// stack model (trustMemo): two policies read it.
type assumer struct {
	urn, label string
	service    string
	// property names the role's property for ECS roles
	// (integrations.Assumption.Property).
	property string
	role     stackmodel.RoleRef
	// unsure, when set, says why a role the service cannot assume may
	// not fail ("" when it certainly does): ECS may not need an execution
	// role. It is asked only of a role the service cannot assume.
	unsure func() string
	// ownARN is the caller's own ARN when known (the state machine's, the
	// schedule's): it fixes the account and region of the request.
	ownARN string
	// source builds the aws:SourceArn the service sets, in a candidate
	// account; "" when it cannot be built. secret is set when it is built
	// from a secret name, never printed.
	source func(a integrations.Account) string
	secret bool
	memo   *trustMemo
}

// trustMemo holds the verdict on one assumer's role.
type trustMemo struct {
	once sync.Once
	v    trustVerdict
}

// trustVerdict is what the stack says about one service assuming one
// role.
type trustVerdict struct {
	role stackmodel.ResolvedRole
	z    authz
	// skip is set when there is nothing to judge: no role, or a role
	// without trust policy (which the provider refuses before any policy).
	skip bool
}

// newAssumers lists the roles AWS services assume for the stack's
// callers: each state machine's, the role of each schedule or EventBridge
// target that runs an ECS task or starts a state machine of the stack
// (the targets whose role the service certainly assumes), and each task
// definition's execution and task role.
func (s *stack) newAssumers() []assumer {
	var out []assumer
	for _, m := range s.Machines {
		out = append(out, assumer{
			urn: m.Resource.URN, label: m.Label(), service: integrations.StatesService, role: m.Role,
			ownARN: m.ARN, secret: m.NameSecret,
			source: func(a integrations.Account) string {
				if m.ARN != "" {
					return m.ARN
				}
				if m.Name == "" {
					return ""
				}
				return a.StateMachineARN(m.Name)
			},
		})
	}
	for _, sr := range s.Starters {
		if m, _ := s.TargetMachine(sr); sr.ECS == nil && m == nil {
			continue
		}
		as := assumer{urn: sr.Resource.URN, label: sr.Label(), role: sr.Role}
		if sr.Resource.Type == stackmodel.TypeSchedule {
			as.service = integrations.SchedulerService
			if a, kn := stackmodel.ReadString(sr.Resource.Properties, "arn"); kn == stackmodel.Known {
				as.ownARN = a
			}
			as.source = func(a integrations.Account) string {
				if sr.Group == "" {
					return ""
				}
				return a.ScheduleGroupARN(sr.Group)
			}
		} else {
			as.service = integrations.EventsService
			as.source = func(a integrations.Account) string {
				if sr.Rule == "" || sr.Bus == "" {
					return ""
				}
				return a.RuleARN(sr.Bus, sr.Rule)
			}
		}
		out = append(out, as)
	}
	for _, td := range s.TaskDefs {
		for _, r := range []struct {
			property string
			ref      stackmodel.RoleRef
		}{{"executionRoleArn", td.ExecutionRole}, {"taskRoleArn", td.TaskRole}} {
			as := assumer{urn: td.Resource.URN, label: td.Label() + " (" + r.property + ")", service: integrations.ECSTasksService,
				property: r.property, role: r.ref, source: func(integrations.Account) string { return "" }}
			if r.property == "executionRoleArn" {
				as.unsure = func() string { return executionRoleUnsure(td) }
			}
			out = append(out, as)
		}
	}
	for i := range out {
		out[i].memo = &trustMemo{}
	}
	return out
}

// assumption is the request as's service makes, before the account and
// source are known.
func (as assumer) assumption() integrations.Assumption {
	return integrations.Assumption{Service: as.service, Property: as.property}
}

// checkTrust runs a trust policy's check: msg's message for every
// assumer whose verdict has outcome o.
func (s *stack) checkTrust(rep reporter, o outcome, msg func(assumer, trustVerdict) string) {
	rep.checkAll(len(s.assumers), func(i int) string { return s.assumers[i].urn }, func(i int) string {
		as := s.assumers[i]
		if v := s.trust(as); !v.skip && v.z.outcome == o {
			return msg(as, v)
		}
		return ""
	})
}

// trust returns the verdict on as, decided on first use.
func (s *stack) trust(as assumer) trustVerdict {
	as.memo.once.Do(func() { as.memo.v = s.judgeTrust(as) })
	return as.memo.v
}

// judgeTrust decides whether the service may assume the role, in every
// candidate account of the request.
func (s *stack) judgeTrust(as assumer) trustVerdict {
	if as.role.Knownness == stackmodel.Missing {
		return trustVerdict{skip: true}
	}
	rr := s.ResolveRole(as.role)
	v := trustVerdict{role: rr}
	switch {
	case rr.Role == nil:
		v.z = authz{outcome: undecided, reasons: []string{"its trust policy cannot be read: " + rr.Why}}
		return v
	case rr.Role.Trust == nil:
		v.skip = true
		return v
	}
	doc := rr.Role.Trust
	switch doc.Kind() {
	case stackmodel.DocUnknown:
		v.z = authz{outcome: undecided, reasons: []string{doc.Label + " is unknown at this preview"}}
		return v
	case stackmodel.DocKnown:
	default:
		v.z = authz{outcome: denied, reasons: []string{fmt.Sprintf(
			"%s grants nothing: %s (creating the role fails)", doc.Label, doc.Why())}}
		return v
	}
	roleARN := ""
	if len(rr.ARNs) == 1 {
		roleARN = rr.ARNs[0]
	}
	var zs []authz
	for _, a := range s.assumptions(as, rr) {
		zs = append(zs, trustAuthz(a, roleARN, doc.Parsed(), as.secret))
	}
	v.z = zs[0]
	for _, z := range zs[1:] {
		if z.outcome != v.z.outcome {
			v.z = authz{outcome: undecided, reasons: []string{
				"the answer depends on the account or region of the caller, unknown at this preview"}}
			break
		}
	}
	if v.z.outcome == denied && as.unsure != nil {
		if why := as.unsure(); why != "" {
			v.z = authz{outcome: undecided, reasons: append(v.z.reasons, "not certain to fail: "+why)}
		}
	}
	return v
}

// executionRoleUnsure says why a task may start without its execution
// role, "" when a container needs it.
func executionRoleUnsure(td *stackmodel.TaskDef) string {
	use, known := td.ExecutionRoleUse()
	switch {
	case use != "":
		return ""
	case !known:
		return "ECS assumes the execution role when a container needs it (a private ECR image, awslogs, secrets, " +
			"registry credentials), and the container definitions cannot be read at this preview"
	default:
		return "ECS assumes the execution role when a container needs it (a private ECR image, awslogs, secrets, " +
			"registry credentials), no container definition needs it, and AWS does not say whether ECS assumes it otherwise"
	}
}

// assumptions returns the request the service makes in each candidate
// account of the caller. The account and region are known when the
// caller's own ARN or its role's ARN gives them (a role is in its
// caller's account: "You can only use the PassRole permission to pass an
// IAM role to a service that shares the same AWS account",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html),
// or when the stack shows them; a key built from a placeholder is left
// out, so that a condition on it is undecided.
func (s *stack) assumptions(as assumer, rr stackmodel.ResolvedRole) []integrations.Assumption {
	own, ownOK := arn.Parse(as.ownARN)
	ownOK = ownOK && arn.IsAccountID(own.AccountID) && own.Region != ""
	roleOK := false
	if len(rr.ARNs) == 1 {
		r, ok := arn.Parse(rr.ARNs[0])
		roleOK = ok && arn.IsAccountID(r.AccountID)
	}
	accountKnown := ownOK || roleOK || !s.Candidates.AccountGuessed
	regionKnown := ownOK || !s.Candidates.RegionGuessed
	var out []integrations.Assumption
	for _, a := range s.accounts(as.ownARN, rr) {
		x := as.assumption()
		if accountKnown {
			x.Account = a.ID
			if regionKnown {
				x.SourceARN = as.source(a)
			}
		}
		out = append(out, x)
	}
	return out
}

// trustAuthz evaluates one assumption against the trust policy; a denial
// names the condition key whose value rules the request out, if one
// does, and the value unless secret is set.
func trustAuthz(a integrations.Assumption, roleARN string, trust iam.Document, secret bool) authz {
	req := a.Request(roleARN)
	res := iam.EvaluateTrust(req, a.Service, trust)
	var open []string
	for _, u := range res.Uncertain {
		open = append(open, "its trust policy's "+strings.ReplaceAll(u.String(), iam.UnknownKeyReason, unknownKeyReason))
	}
	switch {
	case res.Decision == iam.ExplicitDeny:
		return authz{outcome: denied, reasons: []string{"a Deny statement of its trust policy applies to " + a.Service}}
	case len(open) > 0:
		return authz{outcome: undecided, reasons: open}
	case res.Decision == iam.Allowed:
		return authz{outcome: granted}
	}
	reasons := []string{"no statement of its trust policy lets " + a.Service + " call " + req.Action}
	for _, k := range slices.Sorted(maps.Keys(req.Context)) {
		without := req
		without.Context = maps.Clone(req.Context)
		delete(without.Context, k)
		if r := iam.EvaluateTrust(without, a.Service, trust); r.Decision == iam.ImplicitDeny && len(r.Uncertain) == 0 {
			continue
		}
		value := "(secret)"
		if !secret {
			value = stackmodel.Display(req.Context[k])
		}
		reasons = append(reasons, fmt.Sprintf("a condition on %s rules out %s, which %s sets: %s",
			k, a.KeyLabel(k), a.Service, value))
	}
	return authz{outcome: denied, reasons: reasons}
}
