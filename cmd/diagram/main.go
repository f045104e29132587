// Command diagram prints the Mermaid flowchart of the state machine
// definition the Pipeline component builds: from the seed pipeline
// (components.SeedPipelineArgs) by default, or from a JSON file of
// PipelineArgs (the config keys of the program). `make diagram` writes its
// output to docs/workflow.mmd.
//
//	diagram [-args pipeline.json] [-o docs/workflow.mmd] [-readme README.md]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"batchpipeline/components"
	"batchpipeline/internal/asl"
	"batchpipeline/internal/integrations"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "diagram:", err)
		os.Exit(1)
	}
}

// exampleAccount stands in for the deploying account: the diagram shows
// states and transitions, which do not depend on it.
var exampleAccount = integrations.Account{Partition: "aws", Region: "ap-northeast-1", ID: "123456789012"}

// run parses the flags, builds the definition and writes its diagram.
func run(argv []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("diagram", flag.ContinueOnError)
	argsFile := fs.String("args", "", "JSON file of pipeline args (config keys as in Pulumi.yaml); default: the seed pipeline")
	outFile := fs.String("o", "", "write the diagram to this file instead of standard output")
	readme := fs.String("readme", "", "also replace the diagram block of this Markdown file (between "+beginMarker+" and "+endMarker+")")
	if err := fs.Parse(argv); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}

	args := components.SeedPipelineArgs()
	if *argsFile != "" {
		data, err := os.ReadFile(*argsFile)
		if err != nil {
			return fmt.Errorf("read pipeline args: %w", err)
		}
		if args, err = components.DecodePipelineArgs(data); err != nil {
			return fmt.Errorf("%s: %w", *argsFile, err)
		}
	}
	def, err := components.BuildDefinition(exampleAccount, args)
	if err != nil {
		return err
	}
	diagram := asl.Mermaid(def)
	if *readme != "" {
		if err := updateMarkdown(*readme, diagram); err != nil {
			return err
		}
	}

	if *outFile == "" {
		_, err = io.WriteString(stdout, diagram)
		return err
	}
	if err := os.WriteFile(*outFile, []byte(diagram), 0o644); err != nil {
		return fmt.Errorf("write diagram: %w", err)
	}
	return nil
}

// updateMarkdown replaces the diagram block of the Markdown file at path.
func updateMarkdown(path, diagram string) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	updated, err := spliceMarkdown(string(doc), diagram)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
