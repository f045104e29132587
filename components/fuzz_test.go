package components

import (
	"encoding/json"
	"testing"

	"batchpipeline/internal/asl"
)

// FuzzConfig feeds arbitrary config objects through decoding, validation
// and the pure builders: none may panic, args Validate rejects build
// nothing, and whatever validates builds a definition, read back from its
// JSON, with every property a pipeline must have (definitionProblems: one
// branch per job that catches into a branch-local state, a Choice over
// every branch, Fail states, the final job's Catch on "$") and policies
// that are least privilege (iamProblems: PassRole on exactly the ECS jobs'
// roles towards ECS tasks, each job's own resources, the schedule on this
// state machine only). Those checks are written in the tests, not derived
// from the builders.
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
		js, err := m.JSON()
		if err != nil {
			t.Fatalf("valid args %s: marshal: %v", data, err)
		}
		back, err := asl.Parse([]byte(js))
		if err != nil {
			t.Fatalf("valid args %s: the definition does not parse back: %v", data, err)
		}
		if problems := definitionProblems(back, args); len(problems) > 0 {
			t.Fatalf("valid args %s: definition problems %v", data, problems)
		}
		sfn, err := BuildStateMachinePolicy(testAccount, args)
		if err != nil {
			t.Fatalf("valid args %s: policy: %v", data, err)
		}
		sched, err := BuildScheduleRolePolicy(testAccount, args)
		if err != nil {
			t.Fatalf("valid args %s: schedule policy: %v", data, err)
		}
		docs := []namedDocument{{"state machine policy", sfn}, {"schedule policy", sched}}
		if problems := iamProblems(sfn, sched, docs, args); len(problems) > 0 {
			t.Fatalf("valid args %s: IAM problems %v", data, problems)
		}
	})
}
