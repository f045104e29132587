// Package pack is the batch pipeline's CrossGuard policy pack: policies
// that judge any Pulumi stack (this project's components or raw
// pulumi-aws resources) for the mistakes that make an AWS Step Functions
// pipeline deploy fine and then fail at run time: a state machine role that
// cannot pass its ECS tasks' roles, missing .sync integration permissions,
// definitions Step Functions rejects, schedules that cannot start the
// state machine or run in UTC by mistake.
//
// Stack policies read one model of the stack per analysis (package
// stackmodel, shared through stackCache). Every source of IAM requests
// (Task states, EventBridge and Scheduler targets, services and roles
// assuming roles) yields the model's one request value (gather.go); one
// decide turns each into a typed verdict (decide.go, verdict.go); each
// policy is one file that selects verdicts and renders them, its advisory
// twin generated from it (permission_policy.go).
package pack

import (
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Name and Version identify the pack to the engine.
const (
	Name    = "batch-pipeline-guards"
	Version = "0.1.0"
)

// Policies returns the pack's policies, each with its own enforcement
// level (policyx v3.274.1 ignores the pack-level one). The stack policies
// of one call share the model of the stack they analyze (see stackCache).
func Policies() []policyx.Policy { return sharing(&stackCache{}) }

// sharing returns the pack's policies, their stack policies sharing
// cache.
func sharing(cache *stackCache) []policyx.Policy {
	var out []policyx.Policy
	for _, p := range []permissionPolicy{passRole, taskPermissions, scheduleCanStart, roleTrust} {
		out = append(out, p.twins(cache)...)
	}
	out = append(out, definitionValid(cache), scheduleTimezone())
	for _, p := range out {
		if _, ok := p.(policyx.StackValidationPolicy); ok {
			cache.last = p.Name()
		}
	}
	return out
}

// New builds the policy pack; policies/main.go hands it to policyx.Main.
func New(*pulumi.Context) (policyx.PolicyPack, error) {
	v, err := semver.Parse(Version)
	if err != nil {
		return nil, fmt.Errorf("policy pack version %q: %w", Version, err)
	}
	p, err := policyx.NewPolicyPack(Name, v, policyx.EnforcementLevelMandatory, Policies())
	if err != nil {
		return nil, fmt.Errorf("policy pack %s: %w", Name, err)
	}
	return p, nil
}
