// Package asl models the Amazon States Language (https://states-language.net)
// as Go values: the pipeline component builds its state machine definition
// from them, and the policy pack and the tests parse definitions back into
// them to check transitions, branches and service integrations.
package asl

// State types defined by the Amazon States Language.
const (
	TypeTask     = "Task"
	TypePass     = "Pass"
	TypeChoice   = "Choice"
	TypeWait     = "Wait"
	TypeSucceed  = "Succeed"
	TypeFail     = "Fail"
	TypeParallel = "Parallel"
	TypeMap      = "Map"
)

// ErrorAll is the wildcard error name that matches every error.
const ErrorAll = "States.ALL"

// JSONata is the QueryLanguage of states evaluated in JSONata; a state
// may set it in a JSONPath state machine, not the other way round
// (https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html).
const JSONata = "JSONata"

// MaxCause is the longest cause, in characters, of a failed execution or
// task (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionFailedEventDetails.html,
// API_TaskFailedEventDetails.html).
const MaxCause = 32768

// StateMachine is a state machine definition, or one scope inside it: a
// Parallel branch or a Map item processor has the same shape (StartAt and
// States), and transitions may only target states of the same scope.
type StateMachine struct {
	Comment        string            `json:"Comment,omitempty"`
	StartAt        string            `json:"StartAt"`
	States         map[string]*State `json:"States"`
	TimeoutSeconds int               `json:"TimeoutSeconds,omitempty"`
	// ProcessorConfig appears on a Map ItemProcessor (Mode INLINE or DISTRIBUTED).
	ProcessorConfig map[string]any `json:"ProcessorConfig,omitempty"`
	// QueryLanguage is "JSONPath" (the default) or "JSONata".
	QueryLanguage string `json:"QueryLanguage,omitempty"`
	// Version is the ASL version, "1.0" when set.
	Version string `json:"Version,omitempty"`
}

// State is one state of any type. Fields that a type does not use stay at
// their zero value and are omitted from the JSON.
type State struct {
	Type    string `json:"Type"`
	Comment string `json:"Comment,omitempty"`

	// Transitions.
	Next string `json:"Next,omitempty"`
	End  bool   `json:"End,omitempty"`

	// QueryLanguage overrides the state machine's query language for this state.
	QueryLanguage string `json:"QueryLanguage,omitempty"`
	// Arguments, Output and Assign are the JSONata counterparts of
	// Parameters, OutputPath/ResultSelector and variables.
	Arguments any            `json:"Arguments,omitempty"`
	Output    any            `json:"Output,omitempty"`
	Assign    map[string]any `json:"Assign,omitempty"`

	// Input and output processing (JSONPath query language).
	InputPath      *string        `json:"InputPath,omitempty"`
	OutputPath     *string        `json:"OutputPath,omitempty"`
	ResultPath     *string        `json:"ResultPath,omitempty"`
	Parameters     map[string]any `json:"Parameters,omitempty"`
	ResultSelector map[string]any `json:"ResultSelector,omitempty"`

	// Task.
	Resource         string `json:"Resource,omitempty"`
	TimeoutSeconds   int    `json:"TimeoutSeconds,omitempty"`
	HeartbeatSeconds int    `json:"HeartbeatSeconds,omitempty"`
	// TimeoutSecondsPath and HeartbeatSecondsPath read the limits from the input.
	TimeoutSecondsPath   string `json:"TimeoutSecondsPath,omitempty"`
	HeartbeatSecondsPath string `json:"HeartbeatSecondsPath,omitempty"`
	// Credentials names a role Step Functions assumes for the Task's
	// calls: {"RoleArn": "arn:..."} (or "RoleArn.$" under JSONPath).
	Credentials any `json:"Credentials,omitempty"`

	// Task, Parallel and Map error handling.
	Retry []Retrier `json:"Retry,omitempty"`
	Catch []Catcher `json:"Catch,omitempty"`

	// Pass.
	Result any `json:"Result,omitempty"`

	// Choice.
	Choices []ChoiceRule `json:"Choices,omitempty"`
	Default string       `json:"Default,omitempty"`

	// Wait.
	Seconds   int    `json:"Seconds,omitempty"`
	Timestamp string `json:"Timestamp,omitempty"`
	// SecondsPath and TimestampPath read the wait from the input.
	SecondsPath   string `json:"SecondsPath,omitempty"`
	TimestampPath string `json:"TimestampPath,omitempty"`

	// Fail.
	Error     string `json:"Error,omitempty"`
	Cause     string `json:"Cause,omitempty"`
	ErrorPath string `json:"ErrorPath,omitempty"`
	CausePath string `json:"CausePath,omitempty"`

	// Parallel.
	Branches []*StateMachine `json:"Branches,omitempty"`

	// Map. Iterator is the legacy name of ItemProcessor.
	ItemProcessor  *StateMachine `json:"ItemProcessor,omitempty"`
	Iterator       *StateMachine `json:"Iterator,omitempty"`
	ItemsPath      string        `json:"ItemsPath,omitempty"`
	MaxConcurrency int           `json:"MaxConcurrency,omitempty"`
	// ItemSelector (legacy name Parameters) shapes each item's input;
	// ItemReader, ItemBatcher and ResultWriter configure a distributed Map.
	ItemSelector map[string]any `json:"ItemSelector,omitempty"`
	ItemReader   map[string]any `json:"ItemReader,omitempty"`
	ItemBatcher  map[string]any `json:"ItemBatcher,omitempty"`
	ResultWriter map[string]any `json:"ResultWriter,omitempty"`
	// Items is the JSONata counterpart of ItemsPath.
	Items any `json:"Items,omitempty"`
	// ToleratedFailurePercentage and ToleratedFailureCount let a distributed
	// Map succeed despite failed items.
	ToleratedFailurePercentage float64 `json:"ToleratedFailurePercentage,omitempty"`
	ToleratedFailureCount      int     `json:"ToleratedFailureCount,omitempty"`
}

// Retrier retries a failed state (ASL "Retry" field).
type Retrier struct {
	ErrorEquals     []string `json:"ErrorEquals"`
	IntervalSeconds int      `json:"IntervalSeconds,omitempty"`
	MaxAttempts     *int     `json:"MaxAttempts,omitempty"`
	BackoffRate     float64  `json:"BackoffRate,omitempty"`
	MaxDelaySeconds int      `json:"MaxDelaySeconds,omitempty"`
	JitterStrategy  string   `json:"JitterStrategy,omitempty"`
}

// Catcher sends a failed state to a fallback state (ASL "Catch" field).
type Catcher struct {
	ErrorEquals []string `json:"ErrorEquals"`
	Next        string   `json:"Next"`
	ResultPath  *string  `json:"ResultPath,omitempty"`
	// Output and Assign are the JSONata counterparts of ResultPath.
	Output any            `json:"Output,omitempty"`
	Assign map[string]any `json:"Assign,omitempty"`
}

// ChoiceRule is one rule of a Choice state. A top-level rule has Next; rules
// nested in And, Or and Not do not. The comparison operators used by this
// project are typed fields; Other keeps any operator this model does not
// name, so that parsing a foreign definition loses nothing that matters for
// validation.
type ChoiceRule struct {
	Variable string       `json:"Variable,omitempty"`
	Next     string       `json:"Next,omitempty"`
	And      []ChoiceRule `json:"And,omitempty"`
	Or       []ChoiceRule `json:"Or,omitempty"`
	Not      *ChoiceRule  `json:"Not,omitempty"`

	IsPresent     *bool    `json:"IsPresent,omitempty"`
	IsNull        *bool    `json:"IsNull,omitempty"`
	StringEquals  *string  `json:"StringEquals,omitempty"`
	BooleanEquals *bool    `json:"BooleanEquals,omitempty"`
	NumericEquals *float64 `json:"NumericEquals,omitempty"`

	// Other holds comparison operators not modelled above, by name.
	Other map[string]any `json:"-"`
}

// ConditionKey is the field of a JSONata choice rule that holds its
// condition, a "{% ... %}" expression
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html).
// It is kept in Other, as parsing keeps it.
const ConditionKey = "Condition"

// ConditionRule returns the top-level JSONata rule that goes to next when
// the expression condition ("{% ... %}") is true; the Choice state that
// holds it must have QueryLanguage JSONata.
func ConditionRule(condition, next string) ChoiceRule {
	return ChoiceRule{Other: map[string]any{ConditionKey: condition}, Next: next}
}

// Condition returns the JSONata condition of r and whether it has one.
func (r ChoiceRule) Condition() (string, bool) {
	c, ok := r.Other[ConditionKey].(string)
	return c, ok
}

// String returns p. It makes optional path fields easy to fill:
// ResultPath: asl.String("$.error").
func String(p string) *string { return &p }

// Bool returns a pointer to b, for the optional boolean comparisons.
func Bool(b bool) *bool { return &b }

// Int returns a pointer to n, for Retrier.MaxAttempts.
func Int(n int) *int { return &n }
