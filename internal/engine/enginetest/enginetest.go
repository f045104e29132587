// Package enginetest gives tests the Pulumi CLI that runs of the real
// engine need.
package enginetest

import (
	"errors"
	"os"
	"testing"

	"batchpipeline/internal/engine"
)

// RequireCLI returns the pinned Pulumi CLI (engine.FindCLI from
// repoRoot). Without one, a test outside CI is skipped with a message
// naming `make test`, which builds the CLI and runs every test; in CI
// (CI=true) it fails instead: .ci/run builds the CLI first, so a missing
// one means the run is broken, and an engine test must never pass
// unseen. Any other problem with the CLI fails the test.
func RequireCLI(tb testing.TB, repoRoot string) string {
	tb.Helper()
	cli, err := engine.FindCLI(repoRoot)
	switch {
	case err == nil:
		return cli
	case errors.Is(err, engine.ErrCLINotFound) && os.Getenv("CI") != "true":
		tb.Skipf("this test runs the real Pulumi engine and needs the CLI: run `make test` "+
			"(it builds the pinned CLI, then runs every test); %v", err)
	default:
		tb.Fatalf("this test runs the real Pulumi engine (and never skips in CI): %v", err)
	}
	return ""
}
