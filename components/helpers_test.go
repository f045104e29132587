package components

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/asl"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/internal/pulumimock"
)

// Type tokens of the resources the tests look for.
const (
	typeRole           = "aws:iam/role:Role"
	typeRolePolicy     = "aws:iam/rolePolicy:RolePolicy"
	typeAttachment     = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typeTaskDefinition = "aws:ecs/taskDefinition:TaskDefinition"
	typeCluster        = "aws:ecs/cluster:Cluster"
	typeProject        = "aws:codebuild/project:Project"
	typeLogGroup       = "aws:cloudwatch/logGroup:LogGroup"
	typeStateMachine   = "aws:sfn/stateMachine:StateMachine"
	typeSchedule       = "aws:scheduler/schedule:Schedule"
	typeQueue          = "aws:sqs/queue:Queue"
	typeTopic          = "aws:sns/topic:Topic"
	typeTopicPolicy    = "aws:sns/topicPolicy:TopicPolicy"
	typeSubscription   = "aws:sns/topicSubscription:TopicSubscription"
	typeEventRule      = "aws:cloudwatch/eventRule:EventRule"
	typeEventTarget    = "aws:cloudwatch/eventTarget:EventTarget"
)

// testAccount is the account pulumimock answers.
var testAccount = integrations.Account{
	Partition: arn.PartitionOf(pulumimock.DefaultRegion),
	Region:    pulumimock.DefaultRegion,
	ID:        pulumimock.DefaultAccountID,
}

// deployment is one run of NewPipeline under mocks.
type deployment struct {
	mocks    *pulumimock.Mocks
	pipeline *Pipeline
	// outputs holds the pipeline's outputs, awaited during the run.
	outputs map[string]any
}

// deployE runs NewPipeline with args under fresh mocks.
func deployE(t *testing.T, args *PipelineArgs) (*deployment, error) {
	t.Helper()
	return deployWith(t, args, pulumimock.New("batchpipeline", "test"))
}

// deployInPartition runs NewPipeline in another partition and region.
func deployInPartition(t *testing.T, args PipelineArgs, partition, region string) (*deployment, error) {
	t.Helper()
	m := pulumimock.New("batchpipeline", "test")
	m.Partition, m.Region = partition, region
	return deployWith(t, &args, m)
}

// deployWith runs NewPipeline with args under the given mocks.
func deployWith(t *testing.T, args *PipelineArgs, m *pulumimock.Mocks) (*deployment, error) {
	t.Helper()
	d := &deployment{mocks: m, outputs: map[string]any{}}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		p, err := NewPipeline(ctx, "pipeline", args)
		if err != nil {
			return err
		}
		d.pipeline = p
		for key, out := range p.outputs() {
			r, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(out))
			if err != nil {
				return err
			}
			d.outputs[key] = r.Value
		}
		return nil
	}, d.mocks.RunOption())
	return d, err
}

// deploy is deployE that fails the test on error.
func deploy(t *testing.T, args PipelineArgs) *deployment {
	t.Helper()
	d, err := deployE(t, &args)
	if err != nil {
		t.Fatalf("NewPipeline: %v", err)
	}
	return d
}

// one returns the only registration of a type and logical name.
func (d *deployment) one(t *testing.T, typ, name string) pulumimock.Registration {
	t.Helper()
	r, ok := d.mocks.Find(typ, name)
	if !ok {
		var names []string
		for _, r := range d.mocks.ByType(typ) {
			names = append(names, r.Name)
		}
		t.Fatalf("no %s named %q; registered: %v", typ, name, names)
	}
	return r
}

// definition parses back the definition the state machine was registered
// with.
func (d *deployment) definition(t *testing.T) *asl.StateMachine {
	t.Helper()
	sms := d.mocks.ByType(typeStateMachine)
	if len(sms) != 1 {
		t.Fatalf("%d state machines registered, want 1", len(sms))
	}
	m, err := asl.Parse([]byte(str(t, sms[0].Inputs, "definition")))
	if err != nil {
		t.Fatalf("parse the registered definition: %v", err)
	}
	return m
}

// document parses the policy document in a string input of a registration.
func document(t *testing.T, r pulumimock.Registration, key string) iam.Document {
	t.Helper()
	doc, err := iam.Parse([]byte(str(t, r.Inputs, key)))
	if err != nil {
		t.Fatalf("%s %s: parse %s: %v", r.Type, r.Name, key, err)
	}
	return doc
}

// rolePolicy returns the document of the inline policy registered under a
// logical name.
func (d *deployment) rolePolicy(t *testing.T, name string) iam.Document {
	t.Helper()
	return document(t, d.one(t, typeRolePolicy, name), "policy")
}

// prop walks nested object properties: prop(t, m, "target", "arn").
func prop(t *testing.T, m resource.PropertyMap, path ...string) resource.PropertyValue {
	t.Helper()
	var v resource.PropertyValue
	for i, key := range path {
		var ok bool
		v, ok = m[resource.PropertyKey(key)]
		if !ok {
			t.Fatalf("property %s missing", strings.Join(path[:i+1], "."))
		}
		if v.IsSecret() {
			v = v.SecretValue().Element
		}
		if i < len(path)-1 {
			if !v.IsObject() {
				t.Fatalf("property %s is %v, not an object", strings.Join(path[:i+1], "."), v)
			}
			m = v.ObjectValue()
		}
	}
	return v
}

// str returns a string property.
func str(t *testing.T, m resource.PropertyMap, path ...string) string {
	t.Helper()
	v := prop(t, m, path...)
	if !v.IsString() {
		t.Fatalf("property %s is %v, not a string", strings.Join(path, "."), v)
	}
	return v.StringValue()
}

// has reports whether a top-level property is set.
func has(m resource.PropertyMap, key string) bool {
	v, ok := m[resource.PropertyKey(key)]
	return ok && !v.IsNull()
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// allowed evaluates one request against a policy.
func allowed(doc iam.Document, action, resource string, ctx map[string]string) iam.Decision {
	return iam.Evaluate(iam.Request{Action: action, Resource: resource, Context: ctx}, []iam.Document{doc}, nil).Decision
}

// ecsJob and codeBuildJob build test jobs.
func ecsJob(name string) JobArgs {
	return JobArgs{Name: name, ECS: &FargateJobArgs{Image: "example/" + name + ":1", CPU: 256, Memory: 512}}
}

func codeBuildJob(name string) JobArgs {
	return JobArgs{Name: name, CodeBuild: &CodeBuildJobArgs{Buildspec: "version: 0.2\n"}}
}
