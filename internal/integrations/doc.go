// Package integrations is the run-time model of the product: what each
// Step Functions service integration calls, and what AWS checks for each
// call, defined once.
//
// Per integration (ecs:runTask in every pattern, aws-sdk:ecs:runTask,
// codebuild:startBuild, codebuild:startBuildBatch, lambda:invoke; one file
// each, listed in registry.go) an Integration says how its Task state is
// written and read (Parameters under JSONPath, Arguments under JSONata,
// values chosen at run time), which errors are worth a retry, the ARN
// builders of what it names, example Task states that take every branch
// of its requests, and which IAM requests a call is authorized by
// (Call.Requests). The other callers of the same APIs are modelled here
// too: EventBridge and Scheduler ECS targets (ECSTarget, the same RunTask
// requests), starters of a state machine (StartExecutionRequest) and
// services assuming a role (Assumption, trust.go).
//
// A Request is one IAM request, whatever made it: whose permissions
// decide (the caller's role, a Task state's Credentials role, or a
// service principal assuming a role), the action, the resource and the
// condition keys with their values (either known in part, package
// partial, when a part such as the cluster or the account is not known
// yet), why AWS checks it with the AWS page that says so, and the least
// statement that grants it (Grant, Request.Statement). An Env tells the
// model about the resources a call names, in one account; a kind of
// resource is resolved through a small optional interface an integration
// asks for (TaskDefinitionResolver), so a new kind changes nothing for
// the others.
//
// The component generates its state machine role's policy from the
// requests of its definition's Task states (Grants); the policy pack
// decides the same requests against a stack's real policies. Every IAM
// action, managed rule name and service ARN format of the product is
// written here (and checked against AWS's service authorization
// reference, package reference, by the tests); ARNs are parsed by
// package arn.
package integrations
