// Command policies is the batch pipeline's CrossGuard policy pack. Run it
// with `pulumi preview --policy-pack policies`, or build it
// (`go build -o bin/policy-pack ./policies`) and pass the binary to
// --policy-pack.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack"
)

func main() {
	if err := policyx.Main(pack.New); err != nil {
		fmt.Fprintf(os.Stderr, "policy pack %s: %v\n", pack.Name, err)
		os.Exit(1)
	}
}
