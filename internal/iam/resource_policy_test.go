package iam

import (
	"strings"
	"testing"
)

// TestEvaluateResourcePolicy: a function policy (or a topic's, a queue's)
// as the role that calls sees it: statements that name the role or "*"
// allow on their own in its account; those that name the account only
// delegate to its identity policies; a service principal is not the role;
// a statement on another resource or another action does not apply
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).
// Policies are literals.
func TestEvaluateResourcePolicy(t *testing.T) {
	const (
		role = "arn:aws:iam::123456789012:role/sfn"
		fn   = "arn:aws:lambda:ap-northeast-1:123456789012:function:report"
	)
	req := Request{Action: "lambda:InvokeFunction", Resource: fn, Complete: true}
	stmt := func(effect, principal, action, resource, extra string) string {
		return `{"Effect":"` + effect + `","Principal":` + principal + `,"Action":"` + action + `","Resource":"` + resource + `"` + extra + `}`
	}
	policy := func(stmts ...string) string { return `{"Statement":[` + strings.Join(stmts, ",") + `]}` }
	tests := []struct {
		name            string
		policy          string
		direct, account Decision
		uncertain       string
	}{
		{"the role", policy(stmt("Allow", `{"AWS":"`+role+`"}`, "lambda:InvokeFunction", fn, "")), Allowed, ImplicitDeny, ""},
		{"the account", policy(stmt("Allow", `{"AWS":"arn:aws:iam::123456789012:root"}`, "lambda:InvokeFunction", fn, "")),
			ImplicitDeny, Allowed, ""},
		{"Step Functions", policy(stmt("Allow", `{"Service":"states.amazonaws.com"}`, "lambda:InvokeFunction", fn, "")),
			ImplicitDeny, ImplicitDeny, ""},
		{"another function", policy(stmt("Allow", `{"AWS":"`+role+`"}`, "lambda:InvokeFunction", fn+"-other", "")),
			ImplicitDeny, ImplicitDeny, ""},
		{"another action", policy(stmt("Allow", `{"AWS":"`+role+`"}`, "lambda:GetFunction", fn, "")), ImplicitDeny, ImplicitDeny, ""},
		{"an alias only", policy(stmt("Allow", `{"AWS":"`+role+`"}`, "lambda:InvokeFunction", fn+":live", "")),
			ImplicitDeny, ImplicitDeny, ""},
		{"everyone, for one source", policy(stmt("Allow", `"*"`, "lambda:InvokeFunction", fn,
			`,"Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:events:*:*:rule/x"}}`)), ImplicitDeny, ImplicitDeny, ""},
		{"everyone, for a source not known", policy(stmt("Allow", `"*"`, "lambda:InvokeFunction", fn,
			`,"Condition":{"StringEquals":{"aws:SourceOwner":"123456789012"}}`)), ImplicitDeny, ImplicitDeny, ""},
		{"a Deny of the role wins", policy(stmt("Allow", `"*"`, "lambda:InvokeFunction", fn, ""),
			stmt("Deny", `{"AWS":"`+role+`"}`, "lambda:*", "*", "")), ExplicitDeny, ExplicitDeny, ""},
		{"NotPrincipal", `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"x"},"Action":"lambda:InvokeFunction","Resource":"*"}]}`,
			ImplicitDeny, ImplicitDeny, "NotPrincipal is not evaluated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			direct, account := EvaluateResourcePolicy(req, role, mustParse(t, tt.policy))
			if direct.Decision != tt.direct || account.Decision != tt.account {
				t.Errorf("direct %v, through the account %v; want %v, %v", direct.Decision, account.Decision, tt.direct, tt.account)
			}
			got := strings.Join(append(texts(direct.Uncertain), texts(account.Uncertain)...), "\n")
			if (tt.uncertain == "") != (got == "") || !strings.Contains(got, tt.uncertain) {
				t.Errorf("uncertain %q, want %q", got, tt.uncertain)
			}
		})
	}
}
