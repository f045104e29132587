package pack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/internal/partial"
)

// secretResource stands in a message for a resource named by a secret
// value (a secret definition, a secret state machine name).
const secretResource = "(a resource named in the secret definition)"

// byPrincipal groups requests by the role that makes them, keeping their
// order.
func byPrincipal(reqs []*request) [][]*request {
	var groups [][]*request
	index := map[string]int{}
	for _, r := range reqs {
		i, ok := index[r.principalLabel()]
		if !ok {
			i = len(groups)
			index[r.principalLabel()] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], r)
	}
	return groups
}

// shownGrant returns r's least statement fit for a message: secrets
// replaced, the parts not known yet shown by their labels (ACCOUNT_ID), a
// resource chosen at run time said so.
func shownGrant(r *request) iam.Statement {
	g := r.Statement()
	for i, res := range g.Resource {
		g.Resource[i] = shownResource(r, res)
	}
	if len(g.Resource) == 0 && r.By != integrations.ServicePrincipal {
		g.Resource = iam.Strings{"(not known before the run: " + whyNotKnown(r, r.Resource) + ")"}
	}
	for _, kv := range g.Condition {
		for _, vs := range kv {
			for i, v := range vs {
				if arn.HasPrefix(v) {
					vs[i] = shownResource(r, v)
				}
			}
		}
	}
	return g
}

// shownResource returns an ARN of r fit for a message.
func shownResource(r *request, res string) string {
	if r.Kind != integrations.CallRequest { // the ARN of a role passed or assumed
		if r.Role.Secret {
			return "(secret: the ARN of " + r.roleLabel + ")"
		}
		return partial.Display(res)
	}
	if r.caller.hides() {
		return secretResource
	}
	return partial.Display(res)
}

// whyNotKnown says why the parts of v not known yet are not.
func whyNotKnown(r *request, v string) string {
	if r.caller.hides() {
		return secretValue
	}
	var whys []string
	for _, h := range partial.Holes(v) {
		if h.Why != "" && !slices.Contains(whys, h.Why) {
			whys = append(whys, h.Why)
		}
	}
	return strings.Join(whys, "; ")
}

// renderGrants renders the least statements that allow reqs, merged as
// the component merges them.
func renderGrants(reqs []*request) string {
	shown := make([]iam.Statement, len(reqs))
	for i, r := range reqs {
		shown[i] = shownGrant(r)
	}
	stmts := integrations.MergeGrants(shown)
	for i := range stmts {
		stmts[i].Sid = ""
	}
	if len(stmts) == 1 {
		return renderJSON(stmts[0])
	}
	return renderJSON(stmts)
}

// requestText says what a request asks: "ecs:TagResource on
// arn:aws:ecs:...:task/batch/* with ecs:CreateAction = RunTask".
func requestText(r *request) string {
	on := strings.Join(shownGrant(r).Resource, ", ")
	var ctx []string
	for _, k := range slices.Sorted(maps.Keys(r.Context)) {
		v := r.Context[k]
		if arn.HasPrefix(v) {
			v = shownResource(r, v)
		}
		ctx = append(ctx, k+" = "+v)
	}
	s := r.Action + " on " + on
	if len(ctx) > 0 {
		s += " with " + strings.Join(ctx, ", ")
	}
	return s
}

// statesText lists the states a request comes from.
func statesText(r *request) string {
	if len(r.states) == 0 {
		return ""
	}
	return " (states " + strings.Join(slices.Compact(slices.Clone(r.states)), ", ") + ")"
}

// roleLabel names the role a model's request passes or assumes.
func (s *stack) roleLabel(r *integrations.Request) string {
	if ro, ok := s.RolesByURN[r.Role.Key]; ok {
		return ro.Label()
	}
	parts := partial.Parse(r.Role.ARN)
	named := len(parts) > 0 && parts[len(parts)-1].Hole == nil && !strings.HasSuffix(parts[len(parts)-1].Lit, "/")
	switch {
	case !partial.Known(r.Role.ARN) && !named && r.Via == "":
		return "a role"
	case !partial.Known(r.Role.ARN) && !named:
		return r.Via + " (not known before the run)"
	case r.Role.Secret:
		return "role (secret " + r.Via + ")"
	}
	return "role " + partial.Display(r.Role.ARN)
}

// renderJSON renders a statement (or statements) for a message: indented,
// without HTML escaping where the encoder controls it.
func renderJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("(cannot render the statement: %v)", err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// joinLabels joins the labels of documents.
func joinLabels(labels []string) string { return strings.Join(labels, ", ") }

// joinTexts joins the texts of reasons.
func joinTexts(texts []string) string { return strings.Join(texts, "; ") }
