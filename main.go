// Command batchpipeline is the Pulumi program of the nightly batch pipeline.
// `pulumi up` runs it; see README.md.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/program"
)

func main() {
	pulumi.Run(program.Run)
}
