package integrations

import (
	"strings"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

var testAccount = Account{Partition: "aws", Region: "ap-northeast-1", ID: "123456789012"}

// fakeEnv is an Env over a few task definitions and roles.
type fakeEnv struct {
	acct  Account
	tds   map[string][]TaskDefinition
	roles map[string]Role
}

func (e fakeEnv) Account() Account { return e.acct }

func (e fakeEnv) TaskDefinitions(ref string) []TaskDefinition { return e.tds[ref] }

// whyOf joins why each hole of a value is not known; "" for a known one.
func whyOf(value string) string {
	var whys []string
	for _, h := range partial.Holes(value) {
		whys = append(whys, h.Why)
	}
	return strings.Join(whys, "; ")
}

// Role is the role ref names: a role of e's, the ARN, or a role of that
// name whose path is not known (as the policy pack's Env says of a name
// outside the stack).
func (e fakeEnv) Role(ref string) Role {
	if r, ok := e.roles[ref]; ok {
		return r
	}
	if !strings.HasPrefix(ref, "arn:") {
		path := partial.Hole{Label: "PATH/", Class: partial.Any, Why: "a role named outside the stack"}
		return Role{Set: true, ARN: e.acct.RoleARN("/", path.String()+ref)}
	}
	return Role{Set: true, ARN: ref}
}

// nightlyEnv knows the task definition family "nightly", tagged, with
// its two roles.
func nightlyEnv() fakeEnv {
	a := testAccount
	return fakeEnv{acct: a, tds: map[string][]TaskDefinition{"nightly": {{
		Key: "td", Family: "nightly", ARN: a.TaskDefinitionARN("nightly", 3), Tagged: Yes, AWSVPC: true,
		ExecutionRole: Role{Set: true, Key: "exec", ARN: a.RoleARN("/", "nightly-exec")},
		TaskRole:      Role{Set: true, Key: "task", ARN: a.RoleARN("/svc/", "nightly-task")},
	}}}}
}

// call reads a Task state or fails the test.
func call(t *testing.T, resource string, params map[string]any) Call {
	t.Helper()
	c, ok := Read(TaskState{Resource: resource, Parameters: params})
	if !ok {
		t.Fatalf("Read(%q) = false", resource)
	}
	return c
}

// actions lists the actions of needs, in order.
func actions(needs []Request) []string {
	out := make([]string, len(needs))
	for i, n := range needs {
		out[i] = n.Action
	}
	return out
}

// find returns the needs with action.
func find(needs []Request, action string) []Request {
	var out []Request
	for _, n := range needs {
		if n.Action == action {
			out = append(out, n)
		}
	}
	return out
}

// request is a need as an iam.Request.
func request(n Request) iam.Request {
	return iam.Request{Action: n.Action, Resource: n.Resource, Context: n.Context}
}
