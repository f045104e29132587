package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSpliceMarkdownRoundTrips(t *testing.T) {
	doc := "intro\n" + beginMarker + "\n```mermaid\nold\n```\n" + endMarker + "\noutro\n"
	got, err := spliceMarkdown(doc, "flowchart TD\n    a --> b\n")
	if err != nil {
		t.Fatalf("spliceMarkdown: %v", err)
	}
	want := "intro\n" + beginMarker + "\n```mermaid\nflowchart TD\n    a --> b\n```\n" + endMarker + "\noutro\n"
	if got != want {
		t.Fatalf("spliceMarkdown =\n%s\nwant\n%s", got, want)
	}
	block, err := markdownBlock(got)
	if err != nil || block != "flowchart TD\n    a --> b\n" {
		t.Fatalf("markdownBlock = %q, %v", block, err)
	}
	if _, err := spliceMarkdown("no markers", "x"); err == nil {
		t.Fatal("spliceMarkdown without markers succeeded")
	}
}

// TestCommittedDiagramsAreCurrent keeps docs/workflow.mmd and README.md's
// diagram equal to the definition the component builds. `make diagram`
// regenerates both.
func TestCommittedDiagramsAreCurrent(t *testing.T) {
	var out strings.Builder
	if err := run(nil, &out); err != nil {
		t.Fatalf("run: %v", err)
	}
	want := out.String()
	root := filepath.Join("..", "..")
	mmd, err := os.ReadFile(filepath.Join(root, "docs", "workflow.mmd"))
	if err != nil {
		t.Fatal(err)
	}
	if string(mmd) != want {
		t.Errorf("docs/workflow.mmd is stale; run make diagram")
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block, err := markdownBlock(string(readme))
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	if block != want {
		t.Errorf("README.md's workflow diagram is stale; run make diagram")
	}
}
