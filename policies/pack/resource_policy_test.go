package pack

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/policies/pack/packtest"
	"batchpipeline/policies/pack/stackmodel"
)

// TestResourcePoliciesOfTopicsQueuesAndBuses: within one account, a
// topic's, a queue's, a table's or an event bus's own policy may allow the state
// machine's role what its identity policies do not
// (docs/research/resource-policies.md): sfn-task-permissions refuses the
// gap only when the resource and every policy the stack sets on it are
// in the stack and none names the role; a policy naming the role allows
// it; a resource outside the stack, a policy not known at this preview,
// or SNS's default topic policy (whose AWS:SourceOwner condition the pack
// cannot evaluate) leave it to the twin. Policies are literals.
func TestResourcePoliciesOfTopicsQueuesAndBuses(t *testing.T) {
	roleARN := testAcct.RoleARN("/", "sfn")
	grant := func(principal any, action, resource string) property.Value {
		return packtest.JSON(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource}}})
	}
	topicARN := testAcct.TopicARN("alerts")
	queueARN := testAcct.QueueARN("jobs")
	const queueURL = "https://sqs.ap-northeast-1.amazonaws.com/123456789012/jobs"
	busARN := testAcct.EventBusARN("orders")
	// SNS's default policy lets principals of the owner account publish,
	// on a condition on AWS:SourceOwner.
	defaultTopicPolicy := packtest.JSON(map[string]any{"Version": "2008-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": []any{"SNS:Publish", "SNS:Subscribe"},
		"Resource": topicARN, "Condition": map[string]any{"StringEquals": map[string]any{"AWS:SourceOwner": testAcct.ID}}}}})
	publish := map[string]any{"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true,
		"Parameters": map[string]any{"TopicArn": topicARN, "Message": "done"}}
	send := map[string]any{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true,
		"Parameters": map[string]any{"QueueUrl": queueURL, "MessageBody": "done"}}
	put := map[string]any{"Type": "Task", "Resource": "arn:aws:states:::events:putEvents", "End": true,
		"Parameters": map[string]any{"Entries": []any{map[string]any{"EventBusName": "orders", "Source": "nightly"}}}}
	topic := func() *packtest.Resource {
		return packtest.New(stackmodel.TypeTopic, "alerts").Set("name", packtest.Str("alerts")).Set("arn", packtest.Str(topicARN))
	}
	queue := func() *packtest.Resource {
		return packtest.New(stackmodel.TypeQueue, "jobs").Set("name", packtest.Str("jobs")).Set("arn", packtest.Str(queueARN)).
			Set("url", packtest.Str(queueURL))
	}
	bus := func() *packtest.Resource {
		return packtest.New(stackmodel.TypeEventBus, "orders").Set("name", packtest.Str("orders")).Set("arn", packtest.Str(busARN))
	}
	tableARN := testAcct.TableARN("jobs")
	putItem := map[string]any{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "End": true,
		"Parameters": map[string]any{"TableName": "jobs", "Item": map[string]any{}}}
	table := func() *packtest.Resource {
		return packtest.New(stackmodel.TypeTable, "jobs").Set("name", packtest.Str("jobs")).Set("arn", packtest.Str(tableARN))
	}
	tests := []struct {
		name   string
		state  map[string]any
		extra  func() []*packtest.Resource
		policy string // "" for none
		want   string
	}{
		{"a topic outside the stack", publish, func() []*packtest.Resource { return nil }, TaskPermissionsUnverifiedPolicy,
			"unless the topic's access policy allows it, which the pack cannot read"},
		{"a topic with SNS's default policy", publish, func() []*packtest.Resource {
			return []*packtest.Resource{topic().Set("policy", defaultTopicPolicy)}
		}, TaskPermissionsUnverifiedPolicy, "AWS:SourceOwner"},
		{"a topic whose policy is not known yet", publish, func() []*packtest.Resource {
			return []*packtest.Resource{topic().Unknown("policy")}
		}, TaskPermissionsUnverifiedPolicy, `the policy of Topic "alerts"`},
		{"a TopicPolicy naming the role", publish, func() []*packtest.Resource {
			t := topic()
			return []*packtest.Resource{t, packtest.New(stackmodel.TypeTopicPolicy, "alerts").
				Set("arn", packtest.WithDeps(packtest.Unknown(), t.URN())).Set("policy", grant(map[string]any{"AWS": roleARN}, "sns:Publish", topicARN))}
		}, "", ""},
		{"a TopicPolicy naming a service", publish, func() []*packtest.Resource {
			return []*packtest.Resource{topic(), packtest.New(stackmodel.TypeTopicPolicy, "alerts").Set("arn", packtest.Str(topicARN)).
				Set("policy", grant(map[string]any{"Service": "events.amazonaws.com"}, "sns:Publish", topicARN))}
		}, TaskPermissionsPolicy, `nor does the resource-based policy of Topic "alerts" in this stack name role "sfn"`},
		{"a queue without policy", send, func() []*packtest.Resource { return []*packtest.Resource{queue()} },
			TaskPermissionsPolicy, `nor does the resource-based policy of Queue "jobs" in this stack name role "sfn"`},
		{"a QueuePolicy naming the role by its URL", send, func() []*packtest.Resource {
			return []*packtest.Resource{queue(), packtest.New(stackmodel.TypeQueuePolicy, "jobs").Set("queueUrl", packtest.Str(queueURL)).
				Set("policy", grant(map[string]any{"AWS": roleARN}, "sqs:SendMessage", queueARN))}
		}, "", ""},
		{"a QueuePolicy on another queue", send, func() []*packtest.Resource {
			return []*packtest.Resource{queue(), packtest.New(stackmodel.TypeQueuePolicy, "other").
				Set("queueUrl", packtest.Str("https://sqs.ap-northeast-1.amazonaws.com/123456789012/other")).
				Set("policy", grant(map[string]any{"AWS": roleARN}, "sqs:SendMessage", "*"))}
		}, TaskPermissionsPolicy, `nor does the resource-based policy of Queue "jobs"`},
		{"a bus without policy", put, func() []*packtest.Resource { return []*packtest.Resource{bus()} },
			TaskPermissionsPolicy, `nor does the resource-based policy of EventBus "orders" in this stack name role "sfn"`},
		{"a table without policy", putItem, func() []*packtest.Resource { return []*packtest.Resource{table()} },
			TaskPermissionsPolicy, `nor does the resource-based policy of Table "jobs" in this stack name role "sfn"`},
		{"a table policy naming the role", putItem, func() []*packtest.Resource {
			t := table()
			return []*packtest.Resource{t, packtest.New(stackmodel.TypeTablePolicy, "jobs").
				Set("resourceArn", packtest.WithDeps(packtest.Unknown(), t.URN())).
				Set("policy", grant(map[string]any{"AWS": roleARN}, "dynamodb:PutItem", tableARN))}
		}, "", ""},
		{"an EventBusPolicy naming the role", put, func() []*packtest.Resource {
			return []*packtest.Resource{bus(), packtest.New(stackmodel.TypeEventBusPolicy, "orders").Set("eventBusName", packtest.Str("orders")).
				Set("policy", grant(map[string]any{"AWS": roleARN}, "events:PutEvents", busARN))}
		}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			role, policy, machine := machineStack(packtest.JSON(map[string]any{"StartAt": "Call", "States": map[string]any{"Call": tt.state}}), nil, false)
			stack := packtest.Stack(append([]*packtest.Resource{role, policy, machine}, tt.extra()...)...)
			for _, p := range []string{TaskPermissionsPolicy, TaskPermissionsUnverifiedPolicy} {
				if p != tt.policy {
					assertNoViolations(t, p, stack)
				}
			}
			if tt.policy != "" {
				assertViolation(t, tt.policy, machine.URN(), stack, tt.want)
			}
		})
	}
}
