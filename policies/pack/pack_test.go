package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

func TestPolicyNamesAndLevels(t *testing.T) {
	want := map[string]policyx.EnforcementLevel{
		PassRolePolicy:           policyx.EnforcementLevelMandatory,
		PassRoleUnverifiedPolicy: policyx.EnforcementLevelAdvisory,
		SyncPermissionsPolicy:    policyx.EnforcementLevelMandatory,
		DefinitionValidPolicy:    policyx.EnforcementLevelMandatory,
		ScheduleStartPolicy:      policyx.EnforcementLevelMandatory,
		ScheduleTimezonePolicy:   policyx.EnforcementLevelAdvisory,
	}
	got := map[string]policyx.EnforcementLevel{}
	for _, p := range Policies() {
		if p.Description() == "" {
			t.Errorf("policy %s has no description", p.Name())
		}
		got[p.Name()] = p.EnforcementLevel()
	}
	if len(got) != len(want) {
		t.Errorf("policies %v, want %v", got, want)
	}
	for name, level := range want {
		if got[name] != level {
			t.Errorf("policy %s: level %v, want %v", name, got[name], level)
		}
	}
}

func TestNewBuildsThePack(t *testing.T) {
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != Name || p.Version().String() != Version || len(p.Policies()) != len(Policies()) {
		t.Errorf("pack %s %s with %d policies", p.Name(), p.Version(), len(p.Policies()))
	}
}

func TestCompletePipelinePassesEveryPolicy(t *testing.T) {
	for _, preview := range []bool{false, true} {
		stack := pipeline{name: "nightly", preview: preview}.stack()
		for _, p := range Policies() {
			t.Run(p.Name()+map[bool]string{false: "/deployed", true: "/first-preview"}[preview], func(t *testing.T) {
				assertNoViolations(t, p.Name(), stack)
			})
		}
	}
}
