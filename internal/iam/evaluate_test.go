package iam

import (
	"reflect"
	"strings"
	"testing"
)

// mustParse parses a policy document or fails the test.
func mustParse(t testing.TB, s string) Document {
	t.Helper()
	d, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("Parse(%s): %v", s, err)
	}
	return d
}

const (
	roleARN       = "arn:aws:iam::123456789012:role/svc/batch-task"
	ecsTasks      = "ecs-tasks.amazonaws.com"
	passedService = "iam:PassedToService"
)

// passRole is a PassRole request whose context is complete: it carries
// iam:PassedToService = service, or no key at all when service is "".
func passRole(service string) Request {
	req := openPassRole(service)
	req.Complete = true
	return req
}

// openPassRole is a PassRole request that carries iam:PassedToService =
// service (none when ""), and other keys the caller does not know.
func openPassRole(service string) Request {
	ctx := map[string]string{}
	if service != "" {
		ctx[passedService] = service
	}
	return Request{Action: "iam:PassRole", Resource: roleARN, Context: ctx}
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name      string
		req       Request
		identity  []string
		boundary  string
		want      Decision
		uncertain string // substring of Uncertain, "" for none
	}{
		{
			name:     "no statements: implicit deny",
			req:      Request{Action: "ecs:RunTask", Resource: "*"},
			identity: []string{`{"Statement":[]}`},
			want:     ImplicitDeny,
		},
		{
			name:     "exact action and resource",
			req:      Request{Action: "ecs:RunTask", Resource: "arn:aws:ecs:us-east-1:123:task-definition/job:3"},
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"ecs:RunTask","Resource":"arn:aws:ecs:us-east-1:123:task-definition/job:*"}}`},
			want:     Allowed,
		},
		{
			name:     "family ARN without revision does not match a revisioned resource",
			req:      Request{Action: "ecs:RunTask", Resource: "arn:aws:ecs:us-east-1:123:task-definition/job:3"},
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"ecs:RunTask","Resource":"arn:aws:ecs:us-east-1:123:task-definition/job"}}`},
			want:     ImplicitDeny,
		},
		{
			name:     "action is case-insensitive",
			req:      Request{Action: "ECS:runtask", Resource: "*"},
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*"}}`},
			want:     Allowed,
		},
		{
			name:     "resource is case-sensitive",
			req:      Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::Bucket/key"},
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}`},
			want:     ImplicitDeny,
		},
		{
			name:     "action wildcards",
			req:      Request{Action: "ecs:RunTask", Resource: "*"},
			identity: []string{`{"Statement":{"Effect":"Allow","Action":["s3:*","ecs:?unT*"],"Resource":"*"}}`},
			want:     Allowed,
		},
		{
			name: "explicit deny wins over allow",
			req:  passRole(ecsTasks),
			identity: []string{
				`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
				`{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}`,
			},
			want: ExplicitDeny,
		},
		{
			name:     "NotAction allow excludes iam",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","NotAction":["iam:*"],"Resource":"*"}}`},
			want:     ImplicitDeny,
		},
		{
			name:     "NotAction allow includes other services",
			req:      Request{Action: "ecs:RunTask", Resource: "*"},
			identity: []string{`{"Statement":{"Effect":"Allow","NotAction":["iam:*"],"Resource":"*"}}`},
			want:     Allowed,
		},
		{
			name:     "NotResource allow: every resource except those",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::123456789012:role/admin"}}`},
			want:     Allowed,
		},
		{
			name:     "NotResource allow excludes the named resource",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::123456789012:role/svc/*"}}`},
			want:     ImplicitDeny,
		},
		{
			name: "NotResource deny denies everything else",
			req:  passRole(ecsTasks),
			identity: []string{
				`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:PassRole","NotResource":"arn:aws:iam::123456789012:role/other"}]}`,
			},
			want: ExplicitDeny,
		},
		{
			name:     "role path: role/* spans the path",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/*"}}`},
			want:     Allowed,
		},
		{
			name:     "role path: name without the path does not match",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/batch-task"}}`},
			want:     ImplicitDeny,
		},
		{
			name:     "star spans account and colons",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*"}}`},
			want:     Allowed,
		},
		{
			name:     "PassRole StringEquals ecs-tasks",
			req:      passRole(ecsTasks),
			identity: []string{passRoleDoc("StringEquals", ecsTasks)},
			want:     Allowed,
		},
		{
			name:     "PassRole StringEquals wrong service",
			req:      passRole("lambda.amazonaws.com"),
			identity: []string{passRoleDoc("StringEquals", ecsTasks)},
			want:     ImplicitDeny,
		},
		{
			name:     "PassRole StringEquals key missing",
			req:      passRole(""),
			identity: []string{passRoleDoc("StringEquals", ecsTasks)},
			want:     ImplicitDeny,
		},
		{
			name:     "PassRole StringLike wildcard",
			req:      passRole(ecsTasks),
			identity: []string{passRoleDoc("StringLike", "ecs-*.amazonaws.com")},
			want:     Allowed,
		},
		{
			name:     "PassRole StringLike wrong service",
			req:      passRole("states.amazonaws.com"),
			identity: []string{passRoleDoc("StringLike", "ecs-*.amazonaws.com")},
			want:     ImplicitDeny,
		},
		{
			name:     "PassRole ForAnyValue:StringEquals",
			req:      passRole(ecsTasks),
			identity: []string{passRoleDoc("ForAnyValue:StringEquals", ecsTasks)},
			want:     Allowed,
		},
		{
			name:     "ForAnyValue on a missing key is false",
			req:      passRole(""),
			identity: []string{passRoleDoc("ForAnyValue:StringEquals", ecsTasks)},
			want:     ImplicitDeny,
		},
		{
			name:     "ForAllValues on a missing key is true",
			req:      passRole(""),
			identity: []string{passRoleDoc("ForAllValues:StringEquals", ecsTasks)},
			want:     Allowed,
		},
		{
			name:     "StringEqualsIfExists on a missing key",
			req:      passRole(""),
			identity: []string{passRoleDoc("StringEqualsIfExists", ecsTasks)},
			want:     Allowed,
		},
		{
			name:     "StringEqualsIfExists on a wrong service",
			req:      passRole("lambda.amazonaws.com"),
			identity: []string{passRoleDoc("StringEqualsIfExists", ecsTasks)},
			want:     ImplicitDeny,
		},
		{
			name:     "condition key is case-insensitive",
			req:      Request{Action: "iam:PassRole", Resource: roleARN, Context: map[string]string{"IAM:passedtoservice": ecsTasks}},
			identity: []string{passRoleDoc("StringEquals", ecsTasks)},
			want:     Allowed,
		},
		{
			name:     "values within a key are OR",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":["lambda.amazonaws.com","ecs-tasks.amazonaws.com"]}}}}`},
			want:     Allowed,
		},
		{
			name:     "keys are AND",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com","aws:RequestedRegion":"eu-west-1"}}}}`},
			want:     ImplicitDeny,
		},
		{
			name:     "StringNotEquals on a missing key is true",
			req:      passRole(""),
			identity: []string{passRoleDoc("StringNotEquals", "lambda.amazonaws.com")},
			want:     Allowed,
		},
		{
			name: "deny unless ecs-tasks: StringNotEquals",
			req:  passRole("lambda.amazonaws.com"),
			identity: []string{
				`{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Deny","Action":"iam:PassRole","Resource":"*","Condition":{"StringNotEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}`,
			},
			want: ExplicitDeny,
		},
		{
			name:     "StringEqualsIgnoreCase",
			req:      passRole("ECS-Tasks.amazonaws.com"),
			identity: []string{passRoleDoc("StringEqualsIgnoreCase", ecsTasks)},
			want:     Allowed,
		},
		{
			name:     "ArnLike on a role path",
			req:      Request{Action: "sts:AssumeRole", Resource: "*", Context: map[string]string{"aws:SourceArn": roleARN}},
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:role/svc/*"}}}}`},
			want:     Allowed,
		},
		{
			name:      "ArnLike with a bare star is uncertain",
			req:       Request{Action: "sts:AssumeRole", Resource: "*", Context: map[string]string{"aws:SourceArn": roleARN}},
			identity:  []string{`{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"*"}}}}`},
			want:      ImplicitDeny,
			uncertain: "six colon-separated parts",
		},
		{
			name:     "ArnNotLike on another path",
			req:      Request{Action: "sts:AssumeRole", Resource: "*", Context: map[string]string{"aws:SourceArn": roleARN}},
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"ArnNotLike":{"aws:SourceArn":"arn:aws:iam::*:role/admin/*"}}}}`},
			want:     Allowed,
		},
		{
			name:     "Bool false does not match true",
			req:      Request{Action: "s3:GetObject", Resource: "*", Context: map[string]string{"aws:SecureTransport": "true"}},
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`},
			want:     ImplicitDeny,
		},
		{
			name:     "Bool",
			req:      Request{Action: "s3:GetObject", Resource: "*", Context: map[string]string{"aws:SecureTransport": "true"}},
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true}}}}`},
			want:     Allowed,
		},
		{
			name:     "Null true on a missing key",
			req:      passRole(""),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"Null":{"iam:PassedToService":"true"}}}}`},
			want:     Allowed,
		},
		{
			name:     "Null true on a present key",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"Null":{"iam:PassedToService":"true"}}}}`},
			want:     ImplicitDeny,
		},
		{
			name:     "boundary without the permission",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`},
			boundary: `{"Statement":{"Effect":"Allow","Action":["ecs:*","events:*"],"Resource":"*"}}`,
			want:     ImplicitDeny,
		},
		{
			name:     "boundary with the permission",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}}`},
			boundary: `{"Statement":{"Effect":"Allow","Action":["ecs:*","iam:PassRole"],"Resource":"*"}}`,
			want:     Allowed,
		},
		{
			name:     "boundary never grants",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":[]}`},
			boundary: `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			want:     ImplicitDeny,
		},
		{
			name:     "boundary deny wins",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`},
			boundary: `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`,
			want:     ExplicitDeny,
		},
		{
			name:      "unsupported operator is uncertain, not allowing",
			req:       passRole(ecsTasks),
			identity:  []string{`{"Statement":{"Sid":"Num","Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}}`},
			want:      ImplicitDeny,
			uncertain: `"NumericLessThan" is not evaluated`,
		},
		{
			name: "uncertain deny is reported",
			req:  passRole(ecsTasks),
			identity: []string{
				`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"IP","Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`,
			},
			want:      Allowed,
			uncertain: `Sid="IP"`,
		},
		{
			name:     "uncertain part does not matter when another part is false",
			req:      passRole("lambda.amazonaws.com"),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"NumericLessThan":{"k":"1"},"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}}`},
			want:     ImplicitDeny,
		},
		{
			name:      "policy variable in resource is uncertain",
			req:       passRole(ecsTasks),
			identity:  []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/${aws:username}"}}`},
			want:      ImplicitDeny,
			uncertain: "policy variable",
		},
		{
			name: "a Deny with a malformed resource pattern is uncertain, never matching nothing",
			req:  passRole(ecsTasks),
			identity: []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},` +
				`{"Sid":"Short","Effect":"Deny","Action":"iam:PassRole","Resource":"arn:aws:iam::role/nightly-exec"}]}`},
			want:      Allowed,
			uncertain: `resource pattern "arn:aws:iam::role/nightly-exec" is not a well-formed ARN pattern`,
		},
		{
			name: "a Deny with an upper-case ARN prefix is uncertain",
			req:  passRole(ecsTasks),
			identity: []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},` +
				`{"Effect":"Deny","Action":"iam:PassRole","Resource":"ARN:aws:iam::123456789012:role/nightly-exec"}]}`},
			want:      Allowed,
			uncertain: "not a well-formed ARN pattern",
		},
		{
			name: "a Deny with an upper-case service is uncertain",
			req:  passRole(ecsTasks),
			identity: []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},` +
				`{"Effect":"Deny","Action":"iam:PassRole","Resource":"arn:aws:IAM::123456789012:role/nightly-exec"}]}`},
			want:      Allowed,
			uncertain: "not a well-formed ARN pattern",
		},
		{
			// An ARN has a partition ("arn:partition:service:..."),
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html;
			// a Deny written without one is not a pattern this package
			// can match, so it must never read as matching nothing.
			name: "a Deny with an empty partition is uncertain",
			req:  passRole(ecsTasks),
			identity: []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},` +
				`{"Effect":"Deny","Action":"iam:PassRole","Resource":"arn::iam::123456789012:role/nightly-exec"}]}`},
			want:      Allowed,
			uncertain: "not a well-formed ARN pattern",
		},
		{
			name: "a NotResource Deny with a malformed pattern is uncertain",
			req:  passRole(ecsTasks),
			identity: []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},` +
				`{"Effect":"Deny","Action":"iam:PassRole","NotResource":"nightly-exec"}]}`},
			want:      Allowed,
			uncertain: "not a well-formed ARN pattern",
		},
		{
			name:      "an Allow with a malformed pattern is uncertain too",
			req:       passRole(ecsTasks),
			identity:  []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"role/nightly-exec"}}`},
			want:      ImplicitDeny,
			uncertain: "not a well-formed ARN pattern",
		},
		{
			name: "a short pattern whose wildcard stands for the rest is well formed",
			req:  passRole(ecsTasks),
			identity: []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},` +
				`{"Effect":"Deny","Action":"iam:PassRole","Resource":"arn:aws:ecs:*"}]}`},
			want: Allowed,
		},
		{
			name: "a malformed pattern beside one that matches decides",
			req:  passRole(ecsTasks),
			identity: []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},` +
				`{"Effect":"Deny","Action":"iam:PassRole","Resource":["nightly-exec","arn:aws:iam::123456789012:role/*"]}]}`},
			want: ExplicitDeny,
		},
		{
			name:      "both Action and NotAction is uncertain",
			req:       passRole(ecsTasks),
			identity:  []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","NotAction":"s3:*","Resource":"*"}}`},
			want:      ImplicitDeny,
			uncertain: "both Action and NotAction",
		},
		{
			name:      "missing Resource is uncertain",
			req:       passRole(ecsTasks),
			identity:  []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole"}}`},
			want:      ImplicitDeny,
			uncertain: "neither Resource nor NotResource",
		},
		{
			name:      "bad Effect is uncertain",
			req:       passRole(ecsTasks),
			identity:  []string{`{"Statement":{"Effect":"allow","Action":"iam:PassRole","Resource":"*"}}`},
			want:      ImplicitDeny,
			uncertain: "Effect",
		},
		{
			name:     "statement for another action is not uncertain",
			req:      passRole(ecsTasks),
			identity: []string{`{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}]}`},
			want:     Allowed,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs []Document
			for _, s := range tt.identity {
				docs = append(docs, mustParse(t, s))
			}
			var boundary *Document
			if tt.boundary != "" {
				b := mustParse(t, tt.boundary)
				boundary = &b
			}
			got := Evaluate(tt.req, docs, boundary)
			checkResult(t, got, tt.want, tt.uncertain)
			if (got.Decision == Allowed) != (len(got.Allowing) > 0 && tt.want == Allowed) {
				t.Errorf("Allowing = %q for decision %v", got.Allowing, got.Decision)
			}
		})
	}
}

// passRoleDoc is an identity policy allowing iam:PassRole on every role
// under one condition on iam:PassedToService.
func passRoleDoc(operator, service string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"PassRole","Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/*","Condition":{"` +
		operator + `":{"iam:PassedToService":"` + service + `"}}}]}`
}

func TestEvaluateAllowingNamesStatements(t *testing.T) {
	doc := mustParse(t, passRoleDoc("StringEquals", ecsTasks))
	noSid := mustParse(t, `{"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`)
	got := Evaluate(passRole(ecsTasks), []Document{noSid, doc}, &noSid)
	want := []string{`identity[0].Statement[1]`, `identity[1].Statement[0] Sid="PassRole"`, `boundary.Statement[1]`}
	var labels []string
	for _, ref := range got.Allowing {
		labels = append(labels, ref.String())
	}
	if strings.Join(labels, "|") != strings.Join(want, "|") {
		t.Errorf("Allowing = %q, want %q", labels, want)
	}
}

// checkResult fails the test unless got has decision want and, when
// uncertain is set, an Uncertain reason containing it (else none).
func checkResult(t *testing.T, got Result, want Decision, uncertain string) {
	t.Helper()
	if got.Decision != want {
		t.Errorf("Decision = %v, want %v (result %+v)", got.Decision, want, got)
	}
	joined := strings.Join(texts(got.Uncertain), "\n")
	switch {
	case uncertain == "" && len(got.Uncertain) > 0:
		t.Errorf("Uncertain = %q, want none", got.Uncertain)
	case uncertain != "" && !strings.Contains(joined, uncertain):
		t.Errorf("Uncertain = %q, want one containing %q", got.Uncertain, uncertain)
	}
}

// TestDecideMatchesEvaluate checks that Decide returns Evaluate's decision
// and uncertain statements without Allowing, and allocates nothing for a
// request no statement leaves uncertain.
func TestDecideMatchesEvaluate(t *testing.T) {
	doc := mustParse(t, passRoleDoc("StringEquals", ecsTasks))
	uncertain := mustParse(t, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}}`)
	tests := []struct {
		name     string
		req      Request
		identity []Document
	}{
		{name: "allowed", req: passRole(ecsTasks), identity: []Document{doc}},
		{name: "implicitly denied", req: passRole("lambda.amazonaws.com"), identity: []Document{doc}},
		{name: "uncertain", req: passRole(ecsTasks), identity: []Document{uncertain, doc}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := Evaluate(tt.req, tt.identity, nil)
			want.Allowing = nil
			if got := Decide(tt.req, tt.identity, nil); !reflect.DeepEqual(got, want) {
				t.Errorf("Decide = %+v, want %+v", got, want)
			}
		})
	}
	docs := []Document{doc}
	req := passRole(ecsTasks)
	if n := testing.AllocsPerRun(100, func() { Decide(req, docs, nil) }); n != 0 {
		t.Errorf("Decide allocates %v times per call, want 0", n)
	}
}

// TestArnLikeMatchesEachPartApart: "Each of the six colon-delimited
// components of the ARN is checked separately and each can include
// multi-character match wildcards (*) or single-character match
// wildcards (?)"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
// A StringLike "*" would span the colons, so an ARN of another account
// whose resource part repeats the pattern's tail would match it.
func TestArnLikeMatchesEachPartApart(t *testing.T) {
	const pattern = "arn:aws:states:*:123456789012:stateMachine:*"
	doc := func(op string) string {
		return `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"` + op +
			`":{"aws:SourceArn":"` + pattern + `"}}}}`
	}
	// The account part is 210987654321: only a "*" that spans colons
	// reaches the 123456789012 of the resource part.
	other := "arn:aws:states:us-east-1:210987654321:stateMachine:a:123456789012:stateMachine:b"
	own := "arn:aws:states:us-east-1:123456789012:stateMachine:b"
	tests := []struct {
		op, source string
		want       Decision
	}{
		{"ArnLike", own, Allowed},
		{"ArnLike", other, ImplicitDeny},
		{"ArnEquals", other, ImplicitDeny},
		{"ArnNotLike", other, Allowed},
		{"StringLike", other, Allowed},
	}
	for _, tt := range tests {
		req := Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/r",
			Context: map[string]string{"aws:SourceArn": tt.source}}
		res := Evaluate(req, []Document{mustParse(t, doc(tt.op))}, nil)
		if res.Decision != tt.want || len(res.Uncertain) > 0 {
			t.Errorf("%s %s against %s: %v %v, want %v", tt.op, pattern, tt.source, res.Decision, res.Uncertain, tt.want)
		}
	}
}

// texts returns the uncertainties as text.
func texts(us []Uncertainty) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.String()
	}
	return out
}
