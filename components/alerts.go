package components

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/integrations"
)

// failedStatuses are the execution statuses that raise an alert.
var failedStatuses = []string{"FAILED", "TIMED_OUT", "ABORTED"}

// newAlerts registers the EventBridge rule that matches the failed, timed
// out and aborted executions of this state machine, and sends them to the
// alert topic: created (with a policy letting only this rule publish) or
// given. It returns the topic ARN.
func newAlerts(ctx *pulumi.Context, env deployEnv, args PipelineArgs, machine pulumi.Resource) (pulumi.StringOutput, error) {
	parent := pulumi.Parent(env.parent)
	a, n := env.account, env.names
	ruleARN := a.EventsRuleARN(n.alertRule())

	pattern, err := json.Marshal(map[string]any{
		"source":      []string{"aws.states"},
		"detail-type": []string{"Step Functions Execution Status Change"},
		"detail": map[string]any{
			"status":          failedStatuses,
			"stateMachineArn": []string{a.StateMachineARN(n.stateMachine())},
		},
	})
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("alert event pattern: %w", err)
	}
	rule, err := cloudwatch.NewEventRule(ctx, n.alertRule(), &cloudwatch.EventRuleArgs{
		Name:         pulumi.String(n.alertRule()),
		Description:  pulumi.String(fmt.Sprintf("Failed, timed-out or aborted executions of %s", n.stateMachine())),
		EventPattern: pulumi.String(string(pattern)),
		Tags:         env.tags,
	}, parent, pulumi.DependsOn([]pulumi.Resource{machine}))
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("alert rule: %w", err)
	}

	var topic pulumi.StringOutput
	targetDeps := []pulumi.Resource{}
	if args.Alerts.TopicARN != "" {
		topic = pulumi.String(args.Alerts.TopicARN).ToStringOutput()
	} else {
		t, err := sns.NewTopic(ctx, n.alertTopic(), &sns.TopicArgs{
			Name: pulumi.String(n.alertTopic()),
			Tags: env.tags,
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("alert topic: %w", err)
		}
		doc, err := integrations.Policy(integrations.AlertTopicStatement(a, a.TopicARN(n.alertTopic()), ruleARN)).JSON()
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("alert topic policy: %w", err)
		}
		tp, err := sns.NewTopicPolicy(ctx, n.alertTopic(), &sns.TopicPolicyArgs{
			Arn:    t.Arn,
			Policy: pulumi.String(doc),
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("alert topic policy: %w", err)
		}
		topic = t.Arn
		targetDeps = append(targetDeps, tp)
	}

	if _, err := cloudwatch.NewEventTarget(ctx, n.alertRule(), &cloudwatch.EventTargetArgs{
		Rule: rule.Name,
		Arn:  topic,
	}, parent, pulumi.DependsOn(targetDeps)); err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("alert rule target: %w", err)
	}
	if args.Alerts.Email != "" {
		if _, err := sns.NewTopicSubscription(ctx, n.alertTopic()+"-email", &sns.TopicSubscriptionArgs{
			Topic:    topic,
			Protocol: pulumi.String("email"),
			Endpoint: pulumi.String(args.Alerts.Email),
		}, parent); err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("alert email subscription: %w", err)
		}
	}
	return topic, nil
}
