package pack

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack/packtest"
)

func TestPolicyNamesAndLevels(t *testing.T) {
	want := map[string]policyx.EnforcementLevel{
		PassRolePolicy:                  policyx.EnforcementLevelMandatory,
		PassRoleUnverifiedPolicy:        policyx.EnforcementLevelAdvisory,
		TaskPermissionsPolicy:           policyx.EnforcementLevelMandatory,
		TaskPermissionsUnverifiedPolicy: policyx.EnforcementLevelAdvisory,
		DefinitionValidPolicy:           policyx.EnforcementLevelMandatory,
		ScheduleStartPolicy:             policyx.EnforcementLevelMandatory,
		ScheduleStartUnverifiedPolicy:   policyx.EnforcementLevelAdvisory,
		ScheduleTimezonePolicy:          policyx.EnforcementLevelAdvisory,
		RoleTrustPolicy:                 policyx.EnforcementLevelMandatory,
		RoleTrustUnverifiedPolicy:       policyx.EnforcementLevelAdvisory,
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

// TestManyPipelines runs every policy over 40 pipelines, every third one
// without PassRole: the checks run in parallel over a shared index (run
// with -race), and the violations come out on the right state machines,
// in stack order, every time.
func TestManyPipelines(t *testing.T) {
	var bs []map[string]*packtest.Resource
	var want []string
	for i := range 40 {
		p := pipeline{name: fmt.Sprintf("p%02d", i), preview: i%2 == 0}
		if i%3 == 0 {
			p.sfnStatements = withoutPassRole(p.goodStatements())
			want = append(want, p.urn(kMachine))
		}
		bs = append(bs, p.build())
	}
	stack := stackOf(bs...)
	for range 3 {
		var got []string
		for _, v := range violations(t, PassRolePolicy, stack) {
			got = append(got, v.URN)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("violations on %v, want %v", got, want)
		}
	}
	vs, err := packtest.Run(Policies(), stack)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != len(want) {
		t.Errorf("%d violations over all policies, want the %d PassRole ones: %v", len(vs), len(want), vs)
	}
}

// TestFailClosedConfig: policies/config/fail-closed.json makes every
// advisory twin of the pack mandatory, and names no other policy.
func TestFailClosedConfig(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "config", "fail-closed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]struct {
		EnforcementLevel string `json:"enforcementLevel"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("fail-closed.json: %v", err)
	}
	twins := map[string]bool{}
	for _, p := range Policies() {
		if strings.HasSuffix(p.Name(), unverifiedSuffix) {
			twins[p.Name()] = true
			if cfg[p.Name()].EnforcementLevel != "mandatory" {
				t.Errorf("policies/config/fail-closed.json does not make %s mandatory: add it", p.Name())
			}
		}
	}
	for name := range cfg {
		if !twins[name] {
			t.Errorf("policies/config/fail-closed.json names %s, which is no advisory twin of the pack", name)
		}
	}
}

// TestCacheLivesOneAnalysis: the stack policies of one analysis share one
// model, built by the first; the last releases it, so that a long-lived
// pack does not hold a stack while the engine sends the next.
func TestCacheLivesOneAnalysis(t *testing.T) {
	cache := &stackCache{}
	var stackPolicies []policyx.StackValidationPolicy
	for _, p := range sharing(cache) {
		if sp, ok := p.(policyx.StackValidationPolicy); ok {
			stackPolicies = append(stackPolicies, sp)
		}
	}
	resources := pipeline{name: "nightly"}.stack()
	m := &packtest.Manager{}
	var first *stack
	for i, p := range stackPolicies {
		if err := p.Validate(context.Background(), policyx.StackValidationArgs{Manager: m, Resources: resources}); err != nil {
			t.Fatal(err)
		}
		switch {
		case i == 0:
			first = cache.s
		case i < len(stackPolicies)-1 && cache.s != first:
			t.Errorf("%s built another model", p.Name())
		}
	}
	if first == nil || cache.s != nil || cache.analysis != nil {
		t.Errorf("after the last stack policy the cache holds %p (first %p), want it released", cache.s, first)
	}
}
