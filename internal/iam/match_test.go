package iam

import (
	"strings"
	"testing"
	"time"
)

func TestMatchAction(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"*", "iam:PassRole", true},
		{"iam:*", "iam:PassRole", true},
		{"IAM:passrole", "iam:PassRole", true},
		{"iam:Pass*", "IAM:PASSROLE", true},
		{"iam:?assRole", "iam:PassRole", true},
		{"iam:?assRole", "iam:assRole", false},
		{"iam:PassRole", "iam:PassRoles", false},
		{"iam:PassRole*", "iam:PassRole", true},
		{"s3:*", "iam:PassRole", false},
		{"", "", true},
		{"", "iam:PassRole", false},
		{"*:*", "ecs:RunTask", true},
		{"ecs:*Task", "ecs:RunTask", true},
		{"ecs:*Task", "ecs:RunTasks", false},
		{"ecs:*T*s*", "ecs:DescribeTasks", true},
	}
	for _, tt := range tests {
		if got := MatchAction(tt.pattern, tt.action); got != tt.want {
			t.Errorf("MatchAction(%q, %q) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}

func TestMatchResource(t *testing.T) {
	tests := []struct {
		pattern, arn string
		want         bool
	}{
		{"*", "arn:aws:iam::123:role/svc/name", true},
		{"arn:aws:iam::123:role/*", "arn:aws:iam::123:role/svc/name", true},
		{"arn:aws:iam::123:role/name", "arn:aws:iam::123:role/svc/name", false},
		{"arn:aws:iam::*:role/svc/name", "arn:aws:iam::123:role/svc/name", true},
		{"arn:aws:iam::*", "arn:aws:iam::123:role/svc/name", true},
		{"arn:aws:iam::123:role/SVC/*", "arn:aws:iam::123:role/svc/name", false},
		{"arn:aws:ecs:*:123:task-definition/job:*", "arn:aws:ecs:us-east-1:123:task-definition/job:12", true},
		{"arn:aws:ecs:*:123:task-definition/job:*", "arn:aws:ecs:us-east-1:123:task-definition/job", false},
		{"arn:aws:ecs:*:123:task-definition/job:*", "arn:aws:ecs:us-east-1:123:task-definition/jobs:1", false},
		{"arn:aws:ecs:us-east-?:123:*", "arn:aws:ecs:us-east-1:123:x", true},
		{"arn:aws:ecs:us-east-?:123:*", "arn:aws:ecs:us-east-10:123:x", false},
		{"日本*", "日本語", true},
		{"日?語", "日本語", true},
	}
	for _, tt := range tests {
		if got := MatchResource(tt.pattern, tt.arn); got != tt.want {
			t.Errorf("MatchResource(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, tt.want)
		}
	}
}

// TestMatchNoBacktrackingBlowup checks a pattern that takes exponential
// time with naive recursive backtracking.
func TestMatchNoBacktrackingBlowup(t *testing.T) {
	pattern := strings.Repeat("a*", 30) + "b"
	s := strings.Repeat("a", 5000)
	start := time.Now()
	if MatchResource(pattern, s) {
		t.Fatal("matched, want no match")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestArnLike(t *testing.T) {
	tests := []struct {
		pattern, arn string
		want         bool
	}{
		{"arn:aws:iam::*:role/svc/*", "arn:aws:iam::123:role/svc/name", true},
		{"arn:aws:iam::123:role/*", "arn:aws:iam::123:role/svc/name", true},
		{"arn:aws:*:*:*:*", "arn:aws:iam::123:role/x", true},
		{"arn:aws:iam::123:*", "arn:aws:iam::123:role/x", true},
		{"arn:aws:iam::123:role/x", "not-an-arn", false},
		// The resource part keeps its colons; the other parts never
		// match across one.
		{"arn:aws:ecs:*:123:task-definition/a:*", "arn:aws:ecs:eu-west-1:123:task-definition/a:7", true},
		{"arn:aws:ecs:*:123:task-definition/a:1", "arn:aws:ecs:eu-west-1:123:task-definition/a:7", false},
		{"arn:aws:*:123:role/x", "arn:aws:iam::123:role/x", false},
		{"arn:aws:iam::123:role/x", "arn:aws:iam::123", false},
		{"arn:aws:iam::123", "arn:aws:iam::123:role/x", false},
		{"arn:aws:iam::123:", "arn:aws:iam::123:", true},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := arnLike(tt.pattern, tt.arn); got != tt.want {
			t.Errorf("arnLike(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, tt.want)
		}
	}
}
