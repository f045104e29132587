package stackmodel

import (
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
)

// TypeInstanceProfile is the token of an IAM instance profile, which an
// EMR cluster's JobFlowRole names.
const TypeInstanceProfile = "aws:iam/instanceProfile:InstanceProfile"

// InstanceProfileRole implements integrations.InstanceProfileResolver:
// the role of the stack's one instance profile a name or ARN
// (arn:PARTITION:iam::ACCOUNT:instance-profile/PATH/NAME) names; false
// when no profile of the stack, or several, have that name, or it holds
// no role. Instance profiles are rare and so are the calls that name
// them: a scan of the stack is cheaper than an index built for every
// stack.
func (e Env) InstanceProfileRole(ref string) (integrations.Role, bool) {
	name := ref
	if a, ok := arn.Parse(ref); ok {
		if a.Service != "iam" || !strings.HasPrefix(a.Resource, "instance-profile/") {
			return integrations.Role{}, false
		}
		name = a.Resource[strings.LastIndex(a.Resource, "/")+1:]
	}
	var found *Resource
	for _, r := range e.s.Resources {
		if r.Type != TypeInstanceProfile {
			continue
		}
		if n, kn := ReadString(r.Properties, "name"); kn.Usable() && n == name {
			if found != nil {
				return integrations.Role{}, false
			}
			found = r
		}
	}
	if found == nil {
		return integrations.Role{}, false
	}
	role := readARNRef(found, found.Properties, "role", "role", "the role of instance profile "+name)
	if role.Knownness == Missing {
		return integrations.Role{}, false
	}
	return e.role(role), true
}
