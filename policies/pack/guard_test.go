package pack

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack/packtest"
)

// TestGuardTurnsAPanicIntoAViolation proves the last-resort path: a
// check that panics (here, the very accessor misuse the safe readers
// exist to prevent) yields a violation naming the policy and the
// resource, and the checks of the other resources still run.
func TestGuardTurnsAPanicIntoAViolation(t *testing.T) {
	m := &packtest.Manager{Policy: "p"}
	rep := reporter{mgr: m, policy: "p"}
	checked := 0
	for _, urn := range []string{"urn:a", "urn:b"} {
		rep.guard(urn, func() {
			if urn == "urn:a" {
				_ = property.New(property.Computed).AsString()
			}
			checked++
		})
	}
	if checked != 1 {
		t.Errorf("checked %d resources after the panic, want 1", checked)
	}
	if len(m.Violations) != 1 {
		t.Fatalf("violations %v, want 1", m.Violations)
	}
	v := m.Violations[0]
	if v.URN != "urn:a" {
		t.Errorf("violation on %q, want urn:a", v.URN)
	}
	assertFragments(t, v.Message, "internal error in policy p on resource urn:a", "bug of the policy pack")
}

// TestStackPolicyNeverReturnsAnError: a panic while indexing the stack is
// reported, not returned (an error would fail the whole analysis).
func TestStackPolicyNeverReturnsAnError(t *testing.T) {
	p := newStackPolicy("boom", "d", policyx.EnforcementLevelMandatory, nil, func(*stack, reporter) { panic("boom") })
	m := &packtest.Manager{Policy: "boom"}
	if err := p.Validate(context.Background(), policyx.StackValidationArgs{Manager: m}); err != nil {
		t.Fatalf("Validate returned %v", err)
	}
	if len(m.Violations) != 1 || m.Violations[0].URN != "" {
		t.Fatalf("violations %v, want one on the stack", m.Violations)
	}
	assertFragments(t, m.Violations[0].Message, "internal error in policy boom on resource the stack: boom")
}

// TestCheckAllRecoversOnWorkers: checks run on worker goroutines, where a
// panic would kill the process unless recovered there; the panicking
// resource gets the internal error, the others their own messages, in
// order.
func TestCheckAllRecoversOnWorkers(t *testing.T) {
	m := &packtest.Manager{Policy: "p"}
	rep := reporter{mgr: m, policy: "p"}
	urns := []string{"urn:0", "urn:1", "urn:2", "urn:3"}
	rep.checkAll(len(urns), func(i int) string { return urns[i] }, func(i int) string {
		switch i {
		case 1:
			var props property.Map
			return props.Get("definition").AsString() // null: the accessor panics
		case 2:
			return ""
		default:
			return "message " + urns[i]
		}
	})
	if len(m.Violations) != 3 {
		t.Fatalf("violations %v, want 3", m.Violations)
	}
	for i, want := range []struct{ urn, msg string }{
		{"urn:0", "message urn:0"},
		{"urn:1", "internal error in policy p on resource urn:1"},
		{"urn:3", "message urn:3"},
	} {
		v := m.Violations[i]
		if v.URN != want.urn {
			t.Errorf("violation %d on %s, want %s", i, v.URN, want.urn)
		}
		assertFragments(t, v.Message, want.msg)
	}
}
