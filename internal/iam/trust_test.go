package iam

import (
	"strings"
	"testing"

	"batchpipeline/internal/partial"
)

func TestEvaluateTrust(t *testing.T) {
	const (
		service = "events.amazonaws.com"
		account = "123456789012"
		rule    = "arn:aws:events:ap-northeast-1:123456789012:rule/nightly"
	)
	// known is the request EventBridge makes, with both keys known.
	known := Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/events",
		Context: map[string]string{"aws:SourceAccount": account, "aws:SourceArn": rule}}
	// open knows neither key.
	open := Request{Action: "sts:AssumeRole", Resource: known.Resource}
	stmt := func(body string) string { return `{"Version":"2012-10-17","Statement":[` + body + `]}` }
	allow := func(principal string) string {
		return stmt(`{"Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"}`)
	}
	tests := []struct {
		name      string
		req       Request
		trust     string
		want      Decision
		uncertain string // substring of Uncertain, "" for none
	}{
		{name: "the service", req: known, trust: allow(`{"Service":"events.amazonaws.com"}`), want: Allowed},
		{name: "one of several services", req: known, trust: allow(`{"Service":["states.amazonaws.com","events.amazonaws.com"]}`), want: Allowed},
		{name: "the service in another case: not evaluated", req: known, trust: allow(`{"Service":"Events.AmazonAWS.com"}`),
			want: ImplicitDeny, uncertain: "(case)"},
		{name: "another service", req: known, trust: allow(`{"Service":"ecs-tasks.amazonaws.com"}`), want: ImplicitDeny},
		{name: "an account, not the service", req: known, trust: allow(`{"AWS":"arn:aws:iam::123456789012:root"}`), want: ImplicitDeny},
		{name: "a federated principal", req: known, trust: allow(`{"Federated":"cognito-identity.amazonaws.com"}`), want: ImplicitDeny},
		{name: "everyone", req: known, trust: allow(`"*"`), want: Allowed},
		{name: "AWS *: not evaluated", req: known, trust: allow(`{"AWS":"*"}`), want: ImplicitDeny, uncertain: `Principal {"AWS": "*"}`},
		{name: "regional form: not evaluated", req: known, trust: allow(`{"Service":"events.ap-northeast-1.amazonaws.com"}`),
			want: ImplicitDeny, uncertain: "regional principal"},
		{name: "wildcard service: not evaluated", req: known, trust: allow(`{"Service":"*.amazonaws.com"}`),
			want: ImplicitDeny, uncertain: "pattern"},
		{name: "a longer name with the same prefix is another service", req: known,
			trust: allow(`{"Service":"eventsx.amazonaws.com"}`), want: ImplicitDeny},
		{name: "NotPrincipal: not evaluated", req: known,
			trust: stmt(`{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"sts:AssumeRole"}`),
			want:  ImplicitDeny, uncertain: "NotPrincipal in a role trust policy"},
		{name: "no Principal", req: known, trust: stmt(`{"Effect":"Allow","Action":"sts:AssumeRole"}`),
			want: ImplicitDeny, uncertain: "no Principal"},
		{name: "a Resource element", req: known,
			trust: stmt(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}`),
			want:  ImplicitDeny, uncertain: "Resource"},
		{name: "sts:*", req: known, trust: stmt(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:*"}`), want: Allowed},
		{name: "another action", req: known,
			trust: stmt(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}`),
			want:  ImplicitDeny},
		{name: "NotAction that spares AssumeRole", req: known,
			trust: stmt(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"NotAction":"sts:TagSession"}`), want: Allowed},
		{name: "an invalid Effect", req: known,
			trust: stmt(`{"Effect":"allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"}`),
			want:  ImplicitDeny, uncertain: "Effect"},
		{name: "source account matches", req: known, trust: stmt(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},` +
			`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}`), want: Allowed},
		{name: "source account differs", req: known, trust: stmt(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},` +
			`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"210987654321"}}}`), want: ImplicitDeny},
		{name: "source ARN pattern matches", req: known, trust: stmt(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},` +
			`"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:events:*:123456789012:rule/*"}}}`), want: Allowed},
		{name: "source ARN unknown", req: open, trust: stmt(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},` +
			`"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:events:*:123456789012:rule/*"}}}`),
			want: ImplicitDeny, uncertain: "aws:SourceArn: " + UnknownKeyReason},
		{name: "a false part decides despite an unknown one", req: Request{Action: "sts:AssumeRole",
			Context: map[string]string{"aws:SourceAccount": account}},
			trust: stmt(`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole",` +
				`"Condition":{"StringEquals":{"aws:SourceAccount":"210987654321"},"ArnLike":{"aws:SourceArn":"*"}}}`),
			want: ImplicitDeny},
		{name: "Deny of the service wins", req: known, trust: stmt(
			`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"},` +
				`{"Effect":"Deny","Principal":"*","Action":"sts:*"}`), want: ExplicitDeny},
		{name: "Deny of another service does not apply", req: known, trust: stmt(
			`{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole"},` +
				`{"Effect":"Deny","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}`), want: Allowed},
		{name: "no statement", req: known, trust: stmt(``), want: ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := EvaluateTrust(tt.req, service, mustParse(t, tt.trust))
			if res.Decision != tt.want {
				t.Errorf("Decision = %v, want %v (uncertain: %q)", res.Decision, tt.want, res.Uncertain)
			}
			got := strings.Join(texts(res.Uncertain), "\n")
			switch {
			case tt.uncertain == "" && got != "":
				t.Errorf("Uncertain = %q, want none", got)
			case tt.uncertain != "" && !strings.Contains(got, tt.uncertain):
				t.Errorf("Uncertain = %q, want it to contain %q", got, tt.uncertain)
			case tt.uncertain != "" && !strings.HasPrefix(got, "trust.Statement["):
				t.Errorf("Uncertain = %q, want it to name the statement as trust.Statement[N]", got)
			}
		})
	}
}

// TestEvaluateRoleTrust: how a trust policy names the role that assumes
// it, as AWS's evaluation pages tell (docs/research/credentials-trust.md,
// section 6): the role ARN or "*" grants directly, the account delegates
// to the caller's identity policy, anything else does not name it.
func TestEvaluateRoleTrust(t *testing.T) {
	const machine = "arn:aws:iam::123456789012:role/seed-sfn"
	req := Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/runner", Complete: true}
	allow := func(principal string, extra string) string {
		return `{"Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"` + extra + `}]}`
	}
	twoAccounts := "arn:aws:iam::" + partial.Hole{Label: "ACCOUNT_ID", Class: partial.AccountID,
		Among: []string{"123456789012", "210987654321"}}.String() + ":role/seed-sfn"
	tests := []struct {
		name            string
		caller, trust   string
		direct, account Decision
		uncertain       string // a substring of either Uncertain, "" for none
	}{
		{"the role's ARN", machine, allow(`{"AWS":"`+machine+`"}`, ""), Allowed, ImplicitDeny, ""},
		{"the account's ID", machine, allow(`{"AWS":"123456789012"}`, ""), ImplicitDeny, Allowed, ""},
		{"the account's root", machine, allow(`{"AWS":"arn:aws:iam::123456789012:root"}`, ""), ImplicitDeny, Allowed, ""},
		{"another account", machine, allow(`{"AWS":"arn:aws:iam::210987654321:root"}`, ""), ImplicitDeny, ImplicitDeny, ""},
		{"another role", machine, allow(`{"AWS":"arn:aws:iam::123456789012:role/other"}`, ""), ImplicitDeny, ImplicitDeny, ""},
		{"Step Functions itself", machine, allow(`{"Service":"states.amazonaws.com"}`, ""), ImplicitDeny, ImplicitDeny, ""},
		{"everyone", machine, allow(`"*"`, ""), Allowed, ImplicitDeny, ""},
		{"every AWS principal", machine, allow(`{"AWS":"*"}`, ""), Allowed, ImplicitDeny, ""},
		{"a Deny of the account wins", machine, `{"Statement":[` +
			`{"Effect":"Allow","Principal":{"AWS":"` + machine + `"},"Action":"sts:AssumeRole"},` +
			`{"Effect":"Deny","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}`, ExplicitDeny, ExplicitDeny, ""},
		{"a session of the role", machine, allow(`{"AWS":"arn:aws:sts::123456789012:assumed-role/seed-sfn/x"}`, ""),
			ImplicitDeny, ImplicitDeny, "session name"},
		{"a principal ID", machine, allow(`{"AWS":"AROAEXAMPLEID1234567"}`, ""), ImplicitDeny, ImplicitDeny, "principal ID"},
		{"an external ID", machine, allow(`{"AWS":"`+machine+`"}`, `,"Condition":{"StringEquals":{"sts:ExternalId":"x"}}`),
			ImplicitDeny, ImplicitDeny, ""},
		{"the caller's account among two", twoAccounts, allow(`{"AWS":"`+machine+`"}`, ""), ImplicitDeny, ImplicitDeny,
			"whether the principal " + machine + " is the caller's role depends on ACCOUNT_ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			direct, account := EvaluateRoleTrust(req, tt.caller, mustParse(t, tt.trust))
			if direct.Decision != tt.direct || account.Decision != tt.account {
				t.Errorf("direct %v, through the account %v; want %v, %v", direct.Decision, account.Decision, tt.direct, tt.account)
			}
			got := strings.Join(append(texts(direct.Uncertain), texts(account.Uncertain)...), "\n")
			switch {
			case tt.uncertain == "" && got != "":
				t.Errorf("uncertain %q, want none", got)
			case tt.uncertain != "" && !strings.Contains(got, tt.uncertain):
				t.Errorf("uncertain %q, want it to contain %q", got, tt.uncertain)
			}
		})
	}
}
