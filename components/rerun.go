package components

import (
	"encoding/json"
	"fmt"
	"strings"
)

// rerunCommand is the AWS CLI command that starts the state machine at
// machineARN, in region, with an execution input naming jobs
// (JobsField) and, when the definition reads it from the input, the
// network (NetworkField, nil otherwise). The pipeline's rerunCommand
// output gives it with every parallel job: the operator keeps the failed
// ones (JobsFailed's cause lists them, as rerunInput).
func rerunCommand(region, machineARN string, jobs []string, network map[string]any) (string, error) {
	input := map[string]any{JobsField: jobs}
	if network != nil {
		input[NetworkField] = network
	}
	b, err := json.Marshal(input)
	if err != nil {
		return "", fmt.Errorf("re-run input: %w", err)
	}
	return fmt.Sprintf("aws stepfunctions start-execution --region %s --state-machine-arn %s --input %s",
		shellQuote(region), shellQuote(machineARN), shellQuote(string(b))), nil
}

// shellQuote quotes s for a POSIX shell: in single quotes, each single
// quote closing the quotes, escaped, then reopening them.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
