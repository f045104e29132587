package iam

import (
	"reflect"
	"slices"
	"testing"
)

// FuzzParse checks, on any bytes, that Parse never panics, that a parsed
// document marshals and re-parses to the same value, and that Evaluate
// never panics on whatever Parse accepted, nor EvaluateTrust. The inputs of parseTests are
// among its seeds.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		`{"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"NotResource":"arn:aws:iam::1:role/x"}]}`,
		passRoleDoc("ForAnyValue:StringLikeIfExists", "ecs-*"),
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"Null":{"k":true},"Bool":{"b":false},"NumericLessThan":{"n":[1,2]}}}]}`,
		`{"Statement":[]}`,
		`null`,
		`[1,2,{"a":[]}]`,
	} {
		f.Add([]byte(seed))
	}
	for _, tt := range parseTests {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data)
		if err != nil {
			return
		}
		out, err := doc.JSON()
		if err != nil {
			t.Fatalf("JSON of a parsed document: %v", err)
		}
		again, err := Parse([]byte(out))
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		if !reflect.DeepEqual(doc, again) {
			t.Fatalf("round trip changed the document:\n%#v\n%#v", doc, again)
		}
		for _, req := range []Request{
			{Action: "iam:PassRole", Resource: "arn:aws:iam::1:role/x", Context: map[string]string{"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
			{Action: "", Resource: ""},
		} {
			res := Evaluate(req, []Document{doc}, &doc)
			if res.Decision == Allowed && len(res.Allowing) == 0 {
				t.Fatalf("Allowed without an allowing statement: %+v", res)
			}
			EvaluateTrust(req, "states.amazonaws.com", doc)
		}
	})
}

// FuzzMatch checks that matching never panics, that the byte matcher
// agrees with the rune one, that a literal always matches itself, that "*"
// matches everything and that actions ignore case.
func FuzzMatch(f *testing.F) {
	f.Add("iam:Pass*", "iam:PassRole")
	f.Add("arn:aws:iam::*:role/?vc/*", "arn:aws:iam::123:role/svc/name")
	f.Add("a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	f.Add("日?", "日本")
	f.Add("\xff*", "\xfe")
	f.Add("ECS:run*", "ecs:RunTask")
	f.Add("a*é", "abcé")
	f.Add("*?", "xé")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		got, gotAction := MatchResource(pattern, s), MatchAction(pattern, s)
		if MatchAction(pattern, s) != gotAction || MatchResource(pattern, s) != got {
			t.Fatal("matching is not deterministic")
		}
		if got != globRunes(pattern, s, false) || gotAction != globRunes(pattern, s, true) {
			t.Fatalf("glob(%q, %q) = %v/%v (resource/action), the rune matcher says %v/%v",
				pattern, s, got, gotAction, globRunes(pattern, s, false), globRunes(pattern, s, true))
		}
		if got && !MatchAction(pattern, s) {
			t.Fatalf("case-sensitive match %q %q but not the case-insensitive one", pattern, s)
		}
		if !MatchResource("*", s) || !MatchAction("*", s) {
			t.Fatalf("* does not match %q", s)
		}
		if !containsWildcard(s) && !MatchResource(s, s) {
			t.Fatalf("literal %q does not match itself", s)
		}
		if got && !MatchResource(pattern+"*", s+"x") {
			t.Fatalf("%q matches %q but %q does not match %q", pattern, s, pattern+"*", s+"x")
		}
	})
}

func containsWildcard(s string) bool {
	for _, r := range s {
		if r == '*' || r == '?' {
			return true
		}
	}
	return false
}

// FuzzEvaluate checks properties of Evaluate that hold for any document
// and request: it is deterministic, Decide agrees with it, an added "deny everything" document
// always wins, a permissions boundary never grants what the identity
// policies alone do not, and declaring the context complete never reverses
// a decision reached without uncertainty on the open context.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte(passRoleDoc("StringLike", "ecs-*")), "iam:PassRole", "arn:aws:iam::123456789012:role/svc/x", "ecs-tasks.amazonaws.com")
	f.Add([]byte(`{"Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"iam:PassedToService":"x"}}}]}`), "s3:GetObject", "arn:aws:s3:::c/k", "")
	f.Add([]byte(`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValues:ArnLike":{"iam:PassedToService":"arn:*:*:*:*:*"},"Null":{"aws:TokenIssueTime":"false"}}}}`), "ecs:RunTask", "*", "arn:aws:iam::1:role/x")
	f.Fuzz(func(t *testing.T, data []byte, action, resource, service string) {
		doc, err := Parse(data)
		if err != nil {
			return
		}
		req := Request{Action: action, Resource: resource, Context: map[string]string{"iam:PassedToService": service}}
		first := Evaluate(req, []Document{doc}, nil)
		if again := Evaluate(req, []Document{doc}, nil); !reflect.DeepEqual(first, again) {
			t.Fatalf("not deterministic: %+v then %+v", first, again)
		}
		withoutAllowing := first
		withoutAllowing.Allowing = nil
		if decided := Decide(req, []Document{doc}, &doc); !reflect.DeepEqual(decided, evalWithout(req, doc)) {
			t.Fatalf("Decide = %+v, Evaluate without Allowing = %+v", decided, evalWithout(req, doc))
		}
		if decided := Decide(req, []Document{doc}, nil); !reflect.DeepEqual(decided, withoutAllowing) {
			t.Fatalf("Decide = %+v, Evaluate without Allowing = %+v", decided, withoutAllowing)
		}
		denyAll := Document{Statement: []Statement{{Effect: Deny, Action: Strings{"*"}, Resource: Strings{"*"}}}}
		if got := Evaluate(req, []Document{doc, denyAll}, nil).Decision; got != ExplicitDeny {
			t.Fatalf("deny-all document did not win: %v", got)
		}
		if Evaluate(req, []Document{doc}, &doc).Decision == Allowed && first.Decision != Allowed {
			t.Fatalf("a boundary granted a permission: %+v", first)
		}
		full := req
		full.Complete = true
		whole := Evaluate(full, []Document{doc}, nil)
		if first.Decision == ExplicitDeny && whole.Decision != ExplicitDeny {
			t.Fatalf("a certain Deny did not hold with the complete context: open %+v, complete %+v", first, whole)
		}
		if first.Decision == Allowed && len(first.Uncertain) == 0 && whole.Decision != Allowed {
			t.Fatalf("a certain Allow did not hold with the complete context: open %+v, complete %+v", first, whole)
		}
	})
}

// evalWithout is Evaluate with doc as identity and boundary, Allowing
// dropped: what Decide returns.
func evalWithout(req Request, doc Document) Result {
	res := Evaluate(req, []Document{doc}, &doc)
	res.Allowing = nil
	return res
}

// FuzzEvaluateTrust checks properties of EvaluateTrust that hold for any
// trust policy and request: it is deterministic, a Deny of every
// principal always wins, an Allow of the service without conditions allows
// unless something denies or is uncertain, and declaring the context
// complete never reverses a decision reached without uncertainty.
func FuzzEvaluateTrust(f *testing.F) {
	f.Add([]byte(`{"Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole",`+
		`"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:states:*:1:stateMachine:*"},"StringEquals":{"aws:SourceAccount":"1"}}}]}`),
		"states.amazonaws.com", "1", "arn:aws:states:us-east-1:1:stateMachine:m")
	f.Add([]byte(`{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"x"},"NotAction":"sts:TagSession"},`+
		`{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"StringNotEqualsIfExists":{"aws:SourceAccount":"2"}}}]}`),
		"events.amazonaws.com", "2", "")
	f.Fuzz(func(t *testing.T, data []byte, service, account, source string) {
		doc, err := Parse(data)
		if err != nil {
			return
		}
		req := Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::1:role/r",
			Context: map[string]string{"aws:SourceAccount": account, "aws:SourceArn": source}}
		first := EvaluateTrust(req, service, doc)
		if again := EvaluateTrust(req, service, doc); !reflect.DeepEqual(first, again) {
			t.Fatalf("not deterministic: %+v then %+v", first, again)
		}
		withDeny := doc
		withDeny.Statement = append(slices.Clone(doc.Statement), Statement{Effect: Deny, Principal: &Principal{Wildcard: true}, Action: Strings{"*"}})
		if got := EvaluateTrust(req, service, withDeny).Decision; got != ExplicitDeny {
			t.Fatalf("a Deny of every principal did not win: %v", got)
		}
		withAllow := doc
		withAllow.Statement = append(slices.Clone(doc.Statement), Statement{Effect: Allow,
			Principal: &Principal{ByType: map[string]Strings{"Service": {service}}}, Action: Strings{"sts:AssumeRole"}})
		if got := EvaluateTrust(req, service, withAllow); got.Decision != Allowed && got.Decision != ExplicitDeny && len(got.Uncertain) == 0 {
			t.Fatalf("an Allow of the service did not allow: %+v", got)
		}
		full := req
		full.Complete = true
		whole := EvaluateTrust(full, service, doc)
		if len(first.Uncertain) == 0 && first.Decision != whole.Decision {
			t.Fatalf("a certain decision changed with the complete context: open %+v, complete %+v", first, whole)
		}
	})
}
