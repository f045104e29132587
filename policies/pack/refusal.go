package pack

import (
	"fmt"
	"slices"
	"strings"
)

// refusal is the shape of a violation of an identity policy: per calling
// role, a headline, one line per gap with why the role's policies do not
// allow it, then the statements to add (and the Deny to remove, when one
// applies).
type refusal struct {
	// head is the headline of the gaps of one calling role.
	head func(principal string, gaps []*request) string
	// line says what one gap is, before its reasons.
	line func(r *request) string
	// add starts the last sentence: "Add this statement".
	add string
	// tail follows the statements ("" for nothing).
	tail string
}

// render writes the message of the gaps of c.
func (f refusal) render(c *caller, gaps []*request) string {
	var b strings.Builder
	for i, group := range byPrincipal(gaps) {
		if i > 0 {
			b.WriteString("\n")
		}
		principal := group[0].principalLabel()
		b.WriteString(f.head(principal, group))
		explicit := false
		var missing, late []*request
		for _, r := range group {
			fmt.Fprintf(&b, "  - %s: %s.\n", f.line(r), joinTexts(r.verdict.texts(c.hides())))
			explicit = explicit || r.verdict.has(explicitDeny)
			if r.verdict.has(grantedAfterMachine) {
				late = append(late, r)
			} else {
				missing = append(missing, r)
			}
		}
		if len(late) > 0 {
			fmt.Fprintf(&b, "Make %s depend on %s (the dependsOn resource option): without it the engine may create or "+
				"update the state machine first, before the grant is on the role.\n", c.label, lateAttachments(late))
		}
		if len(missing) > 0 {
			fmt.Fprintf(&b, "%s to a policy of %s", f.add, principal)
			if explicit {
				b.WriteString(" and remove the Deny that applies")
			}
			fmt.Fprintf(&b, ":\n%s", renderGrants(missing))
		}
		b.WriteString(f.tail)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// lateAttachments names the resources that attach the grants of late
// requests, each once.
func lateAttachments(late []*request) string {
	var names []string
	for _, r := range late {
		for _, why := range r.verdict.reasons {
			if why.kind == grantedAfterMachine && !slices.Contains(names, why.doc) {
				names = append(names, why.doc)
			}
		}
	}
	return strings.Join(names, " or ")
}

// joinStates lists the states a request comes from.
func joinStates(r *request) string {
	return strings.Join(slices.Compact(slices.Clone(r.states)), ", ")
}
