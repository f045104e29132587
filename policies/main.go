// Command policies is the batch pipeline's CrossGuard policy pack. Run it
// with `pulumi preview --policy-pack policies`, or build it
// (`go build -o bin/policy-pack ./policies`) and pass the binary to
// --policy-pack.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack"
)

// gcPercent is the pack's GOGC unless the environment sets one: the pack
// is a short-lived process that allocates the stack's model once per
// analysis, and at Go's default of 100 about a fifth of the pack process's
// CPU time at 10,000 resources went to the collector (BENCHMARKS.md:
// BenchmarkAnalyzeStack, which also gives the memory this costs).
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if err := policyx.Main(pack.New); err != nil {
		fmt.Fprintf(os.Stderr, "policy pack %s: %v\n", pack.Name, err)
		os.Exit(1)
	}
}
