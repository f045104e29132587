// Command preview is `make preview`: it runs the program's preview of the
// prod stack through the real Pulumi engine on any machine with Go and no
// cloud account. The Pulumi CLI v3.274.1 drives the engine on a local file
// backend in .pulumi-local/, the program runs inline through the Automation
// API, the built policy pack judges the resources, and an offline stand-in
// answers for the AWS provider (internal/awsstandin: it checks nothing AWS
// would check).
//
// It prints the engine's preview and the policy results, writes the state
// machine definitions, IAM documents and Mermaid diagrams the engine saw to
// out/, and exits 1 on a mandatory policy violation or any failure (a
// broken Pulumi.prod.yaml, a missing key: the program's own message).
//
//	preview --cli bin/pulumi --policy-pack bin/policy-pack [--stack prod] [--out out]
//
// It builds nothing itself: the Makefile builds the CLI and the pack first.
package main

import (
	"context"
	"os"
	"os/signal"

	"batchpipeline/program"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, program.Run)
	stop()
	os.Exit(code)
}
