package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/engine"
)

// run is the whole command: it returns the exit code (0 passed, 1 failed,
// 2 bad usage).
func run(ctx context.Context, args []string, stdout, stderr io.Writer, prog pulumi.RunFunc) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "preview:", err)
		return 2
	}
	if o.cli == "" {
		if o.cli, err = engine.FindCLI(o.projectDir); err != nil {
			fmt.Fprintln(stderr, "preview:", err)
			return 1
		}
	}
	if len(o.policyPacks) == 0 {
		fmt.Fprintln(stderr, "preview: warning: no --policy-pack given, no policy is checked (make preview builds and passes one)")
	}

	res, err := engine.Preview(ctx, engine.Options{
		Program:     prog,
		Stack:       o.stack,
		ProjectDir:  o.projectDir,
		StateDir:    o.stateDir,
		CLI:         o.cli,
		PolicyPacks: o.policyPacks,
		Progress:    stdout,
		Color:       o.color,
	})

	programFailed := len(res.ProgramErrors()) > 0
	if !programFailed && hasResources(res) {
		files, skipped := collectArtifacts(res)
		if werr := writeArtifacts(o.outDir, files); werr != nil {
			fmt.Fprintln(stderr, "preview:", werr)
			return 1
		}
		printArtifacts(stdout, o.outDir, files, skipped)
	}
	if !programFailed && (len(res.PolicyPacks) > 0 || len(res.Violations) > 0) {
		printPolicies(stdout, res)
	}

	stackFile := filepath.Join(o.projectDir, "Pulumi."+o.stack+".yaml")
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "preview failed:", failureMessage(res, err, stackFile))
		return 1
	case len(res.Mandatory()) > 0:
		fmt.Fprintln(stderr, "preview failed:", failureMessage(res, errors.New("mandatory policy violations"), stackFile))
		return 1
	}
	fmt.Fprintln(stdout, "Preview passed.")
	return 0
}

// printArtifacts lists what was written and what could not be.
func printArtifacts(w io.Writer, outDir string, files []artifact, skipped []skipped) {
	fmt.Fprintf(w, "Wrote %d file(s) to %s:\n", len(files), outDir)
	for _, f := range files {
		fmt.Fprintf(w, "    %s\n", filepath.Join(outDir, f.path))
		if len(f.granted) > 0 {
			fmt.Fprintf(w, "        allows %s\n", strings.Join(f.granted, ", "))
		}
	}
	for _, s := range skipped {
		fmt.Fprintf(w, "    not written: %s: %s\n", s.what, s.why)
	}
}

// hasResources reports whether the engine saw any resource besides the
// stack and its providers.
func hasResources(res engine.Result) bool {
	for _, s := range res.Steps {
		if s.Type != "pulumi:pulumi:Stack" && !strings.HasPrefix(s.Type, "pulumi:providers:") {
			return true
		}
	}
	return false
}
