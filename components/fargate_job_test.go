package components

import (
	"testing"
)

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

func TestBuildTimeoutMinutes(t *testing.T) {
	for _, tt := range []struct{ seconds, minutes int }{{1, 5}, {300, 5}, {301, 6}, {3600, 60}, {99999999, 2160}} {
		if got := buildTimeoutMinutes(tt.seconds); got != tt.minutes {
			t.Errorf("buildTimeoutMinutes(%d) = %d, want %d", tt.seconds, got, tt.minutes)
		}
	}
}
