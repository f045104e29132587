// Command vpc is the example Pulumi program of examples/vpc: the pipeline
// in a VPC the same program builds (see package vpcexample).
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/examples/vpc/vpcexample"
)

func main() {
	pulumi.Run(vpcexample.Run)
}
