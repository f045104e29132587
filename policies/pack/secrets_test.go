package pack

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

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
	msg := assertNoSecrets(t, stackOf(b), PassRolePolicy, TaskPermissionsPolicy, DefinitionValidPolicy, ScheduleStartPolicy)
	assertFragments(t, msg, "(a state of the secret definition)", "the definition is secret", "(secret: the ARN of role")
}

func messages(vs []packtest.Violation) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Message
	}
	return out
}

// TestCallerSecretsNeverPrinted: an ECS target whose role and cluster
// are named by secret values, and a state machine whose name is secret,
// with their PassRole and trust broken: no message quotes the secrets.
func TestCallerSecretsNeverPrinted(t *testing.T) {
	for _, scheduler := range []bool{false, true} {
		st := scheduledTask{scheduler: scheduler, secret: true}
		st.statements = st.goodStatements()[:1]
		st.trust = packtest.JSON(map[string]any{"Statement": []any{map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}}})
		assertNoSecrets(t, st.stack(), PassRolePolicy, RoleTrustPolicy)
	}
	p := pipeline{name: "nightly"}
	stack := editedStack(p, func(b map[string]*packtest.Resource) []*packtest.Resource {
		b[kMachine].Set("name", packtest.Secret(packtest.Str("s3cr3t-machine"))).Unknown("arn")
		b[kSFNRole].Set("assumeRolePolicy", packtest.JSON(map[string]any{"Statement": []any{map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole",
			"Condition": map[string]any{"ArnLike": map[string]any{"aws:SourceArn": testAcct.StateMachineARN("other")}}}}}))
		return nil
	})
	msg := assertNoSecrets(t, stack, RoleTrustPolicy)
	assertFragments(t, msg, "rules out the state machine's ARN, which states.amazonaws.com sets: (secret)")
}

// assertNoSecrets runs every policy over stack, fails if a message holds
// "s3cr3t" or if one of want reports nothing, and returns the messages.
func assertNoSecrets(t *testing.T, stack []policyx.AnalyzerResource, want ...string) string {
	t.Helper()
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
	for _, policy := range want {
		if !seen[policy] {
			t.Errorf("no %s violation: the test would prove nothing for it (got %v)", policy, vs)
		}
	}
	return strings.Join(messages(vs), "\n")
}
