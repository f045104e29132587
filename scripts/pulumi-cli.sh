#!/usr/bin/env bash
# pulumi-cli.sh: print the path of a Pulumi CLI v3.274.1, building it if needed.
#
# Uses, in order: $PULUMI_CLI if set; `pulumi` on PATH if `pulumi version`
# prints the pinned version; ./bin/pulumi if it is that version; otherwise
# builds ./bin/pulumi from the pinned module tools/pulumi through the Go
# module proxy (about 10 minutes and 1.5 GB of module downloads the first
# time; later runs reuse the binary).
#
# The path goes to stdout, everything else to stderr, so callers can write
#   PULUMI=$(scripts/pulumi-cli.sh)
set -euo pipefail

VERSION=v3.274.1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/bin/pulumi"
MODULE="$ROOT/tools/pulumi"
PKG=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
LDFLAGS="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION"

say() { printf '%s\n' "$*" >&2; }

version_of() { PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | tr -d '[:space:]' || true; }

if [[ -n "${PULUMI_CLI:-}" ]]; then
	if [[ ! -x "$PULUMI_CLI" ]]; then
		say "PULUMI_CLI=$PULUMI_CLI is not an executable file"
		exit 1
	fi
	echo "$PULUMI_CLI"
	exit 0
fi

if on_path=$(command -v pulumi 2>/dev/null) && [[ "$(version_of "$on_path")" == "$VERSION" ]]; then
	echo "$on_path"
	exit 0
fi

if [[ -x "$BIN" ]]; then
	if [[ "$(version_of "$BIN")" == "$VERSION" ]]; then
		echo "$BIN"
		exit 0
	fi
	say "$BIN is not $VERSION; rebuilding it."
fi

if ! grep -q "github.com/pulumi/pulumi/pkg/v3 $VERSION" "$MODULE/go.mod"; then
	say "tools/pulumi/go.mod does not require github.com/pulumi/pulumi/pkg/v3 $VERSION; fix the pin first."
	exit 1
fi
if ! command -v go >/dev/null; then
	say "Go is needed to build the Pulumi CLI (or install pulumi $VERSION on PATH, or set PULUMI_CLI)."
	exit 1
fi

# progress LABEL TOTAL: count the lines of stdin, showing "LABEL: N/TOTAL"
# in place on a terminal, or a line every 100 otherwise. Lines that are not
# progress (errors) are kept and printed at the end.
progress() {
	local label=$1 total=$2 n=0 line
	local log
	log=$(mktemp)
	while IFS= read -r line; do
		if [[ "$line" != "go: downloading "* && ! "$line" =~ ^[A-Za-z0-9_.~+/-]+$ ]]; then
			printf '%s\n' "$line" >>"$log"
			continue
		fi
		n=$((n + 1))
		if [[ -t 2 ]]; then
			printf '\r  %s: %d%s' "$label" "$n" "${total:+/$total}" >&2
		elif ((n % 100 == 0)); then
			say "  $label: $n${total:+/$total}"
		fi
	done
	if [[ -t 2 ]]; then
		printf '\n' >&2
	fi
	cat "$log" >&2
	rm -f "$log"
}

say "Building the Pulumi CLI $VERSION into $BIN from the Go module proxy."
say "The first build takes about 10 minutes (1.5 GB of modules on a 2-core machine); later runs reuse it."
start=$(date +%s)

cd "$MODULE"
say "Step 1/2: resolving and downloading modules"
set +e
go list -deps "$PKG" 2>&1 >"${TMPDIR:-/tmp}/pulumi-cli-deps.$$" | progress "modules downloaded" ""
list_status=${PIPESTATUS[0]}
set -e
if ((list_status != 0)); then
	rm -f "${TMPDIR:-/tmp}/pulumi-cli-deps.$$"
	say "Resolving the CLI's packages failed (see above)."
	exit 1
fi
total=$(wc -l <"${TMPDIR:-/tmp}/pulumi-cli-deps.$$" | tr -d ' ')
rm -f "${TMPDIR:-/tmp}/pulumi-cli-deps.$$"

say "Step 2/2: compiling (at most $total packages; cached ones are skipped)"
mkdir -p "$ROOT/bin"
tmp="$BIN.tmp.$$"
set +e
go build -v -ldflags "$LDFLAGS" -o "$tmp" "$PKG" 2>&1 | progress "packages compiled" "$total"
build_status=${PIPESTATUS[0]}
set -e
if ((build_status != 0)); then
	rm -f "$tmp"
	say "Building the Pulumi CLI failed (see above)."
	exit 1
fi
mv "$tmp" "$BIN"

got=$(version_of "$BIN")
if [[ "$got" != "$VERSION" ]]; then
	say "The built CLI reports '$got', not $VERSION."
	exit 1
fi
say "Built $BIN ($got) in $(($(date +%s) - start)) s."
echo "$BIN"
