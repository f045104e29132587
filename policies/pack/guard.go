package pack

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack/internal/parallel"
)

// reporter reports the violations of one policy.
type reporter struct {
	mgr    policyx.PolicyManager
	policy string
}

// report files one violation on urn.
func (r reporter) report(urn, msg string) { r.mgr.ReportViolation(msg, urn) }

// guard runs fn, the check of one resource (urn, or "" for the whole
// stack). A panic is a bug of this pack, never something a stack should
// be able to trigger: every property read goes through the safe readers.
// If one happens anyway, guard turns it into a violation that names the
// policy and the resource, so the user's preview goes on and shows what
// failed instead of dying with a stack trace.
func (r reporter) guard(urn string, fn func()) {
	defer func() {
		if p := recover(); p != nil {
			r.report(urn, r.internalError(urn, p))
		}
	}()
	fn()
}

// internalError is the violation message for a panic p while checking urn.
func (r reporter) internalError(urn string, p any) string {
	where := urn
	if where == "" {
		where = "the stack"
	}
	return fmt.Sprintf("internal error in policy %s on resource %s: %v. This is a bug of the policy pack; "+
		"the resource was not checked by this policy.", r.policy, where, p)
}

// checkAll runs check(i) for every i in [0, n), spread over the available
// CPUs, and reports each non-empty message on urn(i), in order, from the
// calling goroutine. Each check runs under recover (a panic on a worker
// goroutine would otherwise kill the pack), turned into the message of
// internalError. Checks only read the stack model, which is safe for
// concurrent readers.
func (r reporter) checkAll(n int, urn func(i int) string, check func(i int) string) {
	msgs := make([]string, n)
	parallel.For(n, func(i int) {
		msgs[i] = r.safe(urn(i), func() string { return check(i) })
	})
	for i, msg := range msgs {
		if msg != "" {
			r.report(urn(i), msg)
		}
	}
}

// safe runs check and returns its message, or the internal error message
// if it panics.
func (r reporter) safe(urn string, check func() string) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg = r.internalError(urn, p)
		}
	}()
	return check()
}

// stackCheck is the body of a stack policy: it reads the stack model and
// reports through rep.
type stackCheck func(s *stack, rep reporter)

// newStackPolicy builds a stack validation policy whose check runs, under
// guard, over the model of the stack (shared through cache with the other
// stack policies of the same analysis; a nil cache builds one per call).
func newStackPolicy(name, description string, level policyx.EnforcementLevel, cache *stackCache,
	check stackCheck,
) policyx.StackValidationPolicy {
	return policyx.NewStackValidationPolicy(name, policyx.StackValidationPolicyArgs{
		Description:      description,
		EnforcementLevel: level,
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
			rep := reporter{mgr: args.Manager, policy: name}
			rep.guard("", func() {
				var s *stack
				if cache != nil {
					defer cache.done(name, args)
					s = cache.get(args)
				} else {
					s = newStack(args.Resources)
				}
				check(s, rep)
			})
			return nil
		},
	})
}
