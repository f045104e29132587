package components

// resourceNames derives every physical name the pipeline gives its
// resources from the pipeline name and the job names. Explicit names make
// every ARN inside the definition and the policy documents known at the
// first preview.
type resourceNames struct {
	pipeline string
}

func (n resourceNames) stateMachine() string         { return n.pipeline }
func (n resourceNames) stateMachineRole() string     { return n.pipeline + "-sfn" }
func (n resourceNames) stateMachinePolicy() string   { return n.pipeline + "-sfn" }
func (n resourceNames) stateMachineLogGroup() string { return "/aws/vendedlogs/states/" + n.pipeline }
func (n resourceNames) schedule() string             { return n.pipeline }
func (n resourceNames) scheduleRole() string         { return n.pipeline + "-scheduler" }
func (n resourceNames) deadLetterQueue() string      { return n.pipeline + "-schedule-dlq" }
func (n resourceNames) alertRule() string            { return n.pipeline + "-execution-failed" }
func (n resourceNames) alertTopic() string           { return n.pipeline + "-alerts" }

// cluster is the name of the cluster the component creates.
func (n resourceNames) cluster() string { return n.pipeline }

// job is the name of a job's project or task definition family.
func (n resourceNames) job(job string) string { return n.pipeline + "-" + job }

func (n resourceNames) codeBuildRole(job string) string { return n.job(job) + "-codebuild" }
func (n resourceNames) codeBuildLogGroup(job string) string {
	return "/aws/codebuild/" + n.job(job)
}
func (n resourceNames) executionRole(job string) string { return n.job(job) + "-exec" }
func (n resourceNames) taskRole(job string) string      { return n.job(job) + "-task" }
func (n resourceNames) ecsLogGroup(job string) string   { return "/ecs/" + n.job(job) }
func (n resourceNames) batchLogGroup(job string) string { return "/aws/batch/" + n.job(job) }

// AWS name limits (characters) of the resources the pipeline names.
const (
	maxStateMachineName  = 80
	maxRoleName          = 64
	maxProjectName       = 150
	maxFamilyName        = 255
	maxClusterName       = 255
	maxLogGroupName      = 512
	maxScheduleName      = 64
	maxEventRuleName     = 64
	maxQueueName         = 80
	maxTopicName         = 256
	maxTagKey            = 128
	maxTagValue          = 256
	maxContainerEnvName  = 255
	maxJobTimeoutSeconds = 99999999
)
