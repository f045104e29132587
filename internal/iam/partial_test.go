package iam

import (
	"math/rand/v2"
	"strings"
	"testing"

	"batchpipeline/internal/partial"
)

// Holes of the requests the property test draws, and the values each
// completion takes from: account and region candidates as the pack
// builds them, names a state or an output chooses, any string.
var (
	holeAccount = partial.Hole{Label: "ACCOUNT_ID", Class: partial.AccountID, Why: "the account is not known"}
	holeTwo     = partial.Hole{Label: "ACCOUNT_ID", Class: partial.AccountID, Among: []string{"123456789012", "210987654321"}}
	holeRegion  = partial.Hole{Label: "REGION", Class: partial.Region, Among: []string{"ap-northeast-1", "us-east-1"}}
	holeCluster = partial.Hole{Label: "CLUSTER", Class: partial.Name, Why: "chosen at run time"}
	holeGroup   = partial.Hole{Label: "GROUP", Class: partial.Name}
	holeAny     = partial.Hole{Label: "ROLE", Class: partial.Any}

	fills = map[partial.Class][]string{
		partial.AccountID: {"123456789012", "210987654321", "000000000000"},
		partial.Name:      {"batch", "nightly", "default", "b"},
		partial.Any:       {"", "arn:aws:iam::123456789012:role/x", "batch", "a:b/c", "arn:aws:ecs:us-east-1:123456789012:task/batch/1"},
	}
)

// fill returns the completions of s, each hole taking each of its values
// (its Among, or its class's samples) independently.
func fill(s string) []string {
	out := []string{""}
	for _, p := range partial.Parse(s) {
		opts := []string{p.Lit}
		if h := p.Hole; h != nil {
			opts = h.Among
			if len(opts) == 0 {
				opts = fills[h.Class]
			}
		}
		var next []string
		for _, prefix := range out {
			for _, o := range opts {
				next = append(next, prefix+o)
			}
		}
		out = next
	}
	return out
}

// TestDecisionHoldsForEveryCompletion: for random statements and
// requests known in part, a decision Decide reaches without uncertainty
// is the decision on every completion of the request. This is what lets
// the pack decide at a first preview what the known parts already
// settle.
func TestDecisionHoldsForEveryCompletion(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	resources := []string{
		"arn:aws:ecs:" + holeRegion.String() + ":" + holeAccount.String() + ":task/" + holeCluster.String() + "/0",
		"arn:aws:ecs:ap-northeast-1:" + holeTwo.String() + ":task/batch/0",
		"arn:aws:scheduler:ap-northeast-1:123456789012:schedule-group/" + holeGroup.String(),
		"arn:aws:iam::" + holeTwo.String() + ":role/nightly",
		holeAny.String(),
		"arn:aws:iam::123456789012:role/nightly",
	}
	patterns := []string{
		"*", "arn:aws:ecs:*:*:task/*", "arn:aws:ecs:*:*:task/batch/*", "arn:aws:ecs:ap-northeast-1:123456789012:task/*",
		"arn:aws:ecs:*:210987654321:*", "arn:aws:iam::*:role/nightly", "arn:aws:iam::123456789012:role/*",
		"arn:aws:scheduler:*:*:schedule-group/nightly", "arn:aws:scheduler:*:*:schedule/default/nightly",
		"arn:aws:*:*:123456789012:*", "arn:aws:ecs:us-east-1:*:task/?atch/*",
	}
	values := map[string][]string{
		"aws:SourceAccount": {"123456789012", "210987654321", "12345", "*"},
		"aws:SourceArn":     patterns,
		"ecs:cluster":       {"arn:aws:ecs:*:*:cluster/batch", "arn:aws:ecs:ap-northeast-1:123456789012:cluster/*", "*"},
	}
	contexts := map[string][]string{
		"aws:SourceAccount": {holeAccount.String(), holeTwo.String(), "123456789012"},
		"aws:SourceArn":     resources,
		"ecs:cluster":       {"arn:aws:ecs:ap-northeast-1:123456789012:cluster/" + holeCluster.String(), "arn:aws:ecs:ap-northeast-1:" + holeTwo.String() + ":cluster/batch"},
	}
	operators := []string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "ArnLike", "ArnNotLike",
		"ArnEquals", "StringEqualsIgnoreCase", "StringLikeIfExists", "ForAnyValue:StringLike", "ForAllValues:StringNotLike"}
	keys := []string{"aws:SourceAccount", "aws:SourceArn", "ecs:cluster"}
	statement := func() Statement {
		st := Statement{Effect: pick([]string{Allow, Allow, Deny}), Action: Strings{pick([]string{"*", "ecs:RunTask", "ecs:*", "iam:PassRole"})}}
		for range r.IntN(2) + 1 {
			st.Resource = append(st.Resource, pick(patterns))
		}
		if r.IntN(4) == 0 {
			st.NotResource, st.Resource = st.Resource, nil
		}
		if r.IntN(2) == 0 {
			key := pick(keys)
			op := pick(operators)
			vs := values[key]
			if strings.HasPrefix(op, "Arn") {
				vs = patterns[1:]
			}
			st.Condition = map[string]map[string]Strings{op: {key: {pick(vs)}}}
		}
		return st
	}
	decided := 0
	for i := range 4000 {
		var identity []Document
		for range r.IntN(2) + 1 {
			doc := Document{}
			for range r.IntN(3) + 1 {
				doc.Statement = append(doc.Statement, statement())
			}
			identity = append(identity, doc)
		}
		var boundary *Document
		if r.IntN(4) == 0 {
			boundary = &Document{Statement: []Statement{statement()}}
		}
		req := Request{Action: "ecs:RunTask", Resource: pick(resources), Context: map[string]string{}, Complete: true}
		for _, k := range keys {
			if r.IntN(2) == 0 {
				req.Context[k] = pick(contexts[k])
			}
		}
		got := Decide(req, identity, boundary)
		if len(got.Uncertain) > 0 {
			continue
		}
		decided++
		for _, res := range fill(req.Resource) {
			ctxs := []map[string]string{{}}
			for k, v := range req.Context {
				var next []map[string]string
				for _, c := range ctxs {
					for _, f := range fill(v) {
						m := map[string]string{k: f}
						for kk, vv := range c {
							m[kk] = vv
						}
						next = append(next, m)
					}
				}
				ctxs = next
			}
			for _, ctx := range ctxs {
				concrete := Request{Action: req.Action, Resource: res, Context: ctx, Complete: true}
				want := Decide(concrete, identity, boundary)
				// Allowed or not, always; explicitly or not, unless a Deny
				// may apply (MayDeny).
				if (want.Decision == Allowed) != (got.Decision == Allowed) || len(want.Uncertain) > 0 ||
					(len(got.MayDeny) == 0 && want.Decision != got.Decision) {
					t.Fatalf("#%d: decided %v for %s with %v, but the completion %s with %v is %v %v\nidentity %+v\nboundary %+v",
						i, got.Decision, partial.Display(req.Resource), display(req.Context), res, ctx, want.Decision, texts(want.Uncertain), identity, boundary)
				}
			}
		}
	}
	// The test has teeth only if it decides a good share of them.
	if decided < 1000 {
		t.Errorf("only %d of 4000 requests decided", decided)
	}
}

func display(ctx map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range ctx {
		out[k] = partial.Display(v)
	}
	return out
}
