package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCopyProjectKeepsWorkspaceSaltOnly(t *testing.T) {
	project, work := t.TempDir(), t.TempDir()
	write(t, filepath.Join(project, "Pulumi.yaml"), "name: p\nruntime: go\n")
	write(t, filepath.Join(project, "Pulumi.prod.yaml"),
		"secretsprovider: awskms://alias/x\nencryptedkey: abc\nencryptionsalt: v1:theirs\nconfig:\n  aws:region: eu-west-1\n")

	if err := copyProject(project, work, "prod"); err != nil {
		t.Fatalf("first copy: %v", err)
	}
	first := read(t, filepath.Join(work, "Pulumi.prod.yaml"))
	for _, gone := range []string{"secretsprovider", "encryptedkey", "theirs"} {
		if strings.Contains(first, gone) {
			t.Errorf("copied stack file keeps %s:\n%s", gone, first)
		}
	}
	if !strings.Contains(first, "aws:region: eu-west-1") {
		t.Errorf("copied stack file lost its config:\n%s", first)
	}

	// The CLI adds its own salt when it creates the stack; a later copy keeps it.
	write(t, filepath.Join(work, "Pulumi.prod.yaml"), "encryptionsalt: v1:ours\n"+first)
	write(t, filepath.Join(project, "Pulumi.prod.yaml"), "config:\n  aws:region: us-east-1\n")
	if err := copyProject(project, work, "prod"); err != nil {
		t.Fatalf("second copy: %v", err)
	}
	second := read(t, filepath.Join(work, "Pulumi.prod.yaml"))
	if !strings.HasPrefix(second, "encryptionsalt: v1:ours\n") || !strings.Contains(second, "us-east-1") {
		t.Errorf("second copy =\n%s\nwant our salt and the new config", second)
	}
	if got := read(t, filepath.Join(work, "Pulumi.yaml")); got != "name: p\nruntime: go\n" {
		t.Errorf("project file = %q", got)
	}
}

func TestCopyProjectWithoutProjectFile(t *testing.T) {
	err := copyProject(t.TempDir(), t.TempDir(), "prod")
	if err == nil || !strings.Contains(err.Error(), "no Pulumi.yaml") {
		t.Fatalf("err = %v, want no Pulumi.yaml", err)
	}
}
