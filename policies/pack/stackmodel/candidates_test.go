package stackmodel

import (
	"reflect"
	"slices"
	"testing"

	"batchpipeline/internal/integrations"
)

// TestARNCandidates: the ARNs a resource whose ARN is unknown may have,
// from the partitions, accounts and regions the stack shows.
func TestARNCandidates(t *testing.T) {
	e := newARNObserver()
	if got := e.candidates().roleARNs("/", "r"); !slices.Equal(got, []string{"arn:aws:iam::000000000000:role/r"}) {
		t.Errorf("empty env role ARNs %v", got)
	}
	e.observeJSON(`{"Resource": ["arn:aws:iam::123456789012:role/x", "arn:aws:ecs:*:*:task/*", "*"], "x": "arn:`)
	e.observe("arn:aws:states:eu-west-1:123456789012:stateMachine:m")
	e.observe("arn:aws:iam::aws:policy/AdministratorAccess") // "aws" is no account
	if got := e.candidates().roleARNs("/p/", "r"); !slices.Equal(got, []string{"arn:aws:iam::123456789012:role/p/r"}) {
		t.Errorf("role ARNs %v", got)
	}
	if got := e.candidates().regionalARNs(func(a integrations.Account) string { return a.TaskDefinitionARN("f", 1) }); !slices.Equal(got,
		[]string{"arn:aws:ecs:eu-west-1:123456789012:task-definition/f:1"}) {
		t.Errorf("regional ARNs %v", got)
	}
	e.observe("arn:aws:iam::210987654321:role/other")
	if got := e.candidates().roleARNs("/", "r"); len(got) != 2 {
		t.Errorf("two accounts give %v, want 2 candidates", got)
	}
	cn := newARNObserver()
	cn.observeRegion("cn-north-1") // a provider's region, no ARN known
	if got := cn.candidates().roleARNs("/", "r"); !slices.Equal(got, []string{"arn:aws-cn:iam::000000000000:role/r"}) {
		t.Errorf("a stack in cn-north-1 without ARNs: role ARNs %v, want the aws-cn partition", got)
	}
	if got := Display("arn:aws:iam::000000000000:role/r"); got != "arn:aws:iam::ACCOUNT_ID:role/r" {
		t.Errorf("display = %q", got)
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
