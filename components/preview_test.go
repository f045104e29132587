package components

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/internal/pulumimock"
)

// TestFirstPreviewKnowsDefinitionAndPolicies runs the seed as in a first
// preview, where no ARN or ID exists yet: the definition and every policy
// document must already be known, so that a policy pack can judge them
// before anything is created.
func TestFirstPreviewKnowsDefinitionAndPolicies(t *testing.T) {
	m := pulumimock.New("batchpipeline", "test")
	m.Preview = true
	args := SeedPipelineArgs()
	d, err := deployWith(t, &args, m)
	if err != nil {
		t.Fatalf("NewPipeline in preview: %v", err)
	}

	want, err := BuildDefinition(testAccount, args)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, err := want.JSON()
	if err != nil {
		t.Fatal(err)
	}
	sm := d.one(t, typeStateMachine, "batch-pipeline")
	if v := sm.Inputs["definition"]; !v.IsString() || v.StringValue() != wantJSON {
		t.Errorf("definition in preview = %v, want the known definition", v)
	}
	role := d.one(t, typeRole, "batch-pipeline-sfn")
	if deps := sm.PropertyDependencies["roleArn"]; !contains(deps, role.URN) || !sm.Inputs["roleArn"].IsComputed() {
		t.Errorf("roleArn = %v, property dependencies %v; want unknown, linked to the role (the only link while the ARN is unknown)",
			sm.Inputs["roleArn"], deps)
	}
	td := d.one(t, typeTaskDefinition, "batch-pipeline-ecs-task-1")
	for key, roleName := range map[string]string{"executionRoleArn": "batch-pipeline-ecs-task-1-exec", "taskRoleArn": "batch-pipeline-ecs-task-1-task"} {
		r := d.one(t, typeRole, roleName)
		if deps := td.PropertyDependencies[key]; !contains(deps, r.URN) || !td.Inputs[resource.PropertyKey(key)].IsComputed() {
			t.Errorf("task definition %s = %v, property dependencies %v; want unknown, linked to %s", key, td.Inputs[resource.PropertyKey(key)], deps, roleName)
		}
	}

	for _, c := range []struct{ typ, key string }{
		{typeRolePolicy, "policy"}, {typeRole, "assumeRolePolicy"}, {typeTopicPolicy, "policy"},
	} {
		for _, r := range d.mocks.ByType(c.typ) {
			if v := r.Inputs[resource.PropertyKey(c.key)]; !v.IsString() {
				t.Errorf("%s %s: %s is %v in a first preview, want a known document", c.typ, r.Name, c.key, v)
			}
		}
	}
	// The known document already allows what the jobs need.
	sfn := d.rolePolicy(t, "batch-pipeline-sfn")
	ecsTasks := map[string]string{"iam:PassedToService": integrations.ECSTasksService}
	if got := allowed(sfn, "iam:PassRole", testAccount.RoleARN("/", "batch-pipeline-ecs-task-2-task"), ecsTasks); got != iam.Allowed {
		t.Errorf("PassRole of ecs-task-2's task role in preview: %v", got)
	}
	if known, _ := d.outputs["stateMachineArn"].(string); known != "" {
		t.Errorf("the state machine ARN is known in a first preview: %q", known)
	}
	if d.outputs["definitionJson"] != wantJSON {
		t.Error("the DefinitionJSON output is not known in preview")
	}
}
