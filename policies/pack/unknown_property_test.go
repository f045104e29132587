package pack

import (
	"fmt"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// choices reads decisions from fuzz input, one byte each; past its end
// every decision is 0.
type choices []byte

func (c *choices) next(n int) int {
	if len(*c) == 0 {
		return 0
	}
	b := (*c)[0]
	*c = (*c)[1:]
	return int(b) % n
}

// docHolders are the resources of propertyStack that hold a policy of the
// state machine's role, by how they hold it.
const (
	holderRolePolicy = iota
	holderInline
	holderManaged
	holders
)

// propertyStack builds a pipeline whose state machine role's statements
// are spread over a RolePolicy, an inline policy and an attached Policy,
// some dropped or denied, as the choices say. It returns the builders by
// key, the extra resources, and the statements of each holder.
func propertyStack(c *choices) (pipeline, map[string]*packtest.Resource, []*packtest.Resource) {
	p := pipeline{name: "prop", tagged: c.next(2) == 1, preview: c.next(2) == 1}
	good := p.goodStatements()
	spread := make([][]iam.Statement, holders)
	for _, stmt := range good {
		if c.next(4) == 0 { // dropped
			continue
		}
		h := c.next(holders)
		spread[h] = append(spread[h], stmt)
	}
	if c.next(3) == 0 { // a Deny of one action the pipeline needs
		stmt := good[c.next(len(good))]
		h := c.next(holders)
		spread[h] = append(spread[h], iam.Statement{Effect: iam.Deny, Action: stmt.Action[:1], Resource: iam.Strings{"*"}})
	}
	p.sfnStatements = spread[holderRolePolicy]
	if len(p.sfnStatements) == 0 {
		p.sfnStatements = []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"s3:ListAllMyBuckets"}, Resource: iam.Strings{"*"}}}
	}
	b := p.build()
	if len(spread[holderInline]) > 0 {
		b[kSFNRole].Set("inlinePolicies", packtest.List(packtest.Obj(map[string]property.Value{
			"name": packtest.Str("inline"), "policy": doc(spread[holderInline]...),
		})))
	}
	var extra []*packtest.Resource
	if len(spread[holderManaged]) > 0 {
		pol := packtest.New(stackmodel.TypePolicy, "managed").Set("name", packtest.Str("managed")).
			Set("policy", doc(spread[holderManaged]...)).Set("arn", packtest.Str("arn:aws:iam::123456789012:policy/managed"))
		att := packtest.New(stackmodel.TypeRolePolicyAttachment, "managed").Set("role", packtest.Str(p.roleName(kSFNRole))).
			Set("policyArn", packtest.Str("arn:aws:iam::123456789012:policy/managed"))
		extra = append(extra, pol, att)
	}
	return p, b, extra
}

// mandatory returns what the mandatory policies refuse in a stack: each
// denied request of the callers, by key; for the other mandatory
// policies, the resources they report.
func mandatory(t *testing.T, resources []policyx.AnalyzerResource) (reqs map[string]*request, others map[string]bool) {
	t.Helper()
	s := newStack(resources)
	reqs = map[string]*request{}
	for _, c := range s.callers {
		for _, r := range s.requests(c) {
			if r.verdict.outcome == denied {
				reqs[fmt.Sprintf("%s %+v", c.urn, r.key())] = r
			}
		}
	}
	others = map[string]bool{}
	for _, policy := range []string{DefinitionValidPolicy} {
		for _, v := range violations(t, policy, resources) {
			others[policy+" "+v.URN] = true
		}
	}
	return reqs, others
}

// FuzzUnknownDocumentNeverAddsViolations: replacing a policy document of a
// stack by a value unknown at this preview (built from outputs) never adds
// a mandatory violation, but by the one documented rule of
// sfn-ecs-passrole: an unknown document that is not built from a role
// cannot grant iam:PassRole on it (see evaluate).
func FuzzUnknownDocumentNeverAddsViolations(f *testing.F) {
	for _, seed := range [][]byte{
		{}, {1, 1}, {1, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2},
		{1, 1, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 0, 0, 0, 5, 1, 7, 2, 1, 0, 1},
		{0, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 0, 1, 2, 3, 1, 1},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := choices(data)
		p, _, _ := propertyStack(&c)
		holder := c.next(holders)
		// The unknown document is built from some resources of the stack.
		var deps []string
		for _, k := range []string{kExecRole, kTaskRole, kTaskDef, kProject, kMachine} {
			if c.next(2) == 1 {
				deps = append(deps, p.urn(k))
			}
		}
		again := choices(data) // the same stack, built afresh
		_, b, extra := propertyStack(&again)
		before, beforeOthers := mandatory(t, append(stackOf(b), packtest.Stack(extra...)...))

		again = choices(data)
		_, b, extra = propertyStack(&again)
		switch holder {
		case holderRolePolicy:
			b[kSFNPolicy].Set("policy", packtest.Unknown()).DependsOn("policy", deps...)
		case holderInline:
			b[kSFNRole].Set("inlinePolicies", packtest.List(packtest.Unknown())).DependsOn("inlinePolicies", deps...)
		case holderManaged:
			for _, r := range extra {
				if r.Build().Type == stackmodel.TypePolicy {
					r.Set("policy", packtest.Unknown()).DependsOn("policy", deps...)
				}
			}
		}
		after, afterOthers := mandatory(t, append(stackOf(b), packtest.Stack(extra...)...))

		for k, n := range after {
			if _, ok := before[k]; ok {
				continue
			}
			if n.Kind == integrations.PassRoleRequest && !slices.Contains(deps, n.Role.Key) {
				continue // the documented rule
			}
			t.Errorf("replacing holder %d by an unknown document (built from %v) adds a mandatory violation: %s on %s: %v",
				holder, deps, n.Action, n.Resource, n.verdict.texts(false))
		}
		for k := range afterOthers {
			if !beforeOthers[k] {
				t.Errorf("replacing holder %d by an unknown document adds %s", holder, k)
			}
		}
	})
}
