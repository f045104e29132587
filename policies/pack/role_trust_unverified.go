package pack

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// RoleTrustUnverifiedPolicy is the name of the policy that reports what
// caller-role-trust could not decide.
const RoleTrustUnverifiedPolicy = "caller-role-trust-unverified"

// roleTrustUnverified builds the caller-role-trust-unverified policy:
// advisory by default, mandatory for a fail-closed setup.
func roleTrustUnverified(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(RoleTrustUnverifiedPolicy,
		"What caller-role-trust could not verify: a trust policy unknown at this preview or outside the stack, "+
			"a condition on a key whose value is not known before the call, a principal form AWS does not document.",
		policyx.EnforcementLevelAdvisory, cache,
		func(s *stack, rep reporter) { s.checkTrust(rep, undecided, trustUnverifiedMessage) })
}

// trustUnverifiedMessage lists why whether the service can assume the
// role could not be decided.
func trustUnverifiedMessage(as assumer, v trustVerdict) string {
	return fmt.Sprintf("%s: whether %s can assume %s could not be verified before deploy: %s.\n"+
		"To refuse such deploys, make %s mandatory (policies/config/fail-closed.json). See %s",
		as.label, as.service, v.role.Label, strings.Join(v.z.reasons, "; "), RoleTrustUnverifiedPolicy,
		as.assumption().Page())
}
