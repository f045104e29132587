package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"batchpipeline/internal/engine"
)

const definition = `{"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync","End":true}}}`

func TestCollectArtifacts(t *testing.T) {
	res := engine.Result{Steps: []engine.Step{
		{Type: "aws:sfn/stateMachine:StateMachine", Name: "machine", Op: "create",
			Inputs: map[string]any{"name": "nightly", "definition": definition}},
		{Type: "aws:sfn/stateMachine:StateMachine", Name: "other", Op: "create",
			Inputs: map[string]any{"name": "other", "definition": engine.Unknown}},
		{Type: "aws:iam/role:Role", Name: "sfn-role", Op: "create",
			Inputs: map[string]any{"name": "nightly-sfn", "assumeRolePolicy": `{"Version":"2012-10-17"}`,
				"inlinePolicies": []any{map[string]any{"name": "logs", "policy": `{"Statement":[]}`}}}},
		{Type: "aws:iam/rolePolicy:RolePolicy", Name: "sfn-policy", Op: "create",
			Inputs: map[string]any{"name": "nightly-sfn", "role": "nightly-sfn", "policy": `{"Statement":[` +
				`{"Effect":"Allow","Action":["ecs:RunTask","ecs:TagResource"],"Resource":"*"},` +
				`{"Effect":"Deny","Action":"iam:PassRole","Resource":"*"},{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*"}]}`}},
		{Type: "aws:iam/rolePolicy:RolePolicy", Name: "secret-policy", Op: "create",
			Inputs: map[string]any{"role": "r", "policy": "[secret]"}},
		{Type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", Name: "exec-managed", Op: "create",
			Inputs: map[string]any{"role": "nightly-exec", "policyArn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}},
		{Type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", Name: "odd-managed", Op: "create",
			Inputs: map[string]any{"role": "nightly-exec", "policyArn": "arn:aws:iam::aws:policy/NoSuchPolicy"}},
		{Type: "aws:iam/role:Role", Name: "gone", Op: "delete",
			Inputs: map[string]any{"name": "gone", "assumeRolePolicy": "{}"}},
	}}
	files, skipped := collectArtifacts(res)

	got := map[string]string{}
	granted := map[string]string{}
	for _, f := range files {
		got[f.path] = string(f.content)
		granted[f.path] = strings.Join(f.granted, ",")
	}
	// The summary lists what a role policy allows, each action once, and
	// nothing for other documents.
	if g := granted[filepath.FromSlash("iam/nightly-sfn.policy.nightly-sfn.json")]; g != "ecs:RunTask,ecs:TagResource" {
		t.Errorf("the role policy allows %q, want ecs:RunTask,ecs:TagResource", g)
	}
	if g := granted[filepath.FromSlash("iam/nightly-sfn.trust.json")]; g != "" {
		t.Errorf("the trust policy lists %q", g)
	}
	want := []string{
		"iam/nightly-exec.attached.AmazonECSTaskExecutionRolePolicy.json",
		"iam/nightly-sfn.inline.logs.json",
		"iam/nightly-sfn.policy.nightly-sfn.json",
		"iam/nightly-sfn.trust.json",
		"state-machines/nightly.asl.json",
		"state-machines/nightly.mmd",
	}
	if len(got) != len(want) {
		t.Errorf("files = %v, want %v", keys(got), want)
	}
	for _, p := range want {
		if _, ok := got[filepath.FromSlash(p)]; !ok {
			t.Errorf("missing %s; have %v", p, keys(got))
		}
	}
	if def := got[filepath.FromSlash("state-machines/nightly.asl.json")]; !strings.Contains(def, "\n  \"StartAt\": \"Run\"") {
		t.Errorf("definition not pretty-printed:\n%s", def)
	}
	if doc := got[filepath.FromSlash("iam/nightly-exec.attached.AmazonECSTaskExecutionRolePolicy.json")]; !strings.Contains(doc, "ecr:GetAuthorizationToken") {
		t.Errorf("managed policy document lacks ecr:GetAuthorizationToken:\n%s", doc)
	}
	if mmd := got[filepath.FromSlash("state-machines/nightly.mmd")]; !strings.Contains(mmd, "Run") {
		t.Errorf("diagram lacks the state Run:\n%s", mmd)
	}
	var why []string
	for _, s := range skipped {
		why = append(why, s.what+": "+s.why)
	}
	joined := strings.Join(why, "\n")
	if !strings.Contains(joined, "other.definition: unknown") || !strings.Contains(joined, "secret-policy.policy: secret") ||
		!strings.Contains(joined, "NoSuchPolicy is not among") {
		t.Errorf("skipped =\n%s", joined)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestWriteArtifactsReplacesStaleFiles(t *testing.T) {
	out := t.TempDir()
	stale := filepath.Join(out, iamDir, "old.json")
	mine := filepath.Join(out, "notes.txt")
	for _, p := range []string{stale, mine} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := writeArtifacts(out, []artifact{{path: filepath.Join(iamDir, "new.json"), content: []byte("{}\n")}})
	if err != nil {
		t.Fatalf("writeArtifacts: %v", err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale file survived: %v", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("a file outside the owned folders was removed: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(out, iamDir, "new.json"))
	if err != nil || string(data) != "{}\n" {
		t.Errorf("new.json = %q, %v", data, err)
	}
}

func TestFileSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/aws/vendedlogs/states/x", "aws_vendedlogs_states_x"},
		{"../etc", "__etc"},
		{"a:b", "a_b"},
		{"plain-name", "plain-name"},
	}
	for _, tt := range tests {
		if got := fileSafe(tt.in); got != tt.want {
			t.Errorf("fileSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
