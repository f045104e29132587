package components

import (
	"fmt"

	"batchpipeline/internal/asl"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

// BuildStateMachinePolicy returns the identity policy of the state
// machine's role in account a: what the Task states of the definition
// (BuildDefinition) need, through the model of their integrations, plus
// log delivery and X-Ray. Like BuildDefinition it is pure and known before
// anything exists.
func BuildStateMachinePolicy(a integrations.Account, args PipelineArgs) (iam.Document, error) {
	args = args.WithDefaults()
	if err := args.validate(); err != nil {
		return iam.Document{}, fmt.Errorf("invalid pipeline args: %w", err)
	}
	env := newDefinitionEnv(a, args)
	def, err := buildDefinition(env, args)
	if err != nil {
		return iam.Document{}, err
	}
	return stateMachinePolicy(env, args, def), nil
}

// BuildScheduleRolePolicy returns the identity policy of the schedule's
// role: states:StartExecution on exactly this state machine, and
// sqs:SendMessage on the dead-letter queue if there is one.
func BuildScheduleRolePolicy(a integrations.Account, args PipelineArgs) (iam.Document, error) {
	args = args.WithDefaults()
	if err := args.validate(); err != nil {
		return iam.Document{}, fmt.Errorf("invalid pipeline args: %w", err)
	}
	return scheduleRolePolicy(newDefinitionEnv(a, args), args), nil
}

// stateMachinePolicy walks the Task states of def, as the CDK's state
// graph collects each task's statements: every need of the state
// machine's role (integrations.Call.Requests) is granted by its least
// statement, merged where least privilege allows (integrations.Grants).
// The role's policy thus follows from the definition, not from a second
// list kept beside it.
func stateMachinePolicy(env definitionEnv, args PipelineArgs, def *asl.StateMachine) iam.Document {
	model := newJobsEnv(env, args)
	var reqs []integrations.Request
	for _, t := range integrations.Tasks(def) {
		for _, r := range t.Call.Requests(model) {
			if r.By == integrations.CallerRole {
				reqs = append(reqs, r)
			}
		}
	}
	stmts := integrations.Grants(reqs)
	if args.Logging.Level != logLevelOff {
		stmts = append(stmts, integrations.LogDeliveryStatements()...)
	}
	stmts = append(stmts, integrations.XRayStatements()...)
	return integrations.Policy(integrations.UniqueSids(stmts)...)
}

func scheduleRolePolicy(env definitionEnv, args PipelineArgs) iam.Document {
	a, n := env.account, env.names
	start := integrations.StartExecutionRequest(a.StateMachineARN(n.stateMachine()), "")
	stmts := []iam.Statement{start.Statement()}
	if args.Schedule.DeadLetterQueue {
		stmts = append(stmts, integrations.DeadLetterQueueStatement(a.QueueARN(n.deadLetterQueue())))
	}
	return integrations.Policy(stmts...)
}
