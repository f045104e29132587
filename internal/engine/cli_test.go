package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeCLI writes an executable `pulumi` into dir/bin that prints version.
func fakeCLI(t *testing.T, dir, version string) string {
	t.Helper()
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(bin, "pulumi")
	if err := os.WriteFile(p, []byte("#!/bin/sh\necho "+version+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFindCLI(t *testing.T) {
	t.Run("PULUMI_CLI wins", func(t *testing.T) {
		p := fakeCLI(t, t.TempDir(), CLIVersion)
		t.Setenv(CLIEnv, p)
		got, err := FindCLI(t.TempDir())
		if err != nil || got != p {
			t.Fatalf("FindCLI = %q, %v; want %q", got, err, p)
		}
	})
	t.Run("PULUMI_CLI naming nothing is an error", func(t *testing.T) {
		t.Setenv(CLIEnv, filepath.Join(t.TempDir(), "missing"))
		if _, err := FindCLI(t.TempDir()); err == nil || !strings.Contains(err.Error(), CLIEnv) {
			t.Fatalf("err = %v, want one naming %s", err, CLIEnv)
		}
	})
	t.Run("repo bin", func(t *testing.T) {
		t.Setenv(CLIEnv, "")
		root := t.TempDir()
		p := fakeCLI(t, root, CLIVersion)
		got, err := FindCLI(root)
		if err != nil || got != p {
			t.Fatalf("FindCLI = %q, %v; want %q", got, err, p)
		}
	})
	t.Run("PATH with the pinned version", func(t *testing.T) {
		t.Setenv(CLIEnv, "")
		dir := t.TempDir()
		p := fakeCLI(t, dir, CLIVersion)
		t.Setenv("PATH", filepath.Dir(p))
		got, err := FindCLI(t.TempDir())
		if err != nil || got != p {
			t.Fatalf("FindCLI = %q, %v; want %q", got, err, p)
		}
	})
	t.Run("PATH with another version says how to get the CLI", func(t *testing.T) {
		t.Setenv(CLIEnv, "")
		p := fakeCLI(t, t.TempDir(), "v3.100.0")
		t.Setenv("PATH", filepath.Dir(p))
		_, err := FindCLI(t.TempDir())
		if !errors.Is(err, ErrCLINotFound) || !strings.Contains(err.Error(), "v3.100.0") || !strings.Contains(err.Error(), "make cli") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("nothing says how to get the CLI", func(t *testing.T) {
		t.Setenv(CLIEnv, "")
		t.Setenv("PATH", t.TempDir())
		_, err := FindCLI(t.TempDir())
		if !errors.Is(err, ErrCLINotFound) || !strings.Contains(err.Error(), "make cli") || !strings.Contains(err.Error(), CLIEnv) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestOptionsValidate(t *testing.T) {
	err := Options{}.validate()
	for _, want := range []string{"Program", "Stack", "ProjectDir", "StateDir", "CLI"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validate() = %v, want it to name %s", err, want)
		}
	}
}
