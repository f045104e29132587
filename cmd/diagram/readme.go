package main

import (
	"errors"
	"strings"
)

// Markers around the diagram block of a Markdown file (README.md).
const (
	beginMarker = "<!-- BEGIN workflow.mmd -->"
	endMarker   = "<!-- END workflow.mmd -->"
)

// spliceMarkdown returns doc with the text between beginMarker and
// endMarker replaced by diagram in a mermaid code fence.
func spliceMarkdown(doc, diagram string) (string, error) {
	begin := strings.Index(doc, beginMarker)
	end := strings.Index(doc, endMarker)
	if begin < 0 || end < 0 || end < begin {
		return "", errors.New("no " + beginMarker + " ... " + endMarker + " block to replace")
	}
	var b strings.Builder
	b.WriteString(doc[:begin+len(beginMarker)])
	b.WriteString("\n```mermaid\n")
	b.WriteString(diagram)
	if !strings.HasSuffix(diagram, "\n") {
		b.WriteString("\n")
	}
	b.WriteString("```\n")
	b.WriteString(doc[end:])
	return b.String(), nil
}

// markdownBlock returns the diagram inside doc's marked block, as
// spliceMarkdown wrote it.
func markdownBlock(doc string) (string, error) {
	begin := strings.Index(doc, beginMarker)
	end := strings.Index(doc, endMarker)
	if begin < 0 || end < 0 || end < begin {
		return "", errors.New("no " + beginMarker + " ... " + endMarker + " block")
	}
	block := strings.TrimPrefix(doc[begin+len(beginMarker):end], "\n```mermaid\n")
	return strings.TrimSuffix(block, "```\n"), nil
}
