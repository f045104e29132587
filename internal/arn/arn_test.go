package arn

import "testing"

func TestParse(t *testing.T) {
	if a, ok := Parse("arn:aws:ecs:r:123456789012:task-definition/f:3"); !ok ||
		a != (ARN{"aws", "ecs", "r", "123456789012", "task-definition/f:3"}) || a.String() != "arn:aws:ecs:r:123456789012:task-definition/f:3" {
		t.Errorf("Parse = %+v, %v", a, ok)
	}
	for _, bad := range []string{"", "arn:aws:ecs", "ARN:aws:ecs:r:a:x", "arn::ecs:r:a:x", "arn:aws::r:a:x"} {
		if _, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) = ok", bad)
		}
	}
	if got := (Account{Region: "cn-north-1", ID: "123456789012"}).Regional("sqs", "q"); got != "arn:aws:sqs:cn-north-1:123456789012:q" {
		t.Errorf("Regional = %q (an empty partition is aws; PartitionOf is the caller's)", got)
	}
	if got := (Account{Partition: "aws-cn", Region: "cn-north-1", ID: "123456789012"}).Global("iam", "role/r"); got != "arn:aws-cn:iam::123456789012:role/r" {
		t.Errorf("Global = %q", got)
	}
}

func TestRoles(t *testing.T) {
	roles := []struct {
		in, name, path string
		ok             bool
	}{
		{"arn:aws:iam::123456789012:role/job", "job", "/", true},
		{"arn:aws:iam::123456789012:role/team/svc/job", "job", "/team/svc/", true},
		{"arn:aws:iam::123456789012:role/", "", "/", false},
		{"arn:aws-cn:iam::123456789012:role/r", "r", "/", true},
		{"arn:aws:iam::123456789012:user/job", "", "", false},
		{"arn:aws:sts::123456789012:assumed-role/r/s", "", "", false},
		{"job", "", "", false},
	}
	for _, tt := range roles {
		name, path, ok := RoleOf(tt.in)
		if name != tt.name || path != tt.path || ok != tt.ok {
			t.Errorf("RoleOf(%q) = %q %q %v", tt.in, name, path, ok)
		}
	}
	for in, want := range map[string]bool{
		"arn:aws:iam::123456789012:role/x":          true,
		"arn:aws-cn:iam::123456789012:role/svc/x":   true,
		"arn:aws:iam:us-east-1:123456789012:role/x": false,
		"x":                                        false,
		"arn:*00:iam::123456789012:role/x":         false, // found by FuzzConfig
		"arn:aws:iam::0:role/x":                    false,
		"arn:aws:iam::123456789012:role/x*":        false,
		"arn:aws:iam::123456789012:role/svc*/x":    false,
		"arn:aws:iam::123456789012:role/has space": false,
		"arn:AWS:iam::123456789012:role/x":         false,
		"arn:aws:iam::123456789012:role/":          false,
		"arn:aws:iam::123456789012:user/x":         false,
	} {
		if got := IsRoleARN(in); got != want {
			t.Errorf("IsRoleARN(%q) = %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]string{"": "/", "/": "/", "svc": "/svc/", "/svc": "/svc/", "/a/b/": "/a/b/"} {
		if got := NormalizePath(in); got != want {
			t.Errorf("NormalizePath(%q) = %q, want %q", in, got, want)
		}
	}
	if p, aws, ok := PolicyOf("arn:aws:iam::aws:policy/service-role/X"); !ok || !aws || p != "/service-role/X" {
		t.Errorf("PolicyOf = %q %v %v", p, aws, ok)
	}
}

// TestPartitions: the partitions of AWS's endpoint data (aws-sdk-go-v2
// v1.43.0, internal/endpoints/awsrulesfn/partitions.json), literally.
func TestPartitions(t *testing.T) {
	for region, want := range map[string][2]string{
		"ap-northeast-1": {"aws", "amazonaws.com"}, "us-east-1": {"aws", "amazonaws.com"},
		"cn-north-1": {"aws-cn", "amazonaws.com.cn"}, "cn-northwest-1": {"aws-cn", "amazonaws.com.cn"},
		"us-gov-west-1": {"aws-us-gov", "amazonaws.com"}, "us-iso-east-1": {"aws-iso", "c2s.ic.gov"},
		"us-isob-east-1": {"aws-iso-b", "sc2s.sgov.gov"}, "eu-isoe-west-1": {"aws-iso-e", "cloud.adc-e.uk"},
		"us-isof-south-1": {"aws-iso-f", "csp.hci.ic.gov"}, "eusc-de-east-1": {"aws-eusc", "amazonaws.eu"}, "": {"aws", "amazonaws.com"},
	} {
		p := PartitionOf(region)
		if p != want[0] || DNSSuffix(p) != want[1] {
			t.Errorf("PartitionOf(%q) = %q (DNS suffix %q), want %q (%q)", region, p, DNSSuffix(p), want[0], want[1])
		}
	}
	for region, want := range map[string]string{
		"ap-northeast-1": "ap-northeast-1.console.aws.amazon.com", "cn-north-1": "console.amazonaws.cn",
		"us-gov-west-1": "console.amazonaws-us-gov.com",
	} {
		if got := ConsoleHost(region); got != want {
			t.Errorf("ConsoleHost(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestIsPattern(t *testing.T) {
	for p, want := range map[string]bool{
		"*": true, "arn:aws:iam::123456789012:role/x": true, "arn:aws:ecs:*": true, "arn:aws:*": true,
		"ARN:aws:iam::1:role/x": false, "arn:aws:IAM::1:role/x": false, "arn::iam::1:role/x": false,
		"arn:aws:iam::role/x": false, "role/x": false, "": false,
	} {
		if got := IsPattern(p); got != want {
			t.Errorf("IsPattern(%q) = %v, want %v", p, got, want)
		}
	}
	if parts, ok := Parts("arn:aws:ecs:r:1:task-definition/f:3"); !ok || parts[5] != "task-definition/f:3" {
		t.Errorf("Parts = %q, %v", parts, ok)
	}
	if _, ok := Parts("arn:aws:iam::1"); ok {
		t.Error("Parts of five parts")
	}
}
