// Package stackmodel is the read-only model of one Pulumi stack that the
// policy pack judges: its resources, the IAM roles with every document
// that applies to each (inline policies, RolePolicy resources, attached
// managed policies, the permissions boundary, the trust policy), customer
// managed policies, ECS task definitions, Step Functions state machines
// with their Task states read through the run-time model
// (integrations.Tasks), and the schedules and EventBridge targets that
// start them or run ECS tasks (Starter).
//
// New builds the model from the resources policyx hands a stack policy.
// Every property is read through the readers of props.go (ReadString
// for the policies; an object, array and string-list reader beside it),
// which tell known, secret, unknown, missing and mistyped values apart
// (Knownness), so that no input makes the pack panic. A value unknown at
// a first preview stays unknown but is not lost: role references
// (ARNRef) resolve through the resources they are built from, and an ARN
// not yet assigned is a value known in part (package partial) whose
// unknown account, region or partition is a hole among those the stack
// shows (Candidates, Where). Env answers the run-time model's questions
// (integrations.Env and integrations.TaskDefinitionResolver) from the
// stack.
//
// The model decides nothing: what a role may do is the policies' (the
// pack package) to say.
package stackmodel
