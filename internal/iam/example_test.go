package iam_test

import (
	"fmt"

	"batchpipeline/internal/iam"
)

func ExampleEvaluate() {
	doc, err := iam.Parse([]byte(`{
		"Version": "2012-10-17",
		"Statement": {
			"Sid": "PassTaskRoles",
			"Effect": "Allow",
			"Action": "iam:PassRole",
			"Resource": "arn:aws:iam::123456789012:role/svc/*",
			"Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
		}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, service := range []string{"ecs-tasks.amazonaws.com", "lambda.amazonaws.com"} {
		res := iam.Evaluate(iam.Request{
			Action:   "iam:PassRole",
			Resource: "arn:aws:iam::123456789012:role/svc/nightly-task",
			Context:  map[string]string{"iam:PassedToService": service},
		}, []iam.Document{doc}, nil)
		fmt.Println(service, res.Decision, res.Allowing)
	}
	// Output:
	// ecs-tasks.amazonaws.com Allowed [identity[0].Statement[0] Sid="PassTaskRoles"]
	// lambda.amazonaws.com ImplicitDeny []
}

// A condition on a key the caller did not put in the request context, nor
// declare absent, is not guessed: the statement is reported as uncertain.
func ExampleEvaluate_unknownKey() {
	doc, err := iam.Parse([]byte(`{"Statement": {
		"Effect": "Allow",
		"Action": "ecs:RunTask",
		"Resource": "arn:aws:ecs:eu-west-1:123456789012:task-definition/nightly:*",
		"Condition": {"ArnEquals": {"ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/batch"}}
	}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := iam.Request{Action: "ecs:RunTask", Resource: "arn:aws:ecs:eu-west-1:123456789012:task-definition/nightly:3"}
	res := iam.Evaluate(req, []iam.Document{doc}, nil)
	fmt.Println(res.Decision, res.Uncertain)

	req.Context = map[string]string{"ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/batch"}
	fmt.Println(iam.Evaluate(req, []iam.Document{doc}, nil).Decision)

	req.Context, req.Absent = nil, []string{"ecs:cluster"}
	fmt.Println(iam.Evaluate(req, []iam.Document{doc}, nil).Decision)
	// Output:
	// ImplicitDeny [identity[0].Statement[0] (Allow ecs:RunTask on arn:aws:ecs:eu-west-1:123456789012:task-definition/nightly:3): condition ArnEquals on ecs:cluster: value not known: the key is neither in the request context nor declared absent]
	// Allowed
	// ImplicitDeny
}

func ExampleManagedPolicy() {
	doc, _ := iam.ManagedPolicy("arn:aws:iam::aws:policy/PowerUserAccess")
	res := iam.Evaluate(iam.Request{Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/task"}, []iam.Document{doc}, nil)
	fmt.Println(res.Decision)
	// Output: ImplicitDeny
}
