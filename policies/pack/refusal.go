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
		for _, r := range group {
			fmt.Fprintf(&b, "  - %s: %s.\n", f.line(r), joinTexts(r.verdict.texts(c.hides())))
			explicit = explicit || r.verdict.has(explicitDeny)
		}
		fmt.Fprintf(&b, "%s to a policy of %s", f.add, principal)
		if explicit {
			b.WriteString(" and remove the Deny that applies")
		}
		fmt.Fprintf(&b, ":\n%s%s", renderGrants(group), f.tail)
	}
	return b.String()
}

// joinStates lists the states a request comes from.
func joinStates(r *request) string {
	return strings.Join(slices.Compact(slices.Clone(r.states)), ", ")
}
