package iam

import (
	"testing"
)

const (
	clusterARN   = "arn:aws:ecs:eu-west-1:123456789012:cluster/batch"
	otherCluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/other"
	taskDefARN   = "arn:aws:ecs:eu-west-1:123456789012:task-definition/job:3"
	// notKnown is the reason Evaluate gives for a key of unknown value.
	notKnown = UnknownKeyReason
)

// runTaskOn is an ecs:RunTask request on taskDefARN; cluster, when not
// empty, is the ecs:cluster the request carries.
func runTaskOn(cluster string) Request {
	req := Request{Action: "ecs:RunTask", Resource: taskDefARN}
	if cluster != "" {
		req.Context = map[string]string{"ecs:cluster": cluster}
	}
	return req
}

// conditionDoc is an identity policy with one statement of the given
// effect on every action and resource, under one condition.
func conditionDoc(effect, operator, key, value string) string {
	return `{"Statement":[{"Effect":"` + effect + `","Action":"*","Resource":"*","Condition":{"` +
		operator + `":{"` + key + `":"` + value + `"}}}]}`
}

const allowAll = `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`

// TestEvaluateKeyKnowledge covers the three states of a condition key:
// present in Context, declared absent (Absent or Complete), and unknown.
func TestEvaluateKeyKnowledge(t *testing.T) {
	clusterCond := `{"Statement":{"Effect":"Allow","Action":"ecs:RunTask","Resource":"` + taskDefARN +
		`","Condition":{"ArnEquals":{"ecs:cluster":"` + clusterARN + `"}}}}`
	tests := []struct {
		name     string
		req      Request
		identity []string
		want     Decision
		// uncertain is a substring of the joined Uncertain; "" for none.
		uncertain string
	}{
		// A key present in Context is evaluated.
		{name: "ArnEquals ecs:cluster, the same cluster", req: runTaskOn(clusterARN),
			identity: []string{clusterCond}, want: Allowed},
		{name: "ArnEquals ecs:cluster, another cluster", req: runTaskOn(otherCluster),
			identity: []string{clusterCond}, want: ImplicitDeny},
		// A key of unknown value makes the statement uncertain, whatever
		// the operator.
		{name: "ArnEquals ecs:cluster, cluster not known", req: runTaskOn(""),
			identity: []string{clusterCond}, want: ImplicitDeny,
			uncertain: "condition ArnEquals on ecs:cluster: " + notKnown},
		{name: "zero-value context: unknown", req: Request{Action: "iam:PassRole", Resource: roleARN},
			identity: []string{passRoleDoc("StringEquals", ecsTasks)}, want: ImplicitDeny,
			uncertain: "condition StringEquals on iam:PassedToService: " + notKnown},
		{name: "unknown key, negated operator", req: openPassRole(""),
			identity: []string{passRoleDoc("StringNotEquals", "lambda.amazonaws.com")}, want: ImplicitDeny,
			uncertain: "condition StringNotEquals on iam:PassedToService: " + notKnown},
		{name: "unknown key, IfExists", req: openPassRole(""),
			identity: []string{passRoleDoc("StringEqualsIfExists", ecsTasks)}, want: ImplicitDeny,
			uncertain: "condition StringEqualsIfExists on iam:PassedToService: " + notKnown},
		{name: "unknown key, ForAllValues", req: openPassRole(""),
			identity: []string{passRoleDoc("ForAllValues:StringEquals", ecsTasks)}, want: ImplicitDeny,
			uncertain: "condition ForAllValues:StringEquals on iam:PassedToService: " + notKnown},
		{name: "unknown key, ForAnyValue", req: openPassRole(""),
			identity: []string{passRoleDoc("ForAnyValue:StringEquals", ecsTasks)}, want: ImplicitDeny,
			uncertain: "condition ForAnyValue:StringEquals on iam:PassedToService: " + notKnown},
		{name: "unknown key, Null", req: openPassRole(""),
			identity: []string{conditionDoc("Allow", "Null", "aws:ResourceTag/team", "true")}, want: ImplicitDeny,
			uncertain: "condition Null on aws:ResourceTag/team: " + notKnown},
		{name: "aws:RequestedRegion on PassRole is uncertain, not a denial", req: openPassRole(ecsTasks),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com","aws:RequestedRegion":"eu-west-1"}}}}`},
			want:     ImplicitDeny, uncertain: "condition StringEquals on aws:RequestedRegion: " + notKnown},
		{name: "uncertain Deny on an unknown key does not deny", req: openPassRole(ecsTasks),
			identity: []string{allowAll, conditionDoc("Deny", "StringNotEquals", "aws:RequestedRegion", "eu-west-1")},
			want:     Allowed, uncertain: "condition StringNotEquals on aws:RequestedRegion: " + notKnown},
		// A known false part decides the block, the unknown key aside.
		{name: "unknown key beside a false part: decided", req: openPassRole("lambda.amazonaws.com"),
			identity: []string{`{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com","aws:RequestedRegion":"eu-west-1"}}}}`},
			want:     ImplicitDeny},
		{name: "statement without conditions needs no context", req: Request{Action: "iam:PassRole", Resource: roleARN},
			identity: []string{allowAll}, want: Allowed},
		// A key declared absent follows the missing-key rules.
		{name: "Absent: positive operator false", req: withAbsent(runTaskOn(""), "ECS:Cluster"),
			identity: []string{clusterCond}, want: ImplicitDeny},
		{name: "Absent: negated operator true", req: withAbsent(openPassRole(""), passedService),
			identity: []string{passRoleDoc("StringNotEquals", "lambda.amazonaws.com")}, want: Allowed},
		{name: "Absent: IfExists true", req: withAbsent(openPassRole(""), passedService),
			identity: []string{passRoleDoc("StringEqualsIfExists", ecsTasks)}, want: Allowed},
		{name: "Absent: Null true holds", req: withAbsent(openPassRole(""), "aws:ResourceTag/team"),
			identity: []string{conditionDoc("Allow", "Null", "aws:ResourceTag/team", "true")}, want: Allowed},
		{name: "Absent: Deny with a negated operator denies", req: withAbsent(openPassRole(""), "aws:RequestedRegion"),
			identity: []string{allowAll, conditionDoc("Deny", "StringNotEquals", "aws:RequestedRegion", "eu-west-1")},
			want:     ExplicitDeny},
		{name: "Absent names another key: still unknown", req: withAbsent(openPassRole(""), "aws:RequestedRegion"),
			identity: []string{passRoleDoc("StringEquals", ecsTasks)}, want: ImplicitDeny,
			uncertain: "condition StringEquals on iam:PassedToService: " + notKnown},
		{name: "Absent and Context: the value wins", req: withAbsent(runTaskOn(clusterARN), "ecs:cluster"),
			identity: []string{clusterCond}, want: Allowed},
		// Complete: every key missing from Context is absent.
		{name: "Complete: ArnEquals on a missing key is false", req: complete(runTaskOn("")),
			identity: []string{clusterCond}, want: ImplicitDeny},
		{name: "Complete: ForAllValues on a missing key is true", req: complete(openPassRole("")),
			identity: []string{passRoleDoc("ForAllValues:StringEquals", ecsTasks)}, want: Allowed},
		{name: "Complete: present key still evaluated", req: complete(runTaskOn(otherCluster)),
			identity: []string{clusterCond}, want: ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs []Document
			for _, s := range tt.identity {
				docs = append(docs, mustParse(t, s))
			}
			got := Evaluate(tt.req, docs, nil)
			checkResult(t, got, tt.want, tt.uncertain)
		})
	}
}

func withAbsent(req Request, keys ...string) Request {
	req.Absent = append(req.Absent, keys...)
	return req
}

func complete(req Request) Request {
	req.Complete = true
	return req
}

// TestEvaluateUnknownKeyNeverFlipsTheDecision checks, for every supported
// operator form, that a condition on a key of unknown value never allows
// or denies: the same document decides the request once the key is
// declared present or absent.
func TestEvaluateUnknownKeyNeverFlipsTheDecision(t *testing.T) {
	ops := []string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase",
		"ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike", "Bool", "Null"}
	for _, base := range ops {
		for _, op := range []string{base, base + "IfExists", "ForAnyValue:" + base, "ForAllValues:" + base} {
			value := clusterARN
			if base == "Bool" || base == "Null" {
				value = "true"
			}
			for _, effect := range []string{"Allow", "Deny"} {
				docs := []Document{mustParse(t, conditionDoc(effect, op, "ecs:cluster", value))}
				if effect == "Deny" {
					docs = append(docs, mustParse(t, allowAll))
				}
				got := Evaluate(runTaskOn(""), docs, nil)
				if len(got.Uncertain) == 0 {
					t.Errorf("%s %s on an unknown key: no Uncertain (result %+v)", effect, op, got)
				}
				want := ImplicitDeny
				if effect == "Deny" {
					want = Allowed
				}
				if got.Decision != want {
					t.Errorf("%s %s on an unknown key: Decision = %v, want %v (only the certain statements count)",
						effect, op, got.Decision, want)
				}
			}
		}
	}
}

// TestRequestContextLookup covers key spelling: keys are case-insensitive,
// the exact spelling is found first, and of two spellings of one key the
// answer does not depend on map order.
func TestRequestContextLookup(t *testing.T) {
	tests := []struct {
		name      string
		req       Request
		key       string
		wantValue string
		wantState keyState
	}{
		{name: "exact spelling", req: Request{Context: map[string]string{"ecs:cluster": "c"}},
			key: "ecs:cluster", wantValue: "c", wantState: keyPresent},
		{name: "other case", req: Request{Context: map[string]string{"ECS:Cluster": "c"}},
			key: "ecs:cluster", wantValue: "c", wantState: keyPresent},
		{name: "exact spelling wins over another case",
			req: Request{Context: map[string]string{"ECS:CLUSTER": "upper", "ecs:cluster": "exact"}},
			key: "ecs:cluster", wantValue: "exact", wantState: keyPresent},
		{name: "two other spellings: the smallest",
			req: Request{Context: map[string]string{"ECS:CLUSTER": "upper", "Ecs:Cluster": "title"}},
			key: "ecs:cluster", wantValue: "upper", wantState: keyPresent},
		{name: "absent in another case", req: Request{Absent: []string{"ECS:CLUSTER"}},
			key: "ecs:cluster", wantState: keyAbsent},
		{name: "present and absent: present",
			req: Request{Context: map[string]string{"ecs:cluster": "c"}, Absent: []string{"ecs:cluster"}},
			key: "ecs:cluster", wantValue: "c", wantState: keyPresent},
		{name: "complete context", req: Request{Context: map[string]string{"a": "b"}, Complete: true},
			key: "ecs:cluster", wantState: keyAbsent},
		{name: "open context", req: Request{Context: map[string]string{"a": "b"}, Absent: []string{"c"}},
			key: "ecs:cluster", wantState: keyUnknown},
		{name: "zero request", key: "ecs:cluster", wantState: keyUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 20 { // map order varies between iterations
				v, st := tt.req.lookup(tt.key)
				if v != tt.wantValue || st != tt.wantState {
					t.Fatalf("lookup(%q) = %q, %v; want %q, %v", tt.key, v, st, tt.wantValue, tt.wantState)
				}
			}
		})
	}
}
