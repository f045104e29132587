package pack

import (
	"strings"
	"testing"

	"batchpipeline/policies/pack/packtest"
)

// TestSecretsNeverPrinted marks secret the definition (whose state names
// and parameters are then secret), a role's name and a task definition's
// role ARN, breaks PassRole, the task permissions, the definition and the
// schedule role, and checks that no message of any policy quotes them.
func TestSecretsNeverPrinted(t *testing.T) {
	p := pipeline{name: "nightly", tagged: true,
		sfnStatements: withoutAction(withoutPassRole(pipeline{name: "nightly", tagged: true}.goodStatements()), "ecs:TagResource")}
	def := p.defaultDefinition()
	// A state name and a parameter only the secret definition holds.
	job := jobState(def)
	params := job["Parameters"].(map[string]any)
	params["Overrides"] = map[string]any{"TaskRoleArn": "arn:aws:iam::123456789012:role/s3cr3t-override"}
	delete(params, "NetworkConfiguration")
	branch := def["States"].(map[string]any)["Jobs"].(map[string]any)["Branches"].([]any)[0].(map[string]any)
	branch["StartAt"] = "s3cr3t-state"
	branch["States"] = map[string]any{"s3cr3t-state": job}
	def["States"].(map[string]any)["s3cr3t-orphan"] = map[string]any{"Type": "Succeed"}

	b := p.build()
	b[kMachine].Set("definition", packtest.Secret(packtest.JSON(def)))
	b[kExecRole].Set("name", packtest.Secret(packtest.Str("s3cr3t-exec-name")))
	b[kTaskDef].Set("taskRoleArn", packtest.Secret(packtest.Str("arn:aws:iam::123456789012:role/s3cr3t-task-arn")))
	b[kSchedPolicy].Set("policy", doc())
	stack := stackOf(b)

	vs, err := packtest.Run(Policies(), stack)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, v := range vs {
		seen[v.Policy] = true
		if strings.Contains(v.Message, "s3cr3t") {
			t.Errorf("a secret reached a message: %s", v)
		}
	}
	for _, policy := range []string{PassRolePolicy, TaskPermissionsPolicy, DefinitionValidPolicy, ScheduleStartPolicy} {
		if !seen[policy] {
			t.Errorf("no %s violation: the test would prove nothing for it (got %v)", policy, vs)
		}
	}
	assertFragments(t, strings.Join(messages(vs), "\n"),
		"(a state of the secret definition)", "the definition is secret", "(secret: the ARN of role")
}

func messages(vs []packtest.Violation) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Message
	}
	return out
}
