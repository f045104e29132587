package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	argsFile := filepath.Join(dir, "args.json")
	if err := os.WriteFile(argsFile, []byte(`{
		"name": "two-jobs",
		"schedule": {"expression": "rate(1 day)"},
		"parallelJobs": [{"name": "only-build", "codebuild": {"projectName": "existing-project"}}],
		"finalJob": {"name": "wrap-up", "codebuild": {"projectName": "other-project"}}
	}`), 0o600); err != nil {
		t.Fatal(err)
	}
	badFile := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badFile, []byte(`{"name": "x", "schedule": {"expression": "cron(0 5 * * * *)"}}`), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		argv    []string
		want    []string // substrings of the diagram
		wantErr string
	}{
		{name: "seed", want: []string{"flowchart TD", "batch-job", "ecs-task-1", "ecs-task-2", "final-batch-job", "AnyJobFailed"}},
		{name: "args file", argv: []string{"-args", argsFile}, want: []string{"only-build", "wrap-up"}},
		{name: "invalid args", argv: []string{"-args", badFile}, wantErr: "schedule.expression"},
		{name: "missing file", argv: []string{"-args", filepath.Join(dir, "none.json")}, wantErr: "read pipeline args"},
		{name: "stray argument", argv: []string{"extra"}, wantErr: "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			err := run(tt.argv, &out)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("run() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("run(): %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("diagram lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

func TestRunWritesFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "workflow.mmd")
	if err := run([]string{"-o", out}, &strings.Builder{}); err != nil {
		t.Fatalf("run(): %v", err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "flowchart TD") {
		t.Errorf("file starts with %.40q, want a Mermaid flowchart", data)
	}
}
