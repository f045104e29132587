package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/engine/enginetest"
	"batchpipeline/tests/handwritten"
)

// These tests run the command against the real Pulumi CLI (no policy
// pack: what they check happens before policies). Like the end-to-end
// tests they never skip in CI; elsewhere, without a CLI, they skip and
// name `make test`.

func requireCLI(t *testing.T) string {
	t.Helper()
	return enginetest.RequireCLI(t, filepath.Join("..", ".."))
}

// project writes a Pulumi.yaml and a Pulumi.prod.yaml into a new folder.
func project(t *testing.T, stackYAML string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"Pulumi.yaml":      "name: previewtest\nruntime: go\nconfig:\n  previewtest:jobs:\n    type: integer\n    default: 1\n",
		"Pulumi.prod.yaml": stackYAML,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runPreview runs the command and returns its exit code, stdout and stderr.
func runPreview(t *testing.T, prog pulumi.RunFunc, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr, prog)
	return code, stdout.String(), stderr.String()
}

// requireName is a program that needs previewtest:name, as the real
// program needs its keys.
func requireName(ctx *pulumi.Context) error {
	name, ok := ctx.GetConfig("previewtest:name")
	if !ok {
		return errors.New("previewtest:name is required: set it in Pulumi.prod.yaml")
	}
	ctx.Export("name", pulumi.String(name))
	return nil
}

func TestRunBadInputFailsWithAClearMessage(t *testing.T) {
	cli := requireCLI(t)
	tests := []struct {
		name      string
		stackYAML string
		want      string
	}{
		{
			name:      "broken YAML",
			stackYAML: "config:\n  previewtest:name: [unclosed\n",
			want:      "Pulumi.prod.yaml: could not read stack configuration for new stack: invalid YAML file",
		},
		{
			name:      "missing key",
			stackYAML: "config:\n  aws:region: ap-northeast-1\n",
			want:      "the program failed:\n  previewtest:name is required: set it in Pulumi.prod.yaml",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := project(t, tt.stackYAML)
			code, stdout, stderr := runPreview(t, requireName, "--cli", cli, "--project-dir", dir,
				"--state-dir", t.TempDir(), "--out", t.TempDir())
			if code != 1 {
				t.Errorf("exit code = %d, want 1", code)
			}
			if !strings.Contains(stderr, "preview failed: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr =\n%s\nwant it to contain\n%s", stderr, tt.want)
			}
			if strings.Contains(stdout+stderr, "goroutine ") {
				t.Errorf("output has a stack trace:\n%s\n%s", stdout, stderr)
			}
		})
	}
}

func TestRunWritesWhatTheEngineSaw(t *testing.T) {
	cli := requireCLI(t)
	dir := project(t, "config:\n  aws:region: ap-northeast-1\n")
	out := t.TempDir()
	code, stdout, stderr := runPreview(t, handwritten.Program(handwritten.Options{PassRole: true}),
		"--cli", cli, "--project-dir", dir, "--state-dir", t.TempDir(), "--out", out)
	if code != 0 {
		t.Fatalf("exit code = %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"Previewing update (prod)", "+ 9 to create", "Preview passed."} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	// Trust policies are static; the role policy and definition are built
	// from outputs, so unknown at a first preview, and said so.
	if _, err := os.Stat(filepath.Join(out, iamDir, handwritten.MachineRoleName+".trust.json")); err != nil {
		t.Errorf("trust policy not written: %v", err)
	}
	if !strings.Contains(stdout, "not written: aws:sfn:StateMachine hw-machine.definition: unknown") {
		t.Errorf("stdout does not say the definition is unknown:\n%s", stdout)
	}
}

func TestRunRejectsArguments(t *testing.T) {
	code, _, stderr := runPreview(t, requireName, "extra")
	if code != 2 || !strings.Contains(stderr, "unexpected arguments: extra") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
}
