// Package packtest runs CrossGuard policies outside the engine, for tests:
// a recording policy manager, a runner that calls stack and resource
// policies the way the engine does, and builders for synthetic
// AnalyzerResources (known, unknown, secret, missing and mistyped values).
package packtest

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Violation is one violation a policy reported.
type Violation struct {
	Policy  string
	URN     string
	Message string
}

// String renders the violation for test failures.
func (v Violation) String() string {
	return fmt.Sprintf("[%s] %s:\n%s", v.Policy, v.URN, v.Message)
}

// Manager is a policyx.PolicyManager that records the violations of one
// policy.
type Manager struct {
	Policy     string
	Violations []Violation
}

// ReportViolation records a violation.
func (m *Manager) ReportViolation(message, urn string) {
	m.Violations = append(m.Violations, Violation{Policy: m.Policy, URN: urn, Message: message})
}

// Run runs each policy over the stack as the engine does: a stack policy
// once with every resource, a resource policy once per resource (the
// engine reports a resource policy's violation without URN on the resource
// analyzed; Run does the same), every stack policy of the run with one
// manager, as policyx gives one per analysis. Disabled policies are
// skipped. An error returned by a policy is returned, wrapped, as the
// engine would fail the analysis with it.
func Run(policies []policyx.Policy, resources []policyx.AnalyzerResource) ([]Violation, error) {
	var out []Violation
	m := &Manager{}
	for _, p := range policies {
		if p.EnforcementLevel() == policyx.EnforcementLevelDisabled {
			continue
		}
		m.Policy, m.Violations = p.Name(), nil
		switch p := p.(type) {
		case policyx.StackValidationPolicy:
			if err := p.Validate(context.Background(), policyx.StackValidationArgs{Manager: m, Resources: resources}); err != nil {
				return nil, fmt.Errorf("policy %s: %w", p.Name(), err)
			}
		case policyx.ResourceValidationPolicy:
			for _, r := range resources {
				before := len(m.Violations)
				if err := p.Validate(context.Background(), policyx.ResourceValidationArgs{Manager: m, Resource: r}); err != nil {
					return nil, fmt.Errorf("policy %s on %s: %w", p.Name(), r.URN, err)
				}
				for i := before; i < len(m.Violations); i++ {
					if m.Violations[i].URN == "" {
						m.Violations[i].URN = r.URN
					}
				}
			}
		}
		out = append(out, m.Violations...)
	}
	return out, nil
}
