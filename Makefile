# The two commands a user needs: `make preview` and `make test` (see README.md).
# Everything they need is built here from the Go module proxy: the pinned
# Pulumi CLI (scripts/pulumi-cli.sh), the policy pack binary and the linter.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
GO ?= go
GOLANGCI_LINT_VERSION := v2.15.0
STACK ?= prod
OUT ?= out
BIN := $(CURDIR)/bin
PACK := $(BIN)/policy-pack
FUZZTIME ?= 10s

.PHONY: preview test lint diagram cli pack fuzz bench vet clean

## preview: the program and every policy through the real Pulumi engine, offline (prod stack)
preview: pack
	@cli="$$(scripts/pulumi-cli.sh)"; \
	$(GO) run ./cmd/preview --cli "$$cli" --policy-pack "$(PACK)" --stack "$(STACK)" --out "$(OUT)"

## test: every test: unit, policy, fuzz seeds, end-to-end through the real engine
test: cli
	PULUMI_CLI="$$(scripts/pulumi-cli.sh)" $(GO) test -count=1 ./...

## cli: use or build the pinned Pulumi CLI (v3.274.1) into ./bin
cli:
	@scripts/pulumi-cli.sh >/dev/null

## pack: build the policy pack binary that `--policy-pack` takes
pack:
	$(GO) build -o "$(PACK)" ./policies

## lint: go vet and golangci-lint (pinned, built from the module proxy into ./bin)
lint: vet $(BIN)/golangci-lint-$(GOLANGCI_LINT_VERSION)
	$(BIN)/golangci-lint-$(GOLANGCI_LINT_VERSION) run ./...

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

$(BIN)/golangci-lint-$(GOLANGCI_LINT_VERSION):
	@echo "building golangci-lint $(GOLANGCI_LINT_VERSION) from the module proxy (a few minutes the first time)" >&2
	GOBIN="$(BIN)/.golangci" $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	mv "$(BIN)/.golangci/golangci-lint" "$@"

## diagram: the Mermaid diagram of the real definition, into docs/workflow.mmd and README.md
diagram:
	$(GO) run ./cmd/diagram -o docs/workflow.mmd -readme README.md

## fuzz: run each fuzz target for FUZZTIME (their seed corpora also run in `make test`)
fuzz:
	@set -e; for file in $$(grep -rl --include='*_test.go' --exclude-dir=bin --exclude-dir=out '^func Fuzz' . | sort); do \
		pkg=./$$(dirname $${file#./}); \
		for fn in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$file | cut -d' ' -f2); do \
			echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
			$(GO) test $$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME); \
		done; \
	done

## bench: the benchmarks reported in BENCHMARKS.md
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./policies/pack ./internal/iam ./internal/asl

clean:
	rm -rf "$(OUT)" .pulumi-local "$(PACK)"
