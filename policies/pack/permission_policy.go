package pack

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// unverifiedSuffix names a policy's advisory twin: NAME-unverified.
const unverifiedSuffix = "-unverified"

// permissionPolicy is a mandatory policy over the verdicts of some of the
// callers' requests, and its advisory twin NAME-unverified: both select
// the same requests; the policy reports those denied, the twin those
// undecided, so that nothing the pack cannot decide goes unsaid. Each
// policy file defines one; Policies lists both of each.
type permissionPolicy struct {
	name, description string
	// unverified says what the twin reports, after "What NAME could not
	// verify: ".
	unverified string
	// selects picks the requests the policy judges.
	selects func(r *request) bool
	// refuse renders the violation of a caller's denied requests.
	refuse func(c *caller, denied []*request) string
	// doubt renders, for the twin, what could not be decided for a
	// caller: its undecided requests, and the sentences of what could not
	// be read at all (open, for the policies that report them).
	doubt func(c *caller, undecided []*request, open []string) string
	// opens returns, for the twin, what the policy could not judge of a
	// caller at all, one sentence each (nil: nothing of that kind).
	opens func(c *caller) []string
	// page is the AWS page the twin's message ends with.
	page func(c *caller, undecided []*request) string
}

// twins returns the policy and its advisory twin.
func (p permissionPolicy) twins(cache *stackCache) []policyx.Policy {
	return []policyx.Policy{
		newStackPolicy(p.name, p.description, policyx.EnforcementLevelMandatory, cache,
			func(s *stack, rep reporter) { p.check(s, rep, denied) }),
		newStackPolicy(p.name+unverifiedSuffix, "What "+p.name+" could not verify: "+p.unverified,
			policyx.EnforcementLevelAdvisory, cache, func(s *stack, rep reporter) { p.check(s, rep, undecided) }),
	}
}

// check reports, for each caller, its selected requests with outcome o.
func (p permissionPolicy) check(s *stack, rep reporter, o outcome) {
	rep.checkAll(len(s.callers), s.callerURN, func(i int) string {
		c := s.callers[i]
		var picked []*request
		for _, r := range s.requests(c) {
			if r.verdict.outcome == o && p.selects(r) {
				picked = append(picked, r)
			}
		}
		if o == denied {
			if len(picked) == 0 {
				return ""
			}
			return p.refuse(c, picked)
		}
		var open []string
		if p.opens != nil {
			open = p.opens(c)
		}
		if len(picked) == 0 && len(open) == 0 {
			return ""
		}
		return fmt.Sprintf("%s\nTo refuse such deploys, make %s mandatory (policies/config/fail-closed.json). See %s",
			p.doubt(c, picked, open), p.name+unverifiedSuffix, p.page(c, picked))
	})
}

// listDoubts is the usual twin message: a headline, then one line per
// undecided request (what, called by whom when not the caller's own
// role, and why), then what could not be read.
func listDoubts(c *caller, undecided []*request, open []string, headline string, line func(r *request) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s:\n", c.label, headline)
	for _, r := range undecided {
		l := line(r)
		if r.principal != nil && r.principal.Label != c.roleLabel {
			l += ", called by " + r.principal.Label
		}
		fmt.Fprintf(&b, "  - %s: %s.\n", l, joinTexts(r.verdict.texts(c.hides())))
	}
	for _, o := range open {
		fmt.Fprintf(&b, "  - %s.\n", o)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
