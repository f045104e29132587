package integrations

import "batchpipeline/internal/iam"

// eventsRuleNeeds are what a .sync integration needs on the EventBridge
// rule Step Functions manages in the state machine's account to learn that
// the job ended: events:PutTargets, events:PutRule and events:DescribeRule
// on rule/NAME (page).
func eventsRuleNeeds(acct Account, rule, page string) []Need {
	arn := acct.EventsRuleARN(rule)
	needs := make([]Need, 0, 3)
	for _, action := range []string{"events:PutTargets", "events:PutRule", "events:DescribeRule"} {
		needs = append(needs, Need{
			Kind:     CallNeed,
			Action:   action,
			Resource: arn,
			Why:      ".sync learns that the job ended through the EventBridge rule " + rule + ", which Step Functions manages with " + action,
			Page:     page,
			Grant: iam.Statement{
				Sid:      "ManagedEventsRules",
				Effect:   iam.Allow,
				Action:   iam.Strings{action},
				Resource: iam.Strings{arn},
			},
		})
	}
	return needs
}
