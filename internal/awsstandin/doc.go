// Package awsstandin is an offline stand-in for the Pulumi AWS provider
// (pulumi-aws 6.83.4): a gRPC ResourceProvider that the real Pulumi engine
// attaches to through PULUMI_DEBUG_PROVIDERS=aws:<port>, so that previews and
// updates of AWS resources run on a machine with no cloud account and no
// provider plugin.
//
// What it does:
//
//   - Check returns the inputs, autonaming a resource's name property when
//     it is absent, as the real provider does (name plus a 7-character
//     suffix).
//   - Diff compares old and new inputs; a change of a property that forces a
//     new resource in AWS (a role's name, any task definition input, ...)
//     is reported as a replacement.
//   - Create in a preview returns the inputs with every computed output
//     (ARNs, ids, revisions) unknown, exactly as a first preview against AWS
//     shows them. Outside a preview it invents realistic ARNs and ids for the
//     resource type in account 123456789012 and the configured region.
//   - Invoke answers getCallerIdentity, getRegion, getPartition and
//     getPolicyDocument.
//
// What it does not do: it checks nothing AWS would check. Any input is
// accepted: a malformed policy document, a state machine definition that
// Step Functions would reject, a role ARN that does not exist, a missing
// required property. Nothing is stored outside the Pulumi state, so Read
// returns the state it is given. Use it to exercise the engine and policy
// packs, never as evidence that a deployment would succeed.
package awsstandin
