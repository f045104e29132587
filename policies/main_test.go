package main

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"batchpipeline/policies/pack"
)

// TestPulumiPolicyYAML: the CLI loads PulumiPolicy.yaml to run the pack
// from this directory; its runtime must be go and its version the pack's.
func TestPulumiPolicyYAML(t *testing.T) {
	proj, err := workspace.LoadPolicyPack("PulumiPolicy.yaml")
	if err != nil {
		t.Fatalf("load PulumiPolicy.yaml: %v", err)
	}
	if proj.Runtime.Name() != "go" {
		t.Errorf("runtime %q, want go", proj.Runtime.Name())
	}
	if proj.Version != pack.Version {
		t.Errorf("version %q, want pack.Version %q", proj.Version, pack.Version)
	}
}
