package pack

import (
	"context"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack/packtest"
)

// benchStack returns n complete pipelines of ten resources each.
func benchStack(n int, preview bool) []policyx.AnalyzerResource {
	bs := make([]map[string]*packtest.Resource, n)
	for i := range bs {
		bs[i] = pipeline{name: fmt.Sprintf("p%04d", i), preview: preview}.build()
	}
	return stackOf(bs...)
}

// BenchmarkStackPolicies runs every stack policy of the pack, as one
// `pulumi preview` does, over stacks of 1,000 and 10,000 resources.
func BenchmarkStackPolicies(b *testing.B) {
	for _, n := range []int{100, 1000} {
		for _, preview := range []bool{false, true} {
			stack := benchStack(n, preview)
			mode := map[bool]string{false: "deployed", true: "first-preview"}[preview]
			b.Run(fmt.Sprintf("resources=%d/%s", len(stack), mode), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					// A fresh pack and manager per iteration: the stack
					// index is built once per analysis and shared by its
					// policies, as with the engine.
					m := &packtest.Manager{}
					for _, p := range stackPolicies() {
						if err := p.Validate(context.Background(), policyx.StackValidationArgs{Manager: m, Resources: stack}); err != nil {
							b.Fatal(err)
						}
						if len(m.Violations) != 0 {
							b.Fatalf("%s: %v", p.Name(), m.Violations[0])
						}
					}
				}
				// Per resource, so that linear cost shows as equal figures.
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(stack)), "ns/resource")
			})
		}
	}
}

// BenchmarkEachStackPolicy times each stack policy alone on 10,000
// resources (index included, nothing shared), to show where the time goes.
func BenchmarkEachStackPolicy(b *testing.B) {
	stack := benchStack(1000, true)
	for i, p := range stackPolicies() {
		b.Run(p.Name(), func(b *testing.B) {
			for b.Loop() {
				sp := stackPolicies()[i]
				m := &packtest.Manager{}
				if err := sp.Validate(context.Background(), policyx.StackValidationArgs{Manager: m, Resources: stack}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIndex times building the stack index alone.
func BenchmarkIndex(b *testing.B) {
	for _, n := range []int{100, 1000} {
		stack := benchStack(n, true)
		b.Run(fmt.Sprintf("resources=%d", len(stack)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				newStack(stack)
			}
		})
	}
}

// stackPolicies returns the stack policies of a fresh pack.
func stackPolicies() []policyx.StackValidationPolicy {
	var out []policyx.StackValidationPolicy
	for _, p := range Policies() {
		if sp, ok := p.(policyx.StackValidationPolicy); ok {
			out = append(out, sp)
		}
	}
	return out
}
