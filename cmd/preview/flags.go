package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// options are the command-line settings of a preview run.
type options struct {
	cli         string
	policyPacks []string
	stack       string
	projectDir  string
	stateDir    string
	outDir      string
	color       string
}

// parseFlags parses the command line. There is deliberately no -v: the
// Pulumi packages this command links register one.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	o := options{}
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: preview [flags]

Runs the program's preview on a stack through the real Pulumi engine, offline:
the Pulumi CLI, the built policy pack, a local file backend and a stand-in for
the AWS provider. Prints the preview and the policy results, writes the state
machine definitions, IAM documents and Mermaid diagrams the engine saw, and
exits 1 on a mandatory policy violation or any failure.

Flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.cli, "cli", "", "Pulumi CLI v3.274.1 binary (default: $PULUMI_CLI, ./bin/pulumi, or pulumi on PATH)")
	fs.Func("policy-pack", "built policy pack binary (repeatable)", func(s string) error {
		if s == "" {
			return fmt.Errorf("empty policy pack path")
		}
		o.policyPacks = append(o.policyPacks, s)
		return nil
	})
	fs.StringVar(&o.stack, "stack", "prod", "stack whose Pulumi.<stack>.yaml config to preview")
	fs.StringVar(&o.projectDir, "project-dir", ".", "directory holding Pulumi.yaml and the stack's config file")
	fs.StringVar(&o.stateDir, "state-dir", ".pulumi-local", "where the local backend and Pulumi home live (git-ignored)")
	fs.StringVar(&o.outDir, "out", "out", "where to write definitions, IAM documents and diagrams")
	fs.StringVar(&o.color, "color", "", "colorize the engine's output: always, never, raw or auto (default: always on a terminal)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if o.color == "" {
		o.color = "never"
		if isTerminal(os.Stdout) {
			o.color = "always"
		}
	}
	return o, nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
