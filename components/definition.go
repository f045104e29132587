package components

import (
	"fmt"
	"strings"

	"batchpipeline/internal/asl"
	"batchpipeline/internal/integrations"
)

// Names of the states outside the branches. A job may not take one of them.
const (
	stateRunJobs          = "RunJobs"
	stateAnyJobFailed     = "AnyJobFailed"
	stateDescribeFailures = "DescribeFailures"
	stateJobsFailed       = "JobsFailed"
	stateFinalJobFailed   = "FinalJobFailed"

	// Suffixes of the branch-local states that end a branch.
	succeededSuffix = " succeeded"
	failedSuffix    = " failed"
	// maxStateName is the Step Functions limit on state names.
	maxStateName = 80
	// longestStateSuffix is the longest suffix a job's name takes in a
	// state name: " succeeded" and " selected?".
	longestStateSuffix = max(len(succeededSuffix), len(failedSuffix), len(selectedSuffix), len(skippedSuffix))
)

// Error names of the Fail states.
const (
	ErrorJobsFailed     = "JobsFailed"
	ErrorFinalJobFailed = "FinalJobFailed"
)

// ErrorPath is where a branch records the error it caught, in its own
// output; the Choice after the Parallel reads "$[i].error".
const ErrorPath = "$." + errorField

// errorField is the output field of a branch that holds its error.
const errorField = "error"

// causeReserve is what the cause of JobsFailed keeps, of asl.MaxCause,
// for the names, errors and JSON punctuation of the failed jobs: each
// job's own cause gets an equal share of the rest, halved for the
// escaping that quoting a JSON cause (a CodeBuild build record) adds.
const causeReserve = 4096

// BuildDefinition returns the state machine definition of the pipeline in
// account a. It is pure: everything in it (cluster ARN, task definition
// families, project names, subnets when they are plain values) is known
// from the args and the account, so the definition is known at the first
// preview. When the network is given as pulumi Inputs (NetworkArgs), the
// ECS tasks read it from the execution input's "network" instead.
//
// The shape: the JSONata Choice "CheckInput" fails the execution at
// "UnknownJobs" when the input's "jobs" (JobsField) is not a list of
// parallel jobs' names (and at "NetworkMissing" when the definition reads
// the network from an input that has none), before any job starts. Then a
// Parallel "RunJobs" with one branch per parallel job. Each branch starts
// with the JSONata Choice "<job> selected?": a job the input's jobs list
// leaves out ends its branch at the Pass "<job> skipped" (status
// SKIPPED). A selected job runs its Task (Retry on the integration's
// transient errors with exponential backoff and full jitter,
// TimeoutSeconds), then a branch-local Pass "<job> succeeded"; any error is
// caught (States.ALL) into a branch-local Pass "<job> failed" that keeps
// the error under "error", so every branch ends normally and no job stops
// another. The Choice "AnyJobFailed" tests "$[i].error" of every branch:
// if any is present, "DescribeFailures" keeps the outputs of the failed
// branches and the Fail state "JobsFailed" puts them in its Cause, with
// the input that re-runs exactly them (RerunField); otherwise the final
// job runs, and its failure ends in the Fail state "FinalJobFailed".
//
// args get their defaults and are validated first; the result is checked
// with asl.Validate.
func BuildDefinition(a integrations.Account, args PipelineArgs) (*asl.StateMachine, error) {
	args = args.WithDefaults()
	if err := args.validate(); err != nil {
		return nil, fmt.Errorf("invalid pipeline args: %w", err)
	}
	return buildDefinition(newDefinitionEnv(a, args), args)
}

// newDefinitionEnv derives the known-up-front values of a validated
// pipeline.
func newDefinitionEnv(a integrations.Account, args PipelineArgs) definitionEnv {
	n := resourceNames{pipeline: args.Name}
	cluster := args.ClusterName
	if cluster == "" {
		cluster = n.cluster()
	}
	return definitionEnv{
		account:    a,
		names:      n,
		clusterARN: a.ClusterARN(cluster),
		network:    args.Network,
		// An Input left after WithDefaults is not a plain value: the
		// execution input carries the network (when a job needs one).
		networkFromInput: args.Network.hasInputs() && args.usesCluster(),
		tagged:           len(args.Tags) > 0,
		kinds:            args.jobKinds(),
	}
}

// buildDefinition builds the definition of validated args with defaults.
func buildDefinition(env definitionEnv, args PipelineArgs) (*asl.StateMachine, error) {
	branches := make([]*asl.StateMachine, len(args.ParallelJobs))
	failedTests := make([]asl.ChoiceRule, len(args.ParallelJobs))
	names := make([]string, len(args.ParallelJobs))
	causeShare := (asl.MaxCause - causeReserve) / len(args.ParallelJobs) / 2
	for i, job := range args.ParallelJobs {
		names[i] = job.Name
	}
	for i, job := range args.ParallelJobs {
		branches[i] = jobBranch(env, job, causeShare)
		failedTests[i] = asl.ChoiceRule{Variable: fmt.Sprintf("$[%d].error", i), IsPresent: asl.Bool(true)}
	}
	anyFailed := asl.ChoiceRule{Or: failedTests, Next: stateDescribeFailures}
	if len(failedTests) == 1 {
		anyFailed = failedTests[0]
		anyFailed.Next = stateDescribeFailures
	}

	final := jobTask(env, args.FinalJob)
	final.End = true
	final.Catch = []asl.Catcher{{
		ErrorEquals: []string{asl.ErrorAll},
		Next:        stateFinalJobFailed,
		// The final job's input is the Parallel's output (an array), which
		// cannot take an extra field: the error replaces it.
		ResultPath: asl.String("$"),
	}}

	m := &asl.StateMachine{
		Comment: fmt.Sprintf("Pipeline %s: runs %s in parallel, then %s if none failed.",
			args.Name, strings.Join(names, ", "), args.FinalJob.Name),
		StartAt: stateCheckInput,
		States: map[string]*asl.State{
			stateCheckInput:  checkInputState(names, env.networkFromInput),
			stateUnknownJobs: unknownJobsState(names),
			stateRunJobs: {
				Type:     asl.TypeParallel,
				Comment:  "One branch per job; a job the input's jobs list leaves out is skipped; every branch catches its job's errors and ends normally.",
				Branches: branches,
				Next:     stateAnyJobFailed,
			},
			stateAnyJobFailed: {
				Type:    asl.TypeChoice,
				Comment: "A branch that caught an error has an error field in its output.",
				Choices: []asl.ChoiceRule{anyFailed},
				Default: args.FinalJob.Name,
			},
			stateDescribeFailures: {
				Type:    asl.TypePass,
				Comment: "Keep the outputs (job name and error) of the failed branches only.",
				Parameters: map[string]any{
					"failedJobs.$": "$[?(@.error)]",
				},
				Next: stateJobsFailed,
			},
			stateJobsFailed: {
				Type:          asl.TypeFail,
				Comment:       "Names the failed jobs and their errors, and the input that re-runs exactly them, within the limit of a cause; the execution history has the full records.",
				QueryLanguage: asl.JSONata,
				Error:         ErrorJobsFailed,
				Cause: boundedJSON(fmt.Sprintf(`{"%s": %s, "failedJobs": $states.input.failedJobs}`,
					RerunField, rerunInputExpr(env.networkFromInput)), asl.MaxCause),
			},
			args.FinalJob.Name: final,
			stateFinalJobFailed: {
				Type:          asl.TypeFail,
				Comment:       "The final job failed after its retries.",
				QueryLanguage: asl.JSONata,
				Error:         ErrorFinalJobFailed,
				Cause:         boundedErrorText("$states.input", asl.MaxCause),
			},
		},
	}
	if env.networkFromInput {
		m.States[stateNetworkMissing] = networkMissingState()
	}
	if problems := asl.Validate(m); len(problems) > 0 {
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = p.String()
		}
		return nil, fmt.Errorf("built an invalid state machine definition: %s", strings.Join(msgs, "; "))
	}
	return m, nil
}

// jobBranch is the Parallel branch of one job: a Choice that skips the
// job when the input's jobs list leaves it out, its Task, then a Pass that
// ends the branch on success, or a Pass that records the caught error with
// its cause cut to causeShare characters.
func jobBranch(env definitionEnv, job JobArgs, causeShare int) *asl.StateMachine {
	succeeded, failed := job.Name+succeededSuffix, job.Name+failedSuffix
	selected, skipped := job.Name+selectedSuffix, job.Name+skippedSuffix
	task := jobTask(env, job)
	task.Next = succeeded
	task.Catch = []asl.Catcher{{
		ErrorEquals: []string{asl.ErrorAll},
		Next:        failed,
		ResultPath:  asl.String(ErrorPath),
	}}
	return &asl.StateMachine{
		StartAt: selected,
		States: map[string]*asl.State{
			selected: selectJob(job.Name, skipped),
			skipped: {
				Type:   asl.TypePass,
				Result: map[string]any{"job": job.Name, "status": statusSkipped},
				End:    true,
			},
			job.Name: task,
			succeeded: {
				Type:   asl.TypePass,
				Result: map[string]any{"job": job.Name, "status": "SUCCEEDED"},
				End:    true,
			},
			failed: {
				Type:          asl.TypePass,
				QueryLanguage: asl.JSONata,
				Output: map[string]any{
					"job":    job.Name,
					"status": "FAILED",
					errorField: map[string]any{
						"Error": "{% $states.input." + errorField + ".Error %}",
						"Cause": boundedCause("$states.input."+errorField+".Cause", causeShare),
					},
				},
				End: true,
			},
		},
	}
}

// boundedJSON is a JSONata expression: the JSON text of the value of the
// JSONata expression expr, cut to at most limit characters
// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html;
// Fail accepts JSONata in Error and Cause:
// https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html).
func boundedJSON(expr string, limit int) string {
	return fmt.Sprintf("{%% $substring($string(%s), 0, %d) %%}", expr, limit)
}

// boundedErrorText is a JSONata expression: "ERROR: CAUSE" of the error
// object at path, cut to at most limit characters.
func boundedErrorText(path string, limit int) string {
	return fmt.Sprintf("{%% $substring(%[1]s.Error & ': ' & ($exists(%[1]s.Cause) ? $string(%[1]s.Cause) : ''), 0, %[2]d) %%}", path, limit)
}

// boundedCause is a JSONata expression: the string at path cut to at most
// limit characters, or "" when there is none (an error without a cause).
func boundedCause(path string, limit int) string {
	return fmt.Sprintf("{%% $exists(%[1]s) ? $substring($string(%[1]s), 0, %[2]d) : \"\" %%}", path, limit)
}

// jobTask is the Task state that runs one job, with its retry and timeout.
func jobTask(env definitionEnv, job JobArgs) *asl.State {
	in, pattern, params := env.kinds.kind(job).task(env, job.Name)
	s := &asl.State{
		Type:           asl.TypeTask,
		Resource:       in.Resource(env.account.Partition, pattern),
		Parameters:     params,
		TimeoutSeconds: job.TimeoutSeconds,
	}
	if *job.MaxAttempts > 0 {
		s.Retry = []asl.Retrier{{
			ErrorEquals:     in.RetryErrors,
			IntervalSeconds: job.RetryIntervalSeconds,
			MaxAttempts:     asl.Int(*job.MaxAttempts),
			BackoffRate:     2,
			JitterStrategy:  "FULL",
		}}
	}
	return s
}
