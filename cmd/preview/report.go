package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"batchpipeline/internal/engine"
)

// printPolicies prints the policy results grouped as the Pulumi CLI groups
// them: by pack, then one entry per violation with its enforcement level,
// policy name and resource, and the first two lines of the message (the
// policy's description, then the finding; the CLI's own output above
// carries the full messages).
func printPolicies(w io.Writer, res engine.Result) {
	fmt.Fprintln(w, "Policy results:")
	if len(res.PolicyPacks) == 0 && len(res.Violations) == 0 {
		fmt.Fprintln(w, "    no policy pack ran")
		return
	}
	byPack := map[string][]engine.PolicyViolation{}
	for _, v := range res.Violations {
		byPack[v.PolicyPack] = append(byPack[v.PolicyPack], v)
	}
	packs := make([]string, 0, len(res.PolicyPacks))
	for p := range res.PolicyPacks {
		packs = append(packs, p)
	}
	for p := range byPack {
		if _, ok := res.PolicyPacks[p]; !ok {
			packs = append(packs, p)
		}
	}
	sort.Strings(packs)
	for _, p := range packs {
		vs := byPack[p]
		mark := "✅"
		for _, v := range vs {
			if v.Mandatory() {
				mark = "❌"
			} else if mark == "✅" {
				mark = "⚠️"
			}
		}
		name := p
		if ver := res.PolicyPacks[p]; ver != "" {
			name += "@v" + strings.TrimPrefix(ver, "v")
		}
		fmt.Fprintf(w, "    %s %s\n", mark, name)
		sort.SliceStable(vs, func(i, j int) bool { return levelRank(vs[i]) < levelRank(vs[j]) })
		for _, v := range vs {
			fmt.Fprintf(w, "        - [%s]  %s  (%s)\n", v.EnforcementLevel, v.PolicyName, resourceLabel(v.URN))
			lines := strings.Split(strings.TrimSpace(v.Message), "\n")
			for _, line := range lines[:min(2, len(lines))] {
				fmt.Fprintf(w, "          %s\n", strings.TrimSpace(line))
			}
		}
	}
	fmt.Fprintf(w, "    %d mandatory, %d other violation(s)\n", len(res.Mandatory()), len(res.Violations)-len(res.Mandatory()))
}

// levelRank orders mandatory violations first.
func levelRank(v engine.PolicyViolation) int {
	if v.Mandatory() {
		return 0
	}
	return 1
}

// resourceLabel renders a URN as "aws:sfn:StateMachine: name", or "stack"
// for a stack-level violation.
func resourceLabel(urn string) string {
	if urn == "" {
		return "stack"
	}
	parts := strings.Split(urn, "::")
	if len(parts) < 4 {
		return urn
	}
	types := strings.Split(parts[2], "$")
	return shortType(types[len(types)-1]) + ": " + parts[3]
}

// failureMessage explains why the preview failed, in the program's or the
// CLI's own words, never as a stack trace. stackFile names the stack's
// config file for the CLI's YAML errors, which do not.
func failureMessage(res engine.Result, err error, stackFile string) string {
	if msgs := res.ProgramErrors(); len(msgs) > 0 {
		return "the program failed:\n  " + strings.ReplaceAll(strings.Join(msgs, "\n"), "\n", "\n  ")
	}
	if m := res.Mandatory(); len(m) > 0 {
		names := map[string]bool{}
		var list []string
		for _, v := range m {
			if !names[v.PolicyName] {
				names[v.PolicyName] = true
				list = append(list, v.PolicyName)
			}
		}
		return fmt.Sprintf("%d mandatory policy violation(s): %s", len(m), strings.Join(list, ", "))
	}
	lines := cliErrorLines(err.Error())
	if len(lines) == 0 {
		first, _, _ := strings.Cut(err.Error(), "\n")
		lines = []string{strings.TrimPrefix(first, "engine: ")}
	}
	msg := strings.Join(lines, "\n")
	if strings.Contains(msg, "stack configuration") || strings.Contains(msg, "YAML") {
		msg = stackFile + ": " + msg
	}
	return msg
}

// cliErrorLines returns the distinct "error: ..." lines of the CLI's
// output, which is what the Automation API's error carries.
func cliErrorLines(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		_, msg, ok := strings.Cut(line, "error: ")
		if !ok || msg == "" || msg == "update failed" || msg == "preview failed" || seen[msg] {
			continue
		}
		seen[msg] = true
		out = append(out, msg)
	}
	return out
}
