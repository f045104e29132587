//go:build tools

// Package tools records the Pulumi CLI main package as a dependency so that
// `go mod tidy` keeps its requirements.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
