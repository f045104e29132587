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

func ExampleManagedPolicy() {
	doc, _ := iam.ManagedPolicy("arn:aws:iam::aws:policy/PowerUserAccess")
	res := iam.Evaluate(iam.Request{Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/task"}, []iam.Document{doc}, nil)
	fmt.Println(res.Decision)
	// Output: ImplicitDeny
}
