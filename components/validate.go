package components

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"batchpipeline/internal/arn"

	// The IANA database is embedded so that timezone validation gives the
	// same answer on every machine, including ones without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// ConfigError is one invalid setting. Key is its config path
// (e.g. "parallelJobs[1].ecs.cpu"); Message says what is wrong and the fix.
type ConfigError struct {
	Key     string
	Message string
}

// Error returns "key: message".
func (e *ConfigError) Error() string { return e.Key + ": " + e.Message }

func configErrorf(key, format string, args ...any) *ConfigError {
	return &ConfigError{Key: key, Message: fmt.Sprintf(format, args...)}
}

// namePattern is what pipeline and job names may look like: it is the
// intersection of what every resource named after them accepts (CodeBuild
// projects, task definition families, clusters, roles, schedules, state
// machines and state names).
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// clusterPattern is what an existing ECS cluster name may look like.
var clusterPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// logLevels are the Step Functions log levels.
var logLevels = map[string]bool{"ALL": true, "ERROR": true, "FATAL": true, logLevelOff: true}

// logLevelOff turns execution logging off: no log group, no log delivery.
const logLevelOff = "OFF"

// retentionDays are the retention values CloudWatch Logs accepts.
var retentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// reservedStateNames are the states of the definition outside the branches;
// a job may not take one of these names.
var reservedStateNames = map[string]bool{
	stateRunJobs: true, stateAnyJobFailed: true, stateDescribeFailures: true,
	stateJobsFailed: true, stateFinalJobFailed: true,
	stateCheckInput: true, stateUnknownJobs: true, stateNetworkMissing: true,
}

// Validate checks a, with defaults applied, and returns every problem found
// as joined *ConfigError values, or nil. NewPipeline calls it before
// registering anything.
func (a PipelineArgs) Validate() error {
	return a.WithDefaults().validate()
}

// validate checks args that already have their defaults.
func (a PipelineArgs) validate() error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	n := resourceNames{pipeline: a.Name}

	if !namePattern.MatchString(a.Name) {
		add(configErrorf("name", "%q is not a valid pipeline name; use letters, digits, '-' and '_', starting with a letter or digit", a.Name))
	} else {
		for _, d := range []derivedName{
			{"state machine name", n.stateMachine(), maxStateMachineName},
			{"IAM role name", n.stateMachineRole(), maxRoleName},
			{"IAM role name", n.scheduleRole(), maxRoleName},
			{"schedule name", n.schedule(), maxScheduleName},
			{"log group name", n.stateMachineLogGroup(), maxLogGroupName},
			{"EventBridge rule name", n.alertRule(), maxEventRuleName},
			{"SNS topic name", n.alertTopic(), maxTopicName},
			{"SQS queue name", n.deadLetterQueue(), maxQueueName},
			{"ECS cluster name", n.cluster(), maxClusterName},
		} {
			add(d.check("name", a.Name))
		}
	}

	add(a.Schedule.validate("schedule"))
	add(a.Network.validate("network", a.usesCluster()))
	if a.ClusterName != "" && !clusterPattern.MatchString(a.ClusterName) {
		add(configErrorf("clusterName", "%q is not a valid ECS cluster name; use 1 to 255 letters, digits, '-' and '_'", a.ClusterName))
	}
	add(a.Alerts.validate("alerts"))
	add(a.Logging.validate("logging"))
	for k, v := range a.Tags {
		if k == "" || len(k) > maxTagKey || strings.HasPrefix(strings.ToLower(k), "aws:") {
			add(configErrorf("tags", "tag key %q must be 1 to %d characters and not start with \"aws:\"", k, maxTagKey))
		}
		if len(v) > maxTagValue {
			add(configErrorf("tags."+k, "tag value is %d characters, over the limit of %d", len(v), maxTagValue))
		}
	}

	if len(a.ParallelJobs) == 0 {
		add(configErrorf("parallelJobs", "no parallel job; add at least one job with one of %s", strings.Join(a.jobKinds().keys(), ", ")))
	}
	seen := map[string]string{}
	jobs := a.jobs()
	if f := a.FinalJob; f.Name == "" && len(a.jobKinds().of(f)) == 0 {
		add(configErrorf("finalJob", "no final job; set finalJob with a name and one of %s", strings.Join(a.jobKinds().keys(), ", ")))
		jobs = jobs[:len(jobs)-1]
	}
	for _, j := range jobs {
		if first, dup := seen[j.args.Name]; dup && j.args.Name != "" {
			add(configErrorf(j.key+".name", "job name %q is already used by %s; job names must be unique, the final job included", j.args.Name, first))
			continue
		}
		seen[j.args.Name] = j.key
		for _, err := range j.args.validate(j.key, n, a.jobKinds()) {
			add(err)
		}
	}
	return errors.Join(errs...)
}

// keyedJob is a job with its config path.
type keyedJob struct {
	key  string
	args JobArgs
}

// jobs lists the parallel jobs then the final job, with their config paths.
func (a PipelineArgs) jobs() []keyedJob {
	out := make([]keyedJob, 0, len(a.ParallelJobs)+1)
	for i, j := range a.ParallelJobs {
		out = append(out, keyedJob{key: fmt.Sprintf("parallelJobs[%d]", i), args: j})
	}
	return append(out, keyedJob{key: "finalJob", args: a.FinalJob})
}

// usesCluster reports whether any job runs on the pipeline's ECS cluster.
func (a PipelineArgs) usesCluster() bool {
	for _, j := range a.jobs() {
		for _, k := range a.jobKinds().of(j.args) {
			if k.kind.usesCluster() {
				return true
			}
		}
	}
	return false
}

// derivedName is a resource name built from a configured name.
type derivedName struct {
	what  string
	value string
	max   int
}

func (d derivedName) check(key, configured string) error {
	if len(d.value) <= d.max {
		return nil
	}
	return configErrorf(key, "%q makes the %s %q %d characters long, over the AWS limit of %d; shorten it by %d",
		configured, d.what, d.value, len(d.value), d.max, len(d.value)-d.max)
}

func (s ScheduleArgs) validate(key string) error {
	var errs []error
	if err := validateScheduleExpression(s.Expression); err != nil {
		errs = append(errs, &ConfigError{Key: key + ".expression", Message: err.Error()})
	}
	if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "Local" {
		errs = append(errs, configErrorf(key+".timezone", "%q is not an IANA time zone; use a name like Asia/Tokyo, Europe/Paris or UTC", s.Timezone))
	}
	if s.MaxRetryAttempts != nil && (*s.MaxRetryAttempts < 0 || *s.MaxRetryAttempts > 185) {
		errs = append(errs, configErrorf(key+".maxRetryAttempts", "%d is out of range; use 0 to 185", *s.MaxRetryAttempts))
	}
	if s.MaxEventAgeSeconds < 60 || s.MaxEventAgeSeconds > 86400 {
		errs = append(errs, configErrorf(key+".maxEventAgeSeconds", "%d is out of range; use 60 to 86400", s.MaxEventAgeSeconds))
	}
	return errors.Join(errs...)
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func (a AlertArgs) validate(key string) error {
	var errs []error
	if a.Email != "" && !emailPattern.MatchString(a.Email) {
		errs = append(errs, configErrorf(key+".email", "%q is not an email address", a.Email))
	}
	if a.TopicARN != "" && !isARN(a.TopicARN, "sns") {
		errs = append(errs, configErrorf(key+".topicArn", "%q is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)", a.TopicARN))
	}
	return errors.Join(errs...)
}

func (l LoggingArgs) validate(key string) error {
	var errs []error
	if !logLevels[l.Level] {
		errs = append(errs, configErrorf(key+".level", "%q is not a Step Functions log level; use ALL, ERROR, FATAL or OFF", l.Level))
	}
	errs = append(errs, retentionError(key+".retentionDays", l.RetentionDays))
	return errors.Join(errs...)
}

// retentionError is the error of a log retention CloudWatch Logs does not
// offer, nil for one it does; key is its config path.
func retentionError(key string, days int) error {
	for _, d := range retentionDays {
		if d == days {
			return nil
		}
	}
	offered := make([]string, len(retentionDays))
	for i, d := range retentionDays {
		offered[i] = fmt.Sprint(d)
	}
	return configErrorf(key, "%d is not a CloudWatch Logs retention; use one of %s", days, strings.Join(offered, ", "))
}

// validate checks one job (with defaults); key is its config path.
func (j JobArgs) validate(key string, n resourceNames, registry jobKinds) []error {
	var errs []error
	if !namePattern.MatchString(j.Name) {
		errs = append(errs, configErrorf(key+".name", "%q is not a valid job name; use letters, digits, '-' and '_', starting with a letter or digit", j.Name))
	} else if reservedStateNames[j.Name] || len(j.Name)+longestStateSuffix > maxStateName {
		errs = append(errs, configErrorf(key+".name", "%q cannot name a job: it is a state name of the workflow or longer than %d characters; choose another name", j.Name, maxStateName-longestStateSuffix))
	}
	if j.TimeoutSeconds < 1 || j.TimeoutSeconds > maxJobTimeoutSeconds {
		errs = append(errs, configErrorf(key+".timeoutSeconds", "%d is out of range; use 1 to %d", j.TimeoutSeconds, maxJobTimeoutSeconds))
	}
	if *j.MaxAttempts < 0 || *j.MaxAttempts > 10 {
		errs = append(errs, configErrorf(key+".maxAttempts", "%d is out of range; use 0 to 10", *j.MaxAttempts))
	}
	if j.RetryIntervalSeconds < 1 || j.RetryIntervalSeconds > 3600 {
		errs = append(errs, configErrorf(key+".retryIntervalSeconds", "%d is out of range; use 1 to 3600", j.RetryIntervalSeconds))
	}
	kinds := registry.of(j)
	if len(kinds) != 1 {
		errs = append(errs, configErrorf(key, "a job needs exactly one kind, found %d; set one of %s", len(kinds), strings.Join(registry.keys(), ", ")))
		return errs
	}
	if len(errs) > 0 && !namePattern.MatchString(j.Name) {
		return errs // derived names would only repeat the name problem
	}
	return append(errs, kinds[0].kind.validate(key, key+"."+kinds[0].key, n, j.Name)...)
}

// isARN reports whether s looks like an ARN of the service.
func isARN(s, service string) bool {
	a, ok := arn.Parse(s)
	return ok && a.Service == service && a.Resource != ""
}
