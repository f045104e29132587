package components

import (
	"encoding/json"
	"fmt"

	"batchpipeline/internal/asl"
)

// The execution input the definition reads. Every field is optional; the
// schedule sends {} (or only "network", see NetworkArgs), so a scheduled
// run runs every job.
const (
	// JobsField names the parallel jobs an execution runs: {"jobs":
	// ["ecs-task-1"]} runs ecs-task-1 alone, then the final job if it
	// succeeded; the other parallel jobs are skipped as done. Absent, every
	// job runs; [] runs only the final job. A name that is not a parallel
	// job, or a value that is not a list, fails the execution at
	// CheckInput, before any job starts.
	JobsField = "jobs"
	// NetworkField holds the ECS NetworkConfiguration of the tasks
	// ({"AwsvpcConfiguration": {"Subnets": [...], ...}}) when the
	// pipeline's network is given as pulumi Inputs (NetworkArgs): the
	// definition then reads it from the input, and the schedule sends it.
	NetworkField = "network"
	// RerunField is the field of JobsFailed's cause that holds the
	// execution input re-running exactly the failed jobs (with the network
	// when the definition reads it from the input).
	RerunField = "rerunInput"
)

// Names of the states that check the execution input, and the suffixes of
// the branch-local states that select a job or skip it.
const (
	stateCheckInput     = "CheckInput"
	stateUnknownJobs    = "UnknownJobs"
	stateNetworkMissing = "NetworkMissing"

	selectedSuffix = " selected?"
	skippedSuffix  = " skipped"
)

// Error names of the Fail states of CheckInput.
const (
	ErrorUnknownJobs    = "UnknownJobs"
	ErrorNetworkMissing = "NetworkMissing"
)

// statusSkipped is the status of the output of a branch whose job the
// execution input did not select.
const statusSkipped = "SKIPPED"

// inputJobs is the JSONata value of the execution input's jobs list in a
// state that gets the execution input (CheckInput and every branch: a
// Parallel's branches get the Parallel's input), and inputHasJobs whether
// the input has one. $lookup rather than the path $states.input.jobs: a
// path that ends on an empty array is an empty sequence, undefined in
// some JSONata implementations (jsonata-go), while $lookup returns the
// field's value as it is; $keys rather than $exists($lookup(...)), which
// implementations answer differently for a missing key. So {"jobs": []}
// and {} mean the same in every one.
const (
	inputJobs    = "$lookup($states.input, '" + JobsField + "')"
	inputHasJobs = "('" + JobsField + "' in $keys($states.input))"
)

// jsonataString is s as a JSONata string literal (a JSON string is one).
func jsonataString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// jsonataNames is names as a JSONata array literal of strings.
func jsonataNames(names []string) string {
	b, _ := json.Marshal(names) // strings always marshal
	return string(b)
}

// unknownJobsExpr is the JSONata sequence of the entries of the input's
// jobs list that are not one of names.
func unknownJobsExpr(names []string) string {
	return fmt.Sprintf("$filter(%s, function($j) { $not($j in %s) })", inputJobs, jsonataNames(names))
}

// checkInputState is the Choice that starts the execution: it fails it
// at UnknownJobs when the input's jobs is not a list of parallel jobs'
// names, and, when the definition reads the network from the input
// (fromInput), at NetworkMissing when the input has no subnets; otherwise it
// passes the input on to RunJobs. JSONata, because a JSONPath Choice on a
// missing field fails the execution with States.Runtime.
func checkInputState(names []string, fromInput bool) *asl.State {
	invalid := fmt.Sprintf("{%% %[3]s ? ($type(%[1]s) = 'array' ? $count(%[2]s) > 0 : true) : false %%}",
		inputJobs, unknownJobsExpr(names), inputHasJobs)
	rules := []asl.ChoiceRule{asl.ConditionRule(invalid, stateUnknownJobs)}
	if fromInput {
		// $count: 0 for a missing list and for an empty one alike, in
		// every JSONata implementation.
		missing := "{% $count($states.input." + NetworkField + ".AwsvpcConfiguration.Subnets) = 0 %}"
		rules = append(rules, asl.ConditionRule(missing, stateNetworkMissing))
	}
	return &asl.State{
		Type:          asl.TypeChoice,
		Comment:       `The input's "jobs", if any, must list parallel jobs by name; no job starts otherwise.`,
		QueryLanguage: asl.JSONata,
		Choices:       rules,
		Default:       stateRunJobs,
	}
}

// unknownJobsState fails the execution naming the input's jobs that are
// not parallel jobs, or saying that jobs must be a list, and the jobs
// there are; the cause is cut to asl.MaxCause (the input may be long).
func unknownJobsState(names []string) *asl.State {
	list := jsonataNames(names)
	cause := fmt.Sprintf("$type(%[1]s) = 'array' ? "+
		"'unknown job(s) ' & $string($append([], %[2]s)) & ' in the execution input; the parallel jobs are ' & %[3]s & "+
		"' (omit \"%[4]s\" to run them all)' : "+
		"'\"%[4]s\" in the execution input must be a list of parallel job names, among ' & %[3]s",
		inputJobs, unknownJobsExpr(names), jsonataString(list), JobsField)
	return &asl.State{
		Type:          asl.TypeFail,
		Comment:       "Refuses a jobs list that names no parallel job, before any job starts.",
		QueryLanguage: asl.JSONata,
		Error:         ErrorUnknownJobs,
		Cause:         fmt.Sprintf("{%% $substring(%s, 0, %d) %%}", cause, asl.MaxCause),
	}
}

// networkMissingState fails an execution whose input lacks the network
// the definition reads from it, before any job starts (RunTask would fail
// with States.Runtime, which no Catch catches, once the other jobs run).
func networkMissingState() *asl.State {
	return &asl.State{
		Type:          asl.TypeFail,
		Comment:       "The ECS tasks read their network from the execution input.",
		QueryLanguage: asl.JSONata,
		Error:         ErrorNetworkMissing,
		Cause: fmt.Sprintf(`the execution input has no "%s" with subnets: {"AwsvpcConfiguration": {"Subnets": [...]}}; `+
			`the schedule sends it, and the stack output rerunCommand holds it for a manual run`, NetworkField),
	}
}

// selectJob is the Choice that starts the branch of job: the job runs when
// the input names no jobs or names it; otherwise the branch ends at
// skipped.
func selectJob(job, skipped string) *asl.State {
	selected := fmt.Sprintf("{%% $not(%[3]s) or %[2]s in %[1]s %%}", inputJobs, jsonataString(job), inputHasJobs)
	return &asl.State{
		Type:          asl.TypeChoice,
		Comment:       "Runs the job unless the input's jobs list leaves it out.",
		QueryLanguage: asl.JSONata,
		Choices:       []asl.ChoiceRule{asl.ConditionRule(selected, job)},
		Default:       skipped,
	}
}

// rerunInputExpr is the JSONata object of the execution input that
// re-runs the failed jobs, in a state whose input holds them under
// failedJobs (JobsFailed): their names, and the execution's network when
// the definition reads it from the input ($states.context.Execution.Input).
func rerunInputExpr(fromInput bool) string {
	jobs := fmt.Sprintf(`"%s": $append([], $states.input.failedJobs.job)`, JobsField)
	if !fromInput {
		return "{" + jobs + "}"
	}
	return fmt.Sprintf(`{%s, "%[2]s": $states.context.Execution.Input.%[2]s}`, jobs, NetworkField)
}
