package engine

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// Result is what the engine reported during one operation.
type Result struct {
	// Steps are the resource steps in the order the engine first announced
	// them, one per URN (the provider resources included).
	Steps []Step
	// Violations are the policy violations, in the order reported.
	Violations []PolicyViolation
	// PolicyPacks maps the name of each policy pack that ran to its version.
	PolicyPacks map[string]string
	// Diagnostics are the engine's error and warning messages.
	Diagnostics []Diagnostic
	// Changes counts the steps by operation ("create", "same", ...), from the
	// engine's summary.
	Changes map[string]int
	// Output is what the CLI printed on stdout.
	Output string
}

// Step is one resource step as the engine saw it.
type Step struct {
	// Op is the step's operation: create, update, same, replace, delete,
	// create-replacement, ...
	Op string
	// URN, Type and Name identify the resource.
	URN, Type, Name string
	// Inputs are the resource's new inputs and Outputs its new outputs (in
	// a preview, the outputs the provider predicted). A value unknown at
	// the time is the string Unknown; a secret is the string "[secret]".
	Inputs, Outputs map[string]any
}

// Unknown is how an unknown value (computed, known only after the update)
// appears in a Step's Inputs and Outputs.
const Unknown = plugin.UnknownStringValue

// String returns the value of key in the step's inputs when it is a known
// string.
func (s Step) String(key string) (string, bool) {
	v, ok := s.Inputs[key].(string)
	if !ok || v == Unknown {
		return "", false
	}
	return v, true
}

// PolicyViolation is one policy event: a policy of a pack reporting a
// resource (or, with an empty URN, the stack).
type PolicyViolation struct {
	PolicyPack       string
	PolicyName       string
	EnforcementLevel string // advisory, mandatory, remediate, disabled
	URN              string
	Message          string
}

// Mandatory reports whether the violation fails the operation.
func (v PolicyViolation) Mandatory() bool { return v.EnforcementLevel == "mandatory" }

// Diagnostic is an engine message of severity error or warning.
type Diagnostic struct {
	Severity string // error, warning
	URN      string // the resource it is about, empty for the stack
	Message  string
}

// Mandatory returns the mandatory violations.
func (r Result) Mandatory() []PolicyViolation {
	var out []PolicyViolation
	for _, v := range r.Violations {
		if v.Mandatory() {
			out = append(out, v)
		}
	}
	return out
}

// StepsOfType returns the steps of resources of type typ
// (e.g. "aws:iam/role:Role").
func (r Result) StepsOfType(typ string) []Step {
	var out []Step
	for _, s := range r.Steps {
		if s.Type == typ {
			out = append(out, s)
		}
	}
	return out
}

// Step returns the step of the resource with the given URN.
func (r Result) Step(urn string) (Step, bool) {
	for _, s := range r.Steps {
		if s.URN == urn {
			return s, true
		}
	}
	return Step{}, false
}

// Errors returns the messages of the error diagnostics, trimmed.
func (r Result) Errors() []string {
	var out []string
	for _, d := range r.Diagnostics {
		if d.Severity == "error" {
			out = append(out, strings.TrimSpace(d.Message))
		}
	}
	return out
}

// ProgramErrors returns the errors the program itself returned, without the
// engine's wrapping ("an unhandled error occurred: 1 error occurred: * ..."),
// so a config mistake reads as the program's own message.
func (r Result) ProgramErrors() []string {
	var out []string
	for _, msg := range r.Errors() {
		rest, ok := strings.CutPrefix(msg, "an unhandled error occurred:")
		if !ok {
			continue
		}
		var lines []string
		for _, line := range strings.Split(rest, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || isErrorCountLine(line) {
				continue
			}
			lines = append(lines, strings.TrimPrefix(line, "* "))
		}
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, "\n"))
		}
	}
	return out
}

// isErrorCountLine matches the "1 error occurred:" / "2 errors occurred:"
// header of a joined error.
func isErrorCountLine(line string) bool {
	n, rest, ok := strings.Cut(line, " ")
	if !ok || strings.Trim(n, "0123456789") != "" {
		return false
	}
	return rest == "error occurred:" || rest == "errors occurred:"
}
