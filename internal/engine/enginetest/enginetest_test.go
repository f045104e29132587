package enginetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records a skip or a failure instead of
// ending the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Skipf(format string, args ...any) { r.skipped = fmt.Sprintf(format, args...) }

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestRequireCLI(t *testing.T) {
	noCLI := t.TempDir() // a repository without bin/pulumi
	fake := filepath.Join(t.TempDir(), "pulumi")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ci, cli string
		want          string // "cli", "skip" or "fail"
	}{
		{"no CLI outside CI skips", "", "", "skip"},
		{"no CLI in CI fails", "true", "", "fail"},
		{"PULUMI_CLI given", "true", fake, "cli"},
		{"PULUMI_CLI not executable fails, in CI or not", "", noCLI + "/missing", "fail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			t.Setenv("PULUMI_CLI", tt.cli)
			t.Setenv("PATH", t.TempDir()) // no pulumi on PATH
			r := &recorder{TB: t}
			got := RequireCLI(r, noCLI)
			outcome := "cli"
			switch {
			case r.skipped != "":
				outcome = "skip"
				if !strings.Contains(r.skipped, "make test") {
					t.Errorf("skip message %q does not name make test", r.skipped)
				}
			case r.failed != "":
				outcome = "fail"
			case got != tt.cli:
				t.Errorf("RequireCLI = %q, want %q", got, tt.cli)
			}
			if outcome != tt.want {
				t.Errorf("outcome %s (skip %q, fail %q), want %s", outcome, r.skipped, r.failed, tt.want)
			}
		})
	}
}
