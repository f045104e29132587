package pack

import (
	"batchpipeline/internal/arn"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// secretResource stands in a message for a resource named by a secret
// value (a secret definition, a secret state machine ARN).
const secretResource = "(a resource named in the secret definition)"

// byCaller groups needs by the role that makes the call, keeping their
// order.
func byCaller(needs []*need) [][]*need {
	var groups [][]*need
	index := map[string]int{}
	for _, n := range needs {
		i, ok := index[n.caller.Label]
		if !ok {
			i = len(groups)
			index[n.caller.Label] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], n)
	}
	return groups
}

// violation is the shape of a violation message: per calling role, a
// headline, one line per gap with why the role's policies do not allow it,
// then the statements to add (and the Deny to remove, when one applies).
type violation struct {
	// head is the headline of the gaps of one calling role.
	head func(caller stackmodel.ResolvedRole, gaps []*need) string
	// line says what one gap is, before its reasons.
	line func(n *need) string
	// add starts the last sentence: "Add this statement".
	add string
	// tail follows the statements ("" for nothing).
	tail string
}

// render writes the message of the gaps of a.
func (v violation) render(a *analysis, gaps []*need) string {
	var b strings.Builder
	for i, group := range byCaller(gaps) {
		if i > 0 {
			b.WriteString("\n")
		}
		caller := group[0].caller
		b.WriteString(v.head(caller, group))
		explicit := false
		grants := make([]integrations.Need, 0, len(group))
		for _, n := range group {
			fmt.Fprintf(&b, "  - %s: %s.\n", v.line(n), strings.Join(n.z.reasons, "; "))
			for _, r := range n.z.reasons {
				if strings.Contains(r, "explicit Deny") {
					explicit = true
				}
			}
			grants = append(grants, shownGrant(a, n))
		}
		fmt.Fprintf(&b, "%s to a policy of %s", v.add, caller.Label)
		if explicit {
			b.WriteString(" and remove the Deny that applies")
		}
		fmt.Fprintf(&b, ":\n%s%s", renderGrants(grants), v.tail)
	}
	return b.String()
}

// hides reports whether the resources of a's needs must not be printed:
// they come from a secret definition, or are built from a secret state
// machine ARN.
func (a *analysis) hides() bool {
	m := a.caller.machine
	return m != nil && (m.DefinitionKnownness == stackmodel.Secret || m.NameSecret)
}

// shownGrant returns n with the resources of its grant fit for a message:
// secrets replaced, the placeholder account spelled out.
func shownGrant(a *analysis, n *need) integrations.Need {
	out := n.Need
	g := out.Grant
	g.Resource = slices.Clone(g.Resource)
	for i, r := range g.Resource {
		g.Resource[i] = shownResource(a, n, r)
	}
	if len(g.Resource) == 0 {
		g.Resource = iam.Strings{"(not known before the run: " + n.Unknown + ")"}
	}
	if g.Condition != nil {
		g.Condition = maps.Clone(g.Condition)
		for op, kv := range g.Condition {
			kv = maps.Clone(kv)
			for k, vs := range kv {
				shown := make(iam.Strings, len(vs))
				for i, v := range vs {
					shown[i] = v
					if arn.HasPrefix(v) {
						shown[i] = shownResource(a, n, v)
					}
				}
				kv[k] = shown
			}
			g.Condition[op] = kv
		}
	}
	out.Grant = g
	return out
}

// shownResource returns an ARN of n fit for a message.
func shownResource(a *analysis, n *need, r string) string {
	if n.Kind != integrations.CallNeed { // the ARN of a role passed or assumed
		if n.Role.Secret {
			return "(secret: the ARN of " + passedLabel(a, n) + ")"
		}
		return stackmodel.Display(r)
	}
	if a.hides() {
		return secretResource
	}
	return stackmodel.Display(r)
}

// renderGrants renders the least statements that meet needs, merged as
// the component merges them.
func renderGrants(needs []integrations.Need) string {
	stmts := integrations.Grants(needs)
	for i := range stmts {
		stmts[i].Sid = ""
	}
	if len(stmts) == 1 {
		return renderJSON(stmts[0])
	}
	return renderJSON(stmts)
}

// requestText says what a need asks: "ecs:TagResource on
// arn:aws:ecs:...:task/batch/* with ecs:CreateAction = RunTask".
func requestText(a *analysis, n *need) string {
	g := shownGrant(a, n).Grant
	on := strings.Join(g.Resource, ", ")
	var ctx []string
	for _, k := range slices.Sorted(maps.Keys(n.Context)) {
		v := n.Context[k]
		if arn.HasPrefix(v) {
			v = shownResource(a, n, v)
		}
		ctx = append(ctx, k+" = "+v)
	}
	s := n.Action + " on " + on
	if len(ctx) > 0 {
		s += " with " + strings.Join(ctx, ", ")
	}
	return s
}

// statesText lists the states a need comes from.
func statesText(n *need) string {
	if len(n.states) == 0 {
		return ""
	}
	return " (states " + strings.Join(slices.Compact(slices.Clone(n.states)), ", ") + ")"
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
