// Package engine runs a Pulumi program through the real Pulumi engine,
// offline: the Automation API (github.com/pulumi/pulumi/sdk/v3/go/auto)
// hosts the program inline, the Pulumi CLI v3.274.1 drives the engine on a
// local file backend, built policy pack binaries judge the resources, and
// the AWS provider is replaced by the in-process stand-in of
// internal/awsstandin (PULUMI_DEBUG_PROVIDERS=aws:<port>).
//
// No cloud account, no Pulumi Cloud login, no language host and no
// provider plugin is needed; only the CLI binary (see FindCLI).
//
// Preview, Up and Destroy return a Result built from the engine's event
// stream: the resource steps with their inputs and outputs as the engine saw
// them, the policy violations, and the error diagnostics.
package engine
