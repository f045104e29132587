package iam

import "testing"

func TestManagedPolicyKnown(t *testing.T) {
	for _, arn := range []string{
		"arn:aws:iam::aws:policy/AdministratorAccess",
		"arn:aws:iam::aws:policy/PowerUserAccess",
		"arn:aws:iam::aws:policy/IAMFullAccess",
		"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
		"arn:aws:iam::aws:policy/AWSStepFunctionsFullAccess",
		"arn:aws-cn:iam::aws:policy/AdministratorAccess",
		"arn:aws-us-gov:iam::aws:policy/PowerUserAccess",
	} {
		doc, ok := ManagedPolicy(arn)
		if !ok {
			t.Errorf("ManagedPolicy(%q) not found", arn)
			continue
		}
		if doc.Version != Version || len(doc.Statement) == 0 {
			t.Errorf("ManagedPolicy(%q) = %+v, want a %s document with statements", arn, doc, Version)
		}
	}
}

func TestManagedPolicyUnknown(t *testing.T) {
	for _, arn := range []string{
		"",
		"AdministratorAccess",
		"arn:aws:iam::123456789012:policy/AdministratorAccess",
		"arn:aws:iam::aws:policy/NoSuchPolicy",
		"arn:aws:iam::aws:policy/../managed/AdministratorAccess",
		"arn:aws:iam::aws:policy/",
		"arn:aws:s3::aws:policy/AdministratorAccess",
		"arn:gcp:iam::aws:policy/AdministratorAccess",
		"arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy", // lives under service-role/
	} {
		if _, ok := ManagedPolicy(arn); ok {
			t.Errorf("ManagedPolicy(%q) found, want not found", arn)
		}
	}
}

func TestManagedPolicyPassRole(t *testing.T) {
	req := Request{
		Action:   "iam:PassRole",
		Resource: "arn:aws:iam::123456789012:role/svc/batch-task",
		Context:  map[string]string{"iam:PassedToService": "ecs-tasks.amazonaws.com"},
	}
	tests := []struct {
		policy string
		want   Decision
	}{
		{"AdministratorAccess", Allowed},
		{"PowerUserAccess", ImplicitDeny},
		{"IAMFullAccess", Allowed},
		{"service-role/AmazonECSTaskExecutionRolePolicy", ImplicitDeny},
		{"AWSStepFunctionsFullAccess", ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.policy, func(t *testing.T) {
			doc, ok := ManagedPolicy("arn:aws:iam::aws:policy/" + tt.policy)
			if !ok {
				t.Fatalf("policy %s not found", tt.policy)
			}
			got := Evaluate(req, []Document{doc}, nil)
			if got.Decision != tt.want || len(got.Uncertain) > 0 {
				t.Errorf("Evaluate = %+v, want %v and nothing uncertain", got, tt.want)
			}
		})
	}
}

func TestManagedPowerUserAccess(t *testing.T) {
	doc, ok := ManagedPolicy("arn:aws:iam::aws:policy/PowerUserAccess")
	if !ok {
		t.Fatal("PowerUserAccess not found")
	}
	tests := []struct {
		action string
		want   Decision
	}{
		{"ecs:RunTask", Allowed},
		{"states:StartExecution", Allowed},
		{"iam:CreateServiceLinkedRole", Allowed},
		{"iam:ListRoles", Allowed},
		{"iam:CreateRole", ImplicitDeny},
		{"organizations:CreateAccount", ImplicitDeny},
	}
	for _, tt := range tests {
		got := Evaluate(Request{Action: tt.action, Resource: "*"}, []Document{doc}, nil)
		if got.Decision != tt.want {
			t.Errorf("%s: %v, want %v", tt.action, got.Decision, tt.want)
		}
	}
}
