// Command nooppack is a policy pack whose one stack policy does nothing:
// what a pack costs the engine before its own checks, for
// BenchmarkAnalyzeStack to compare with.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

func main() {
	if err := policyx.Main(func(*pulumi.Context) (policyx.PolicyPack, error) {
		return policyx.NewPolicyPack("noop", semver.MustParse("0.0.1"), policyx.EnforcementLevelAdvisory,
			[]policyx.Policy{policyx.NewStackValidationPolicy("noop", policyx.StackValidationPolicyArgs{
				Description:      "does nothing",
				EnforcementLevel: policyx.EnforcementLevelAdvisory,
				ValidateStack:    func(context.Context, policyx.StackValidationArgs) error { return nil },
			})})
	}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
