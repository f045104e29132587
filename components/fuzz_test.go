package components

import (
	"encoding/json"
	"testing"

	"batchpipeline/internal/asl"
)

// FuzzConfig feeds arbitrary config objects through decoding, validation
// and the definition builder: none may panic, and whatever validates must
// build a definition that asl.Validate accepts.
func FuzzConfig(f *testing.F) {
	seed, err := json.Marshal(SeedPipelineArgs())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"name":"p","schedule":{"expression":"rate(1 day)"},"parallelJobs":[{"name":"a","codebuild":{"projectName":"ab"}}],"finalJob":{"name":"b","ecs":{"existing":{"family":"f","executionRoleArn":"arn:aws:iam::1:role/e","taskRoleArn":"arn:aws:iam::1:role/t"}}},"network":{"subnetIds":["subnet-1"]}}`))
	f.Add([]byte(`{"name":"p","schedule":{"expression":"cron(0 5 L * ? *)","maxRetryAttempts":-1},"parallelJobs":[{"name":"a","maxAttempts":0,"ecs":{"image":"i","cpu":16384,"memory":122880}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		args, err := DecodePipelineArgs(data)
		if err != nil {
			return
		}
		if err := args.Validate(); err != nil {
			if _, err := BuildDefinition(testAccount, args); err == nil {
				t.Fatalf("BuildDefinition accepted args Validate rejects: %s", data)
			}
			return
		}
		m, err := BuildDefinition(testAccount, args)
		if err != nil {
			t.Fatalf("valid args %s: BuildDefinition: %v", data, err)
		}
		if problems := asl.Validate(m); len(problems) > 0 {
			t.Fatalf("valid args %s: definition problems %v", data, problems)
		}
		if _, err := BuildStateMachinePolicy(testAccount, args); err != nil {
			t.Fatalf("valid args %s: policy: %v", data, err)
		}
	})
}
