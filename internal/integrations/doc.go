// Package integrations defines, once, the Step Functions service
// integrations the pipeline uses (ecs:runTask.sync, codebuild:startBuild.sync)
// and what each needs: the ARNs involved, the IAM statements the state
// machine's role must carry, and the permission checks (Requirement) the
// policy pack evaluates against a role's real policies.
//
// The statement builders and the requirement lists are derived from the
// same action lists (see ecs.go and codebuild.go), and the tests evaluate
// the one against the other with iam.Evaluate, so they cannot drift apart.
package integrations
