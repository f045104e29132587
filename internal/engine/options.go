package engine

import (
	"errors"
	"io"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/awsstandin"
)

// Options configures one engine operation.
type Options struct {
	// Program is the Pulumi program, run inline in this process.
	Program pulumi.RunFunc
	// Stack is the stack name, e.g. "prod".
	Stack string
	// ProjectDir, when set, holds the project's Pulumi.yaml and the stack's
	// Pulumi.<Stack>.yaml: both are copied into the workspace, so the
	// project's config defaults and types apply as they do for `pulumi
	// preview` in that directory. The files themselves are never written.
	ProjectDir string
	// ProjectName names the project when ProjectDir is empty; the program
	// then has no config but Config.
	ProjectName string
	// Config sets stack config values ("aws:region", "batchpipeline:name")
	// on top of the stack file's.
	Config map[string]string
	// StateDir holds everything the engine writes: the file backend, the
	// PULUMI_HOME and the workspace. Runs sharing a StateDir share stacks.
	StateDir string
	// CLI is the path of the Pulumi CLI binary (see FindCLI).
	CLI string
	// PolicyPacks are paths of built policy pack binaries.
	PolicyPacks []string
	// Progress, when set, receives the CLI's output as it runs.
	Progress io.Writer
	// Color is the CLI's --color: always, never, raw or auto (the default,
	// which means never since the CLI writes to a pipe).
	Color string
	// AWS configures the offline AWS stand-in.
	AWS awsstandin.Options
}

func (o Options) validate() error {
	var errs []error
	if o.Program == nil {
		errs = append(errs, errors.New("engine: Options.Program is required"))
	}
	if o.Stack == "" {
		errs = append(errs, errors.New("engine: Options.Stack is required"))
	}
	if o.ProjectDir == "" && o.ProjectName == "" {
		errs = append(errs, errors.New("engine: Options.ProjectDir or Options.ProjectName is required"))
	}
	if o.StateDir == "" {
		errs = append(errs, errors.New("engine: Options.StateDir is required"))
	}
	if o.CLI == "" {
		errs = append(errs, errors.New("engine: Options.CLI is required (see engine.FindCLI)"))
	}
	return errors.Join(errs...)
}
