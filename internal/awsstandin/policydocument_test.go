package awsstandin

import (
	"strings"
	"testing"
)

func TestRenderPolicyDocument(t *testing.T) {
	tests := []struct {
		name string
		args map[string]any
		want string
	}{
		{
			name: "empty document",
			args: map[string]any{},
			want: `{"Version":"2012-10-17","Statement":[]}`,
		},
		{
			name: "trust policy with a service principal",
			args: map[string]any{"statements": []any{map[string]any{
				"actions":    []any{"sts:AssumeRole"},
				"principals": []any{map[string]any{"type": "Service", "identifiers": []any{"states.amazonaws.com"}}},
			}}},
			want: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"states.amazonaws.com"}}]}`,
		},
		{
			name: "several actions, a condition, a deny",
			args: map[string]any{"policyId": "p", "statements": []any{map[string]any{
				"sid":       "PassRole",
				"effect":    "Deny",
				"actions":   []any{"iam:PassRole", "iam:GetRole"},
				"resources": []any{"arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"},
				"conditions": []any{map[string]any{
					"test": "StringEquals", "variable": "iam:PassedToService", "values": []any{"ecs-tasks.amazonaws.com"},
				}},
			}}},
			want: `{"Version":"2012-10-17","Id":"p","Statement":[{"Sid":"PassRole","Effect":"Deny",` +
				`"Action":["iam:PassRole","iam:GetRole"],"Resource":["arn:aws:iam::1:role/a","arn:aws:iam::1:role/b"],` +
				`"Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}`,
		},
		{
			name: "everyone as principal",
			args: map[string]any{"statements": []any{map[string]any{
				"actions":    []any{"sns:Publish"},
				"principals": []any{map[string]any{"type": "*", "identifiers": []any{"*"}}},
			}}},
			want: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:Publish","Principal":"*"}]}`,
		},
		{
			name: "source statements first, same Sid replaced, override last",
			args: map[string]any{
				"sourcePolicyDocuments": []any{
					`{"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"B","Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`,
				},
				"statements": []any{map[string]any{"sid": "B", "actions": []any{"s3:ListBucket"}, "resources": []any{"*"}}},
				"overridePolicyDocuments": []any{
					`{"Statement":{"Sid":"A","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}}`,
				},
			},
			want: `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":"s3:GetObject","Resource":"*"},` +
				`{"Sid":"B","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`,
		},
		{
			name: "no HTML escaping",
			args: map[string]any{"statements": []any{map[string]any{
				"actions": []any{"s3:GetObject"}, "resources": []any{"arn:aws:s3:::a&b<c>"},
			}}},
			want: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a&b<c>"}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := renderPolicyDocument(tt.args)
			if err != nil {
				t.Fatalf("renderPolicyDocument: %v", err)
			}
			if doc.Minified != tt.want {
				t.Errorf("minified =\n%s\nwant\n%s", doc.Minified, tt.want)
			}
			if !strings.Contains(doc.Pretty, "\n  \"Version\": \"2012-10-17\"") {
				t.Errorf("pretty form not indented by two spaces:\n%s", doc.Pretty)
			}
		})
	}
}

func TestRenderPolicyDocumentRejectsBrokenSource(t *testing.T) {
	_, err := renderPolicyDocument(map[string]any{"sourcePolicyDocuments": []any{"{not json"}})
	if err == nil || !strings.Contains(err.Error(), "sourcePolicyDocuments[0]") {
		t.Fatalf("err = %v, want one naming sourcePolicyDocuments[0]", err)
	}
}
