package stackmodel

import (
	"reflect"
	"slices"
	"testing"

	"batchpipeline/internal/partial"
)

// TestWhere: where a resource whose ARN is unknown lives, from the
// partitions, accounts and regions the stack shows: the one it shows, a
// hole among several, a hole of the class when it shows none.
func TestWhere(t *testing.T) {
	e := newARNObserver()
	if got := partial.Display(e.candidates().Where().RoleARN("/", "r")); got != "arn:aws:iam::ACCOUNT_ID:role/r" {
		t.Errorf("a stack that shows nothing: role ARN %q", got)
	}
	e.observeJSON(`{"Resource": ["arn:aws:iam::123456789012:role/x", "arn:aws:ecs:*:*:task/*", "*"], "x": "arn:`)
	e.observe("arn:aws:states:eu-west-1:123456789012:stateMachine:m")
	e.observe("arn:aws:iam::aws:policy/AdministratorAccess") // "aws" is no account
	if got := e.candidates().Where().RoleARN("/p/", "r"); got != "arn:aws:iam::123456789012:role/p/r" {
		t.Errorf("role ARN %q", got)
	}
	if got := e.candidates().Where().TaskDefinitionARN("f", 1); got != "arn:aws:ecs:eu-west-1:123456789012:task-definition/f:1" {
		t.Errorf("task definition ARN %q", got)
	}
	e.observe("arn:aws:iam::210987654321:role/other")
	holes := partial.Holes(e.candidates().Where().RoleARN("/", "r"))
	if len(holes) != 1 || !slices.Equal(holes[0].Among, []string{"123456789012", "210987654321"}) || holes[0].Class != partial.AccountID {
		t.Errorf("two accounts give the holes %+v, want one among both", holes)
	}
	cn := newARNObserver()
	cn.observeRegion("cn-north-1") // a provider's region, no ARN known
	if got := partial.Display(cn.candidates().Where().RoleARN("/", "r")); got != "arn:aws-cn:iam::ACCOUNT_ID:role/r" {
		t.Errorf("a stack in cn-north-1 without ARNs: role ARN %q, want the aws-cn partition", got)
	}
}

// TestObserversMerge: what several observers saw (New reads chunks of the
// stack in parallel) gives the candidates one observer of everything gives.
func TestObserversMerge(t *testing.T) {
	arns := []string{"arn:aws:iam::123456789012:role/a", "arn:aws-cn:states:cn-north-1:210987654321:stateMachine:m", "arn:aws:ecs:eu-west-1:123456789012:cluster/c"}
	one, merged := newARNObserver(), newARNObserver()
	for _, a := range arns {
		one.observe(a)
		part := newARNObserver()
		part.observe(a)
		merged.merge(part)
	}
	if got, want := *merged.candidates(), *one.candidates(); !reflect.DeepEqual(got, want) {
		t.Errorf("merged candidates %+v, want %+v", got, want)
	}
}
