package components

import (
	"testing"

	"batchpipeline/internal/iam"
)

func TestSecretResource(t *testing.T) {
	tests := []struct {
		arn, service, resource string
		ok                     bool
	}{
		{"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf", "secretsmanager", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf", true},
		{"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf:password:AWSCURRENT:", "secretsmanager", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf", true},
		{"arn:aws-cn:ssm:cn-north-1:123456789012:parameter/app/token", "ssm", "arn:aws-cn:ssm:cn-north-1:123456789012:parameter/app/token", true},
		{"arn:aws:ssm:ap-northeast-1:123456789012:parameter/", "", "", false},
		{"arn:aws:ssm:ap-northeast-1:123456789012:document/x", "", "", false},
		{"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:", "", "", false},
		{"arn:aws:secretsmanager::123456789012:secret:x", "", "", false},
		{"arn:aws:s3:::bucket/key", "", "", false},
		{"my-secret", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		service, resource, ok := secretResource(tt.arn)
		if service != tt.service || resource != tt.resource || ok != tt.ok {
			t.Errorf("secretResource(%q) = %q, %q, %v; want %q, %q, %v", tt.arn, service, resource, ok, tt.service, tt.resource, tt.ok)
		}
	}
}

// TestSecretsPolicyDeduplicates checks that two variables reading two keys
// of one secret grant that secret once.
func TestSecretsPolicyDeduplicates(t *testing.T) {
	f := &FargateJobArgs{Secrets: map[string]string{
		"USER": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf:user::",
		"PASS": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf:password::",
	}}
	doc, ok := f.secretsPolicy()
	if !ok || len(doc.Statement) != 1 || len(doc.Statement[0].Resource) != 1 {
		t.Errorf("secrets policy = %+v", doc)
	}
	if _, ok := (&FargateJobArgs{}).secretsPolicy(); ok {
		t.Error("a secrets policy without secrets")
	}
}

func TestUniqueSids(t *testing.T) {
	got := uniqueSids([]iam.Statement{{Sid: "RunA"}, {Sid: "RunA"}, {}, {Sid: "RunA"}, {Sid: "Other"}})
	want := []string{"RunA", "RunA2", "", "RunA3", "Other"}
	for i, st := range got {
		if st.Sid != want[i] {
			t.Errorf("Sid %d = %q, want %q", i, st.Sid, want[i])
		}
	}
}

func TestBuildTimeoutMinutes(t *testing.T) {
	for _, tt := range []struct{ seconds, minutes int }{{1, 5}, {300, 5}, {301, 6}, {3600, 60}, {99999999, 2160}} {
		if got := buildTimeoutMinutes(tt.seconds); got != tt.minutes {
			t.Errorf("buildTimeoutMinutes(%d) = %d, want %d", tt.seconds, got, tt.minutes)
		}
	}
}
