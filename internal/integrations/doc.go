// Package integrations is the run-time model of the product: what each
// Step Functions service integration calls, and what AWS checks for each
// call, defined once.
//
// Per integration (ecs:runTask in every pattern, aws-sdk:ecs:runTask,
// codebuild:startBuild and codebuild:startBuildBatch; one file each, listed
// in registry.go) an Integration says how its Task state is written and
// read (Parameters under JSONPath, Arguments under JSONata, values chosen
// at run time), which errors are worth a retry, and which IAM requests a
// call is authorized by (Call.Needs): the action, the resource ARN, the
// condition keys whose values are known, the roles passed, who makes the
// call (the state machine's role, or the state's Credentials role), why
// AWS checks it with the AWS page that says so, and the least statement
// that grants it. An Env tells the model about the resources a Task state
// names, in one account.
//
// The component generates its state machine role's policy from the
// needs of its definition's Task states (Grants); the policy pack
// evaluates the same needs against a stack's real policies. Every ARN
// format, IAM action and managed rule name of the product is written here
// (and checked against AWS's service authorization reference, package
// reference, by the tests).
package integrations
