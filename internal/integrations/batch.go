package integrations

import (
	"strconv"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// batchIAMPage is the policy of a state that submits an AWS Batch job:
// batch:SubmitJob (and for .sync batch:DescribeJobs, batch:TerminateJob)
// on "*", "because job ids for SubmitJob and TerminateJob are generated
// and therefore only known at runtime", and for .sync the managed rule
// StepFunctionsGetEventsForBatchJobsRule
// (docs/research/integrations-passrole.md, section 2).
const batchIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/batch-iam.html"

// batchScopePage is AWS Batch's own guide to scoping SubmitJob: "When
// scoping resource-level access for job submission, you must provide both
// job queue and job definition resource types."
const batchScopePage = "https://docs.aws.amazon.com/batch/latest/userguide/iam-example-restrict-job-queue.html"

// BatchEventsRule is the managed rule of batch:submitJob.sync.
const BatchEventsRule = "StepFunctionsGetEventsForBatchJobsRule"

// batchSubmitJob is the optimized integration batch:submitJob,
// request-response and .sync (https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html).
// It passes no role: the job's roles are the job definition's, passed
// when it was registered.
//
// Peers: the CDK's BatchSubmitJob grants SubmitJob on the job definition
// and queue and the rule for every pattern, but not DescribeJobs or
// TerminateJob (awslabs/visual-asset-management-system#305: an execution
// stopped left its job running) nor TagResource;
// serverless-step-functions grants the .sync set on "*" for both
// patterns; terraform-aws-modules follows AWS's page.
//
// RetryErrors: Batch.ServerException is SubmitJob's server-side error
// ("These errors are usually caused by a server issue", HTTP 500,
// https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html),
// named as Step Functions names a service's exceptions; Batch.AWSBatchException
// is what a throttled submission raises, which SubmitJob's page does not
// model (Netflix/metaflow retries it "to handle failures caused by Batch
// API throttling"). A job that runs and fails (States.TaskFailed) is not
// retried.
var batchSubmitJob = &Integration{
	Service:     "batch",
	Action:      "submitJob",
	Patterns:    []Pattern{RequestResponse, Sync},
	Page:        batchIAMPage,
	RetryErrors: []string{"Batch.ServerException", "Batch.AWSBatchException"},
	IAMServices: []string{"batch", "events", "sts"},
	Examples: []Example{
		{"by names, .sync", TaskState{Resource: "arn:aws:states:::batch:submitJob.sync", Parameters: map[string]any{
			"JobName": "nightly", "JobQueue": "jobs", "JobDefinition": "report:3"}}},
		{"by ARNs, tagged", TaskState{Resource: "arn:aws:states:::batch:submitJob", Parameters: map[string]any{
			"JobName": "nightly", "JobQueue": "arn:aws:batch:ap-northeast-1:123456789012:job-queue/jobs",
			"JobDefinition": "arn:aws:batch:ap-northeast-1:123456789012:job-definition/report", "Tags": map[string]any{"team": "x"}}}},
		{"chosen at run time", TaskState{Resource: "arn:aws:states:::batch:submitJob", Parameters: map[string]any{
			"JobName": "nightly", "JobQueue.$": "$.q", "JobDefinition.$": "$.d"}}},
	},
	requests: submitJobRequests,
}

// submitJobRequests is what submitting a Batch job needs: batch:SubmitJob
// on the job queue and the job definition's revision (batchScopePage,
// jobDefinitionRevision); on the new
// job too, which the service authorization reference lists as a required
// resource of SubmitJob, though AWS Batch's guide scopes the action to
// the other two (unsure); batch:TagResource on the job when the state
// tags it (unsure: not on AWS's page; TerraConstructs/base#137 reports
// the failure); for .sync batch:DescribeJobs (which takes no resource),
// batch:TerminateJob on the job, and the managed rule.
func submitJobRequests(c Call, env Env) []Request {
	acct := env.Account()
	isBatch := func(kind string) func(string) bool {
		return func(s string) bool {
			a, ok := arn.Parse(s)
			return ok && a.Service == "batch" && strings.HasPrefix(a.Resource, kind+"/")
		}
	}
	queue := c.arnParam(acct, "JobQueue", "QUEUE", true, func(a Account, n string) string { return a.ARN("batch", "job-queue/"+n) },
		isBatch("job-queue"))
	definition := jobDefinitionRevision(c.arnParam(acct, "JobDefinition", "DEFINITION", true,
		func(a Account, n string) string { return a.ARN("batch", "job-definition/"+n) }, isBatch("job-definition")))
	job := acct.ARN("batch", "job/"+partial.Hole{Label: "JOB_ID", Class: partial.Name, Why: "Batch gives the job its ID when it is submitted"}.String())
	jobs := acct.ARN("batch", "job/*")
	if !partial.Known(jobs) {
		jobs = ""
	}
	submit := func(resource, why, page string) Request {
		return callRequest("batch:SubmitJob", resource, why, page, "BatchJobs")
	}
	onDefinition := submit(definition, "Step Functions submits a job of the job definition with batch:SubmitJob", batchScopePage)
	if family, ok := strings.CutSuffix(definition, ":"+batchRevisionHole); ok && partial.Known(family) {
		onDefinition.Grant.Resource = family + ":*"
	}
	reqs := []Request{
		submit(queue, "Step Functions submits the job to the queue with batch:SubmitJob", batchScopePage),
		onDefinition,
	}
	onJob := submit(job, "the service authorization reference lists the new job as a resource of batch:SubmitJob", batchIAMPage)
	onJob.Grant.Resource = jobs
	onJob.Unsure = "AWS Batch's guide scopes batch:SubmitJob to the queue and the job definition only"
	reqs = append(reqs, onJob)
	if c.Param("Tags").Set {
		tag := callRequest("batch:TagResource", job, "the state tags the job it submits, which batch:TagResource authorizes", batchIAMPage, "BatchJobs")
		tag.Grant.Resource = jobs
		tag.Unsure = "AWS's page does not list it; a user reports tagged submissions failing without it (TerraConstructs/base#137)"
		reqs = append(reqs, tag)
	}
	if c.Pattern != Sync {
		return reqs
	}
	terminate := callRequest("batch:TerminateJob", job, "Step Functions terminates the job with batch:TerminateJob when the execution is stopped",
		batchIAMPage, "BatchJobs")
	terminate.Grant.Resource = jobs
	reqs = append(reqs,
		callRequest("batch:DescribeJobs", "*", "Step Functions follows the job with batch:DescribeJobs until it ends", batchIAMPage, "BatchJobs"),
		terminate)
	return appendEventsRule(reqs, c, acct, BatchEventsRule, batchIAMPage)
}

// batchRevisionHole is the revision of a job definition named without
// one: Batch submits its latest ACTIVE revision, which only the account
// knows.
var batchRevisionHole = partial.Hole{Label: "REVISION", Class: partial.Name,
	Why: "Batch submits the job definition's latest ACTIVE revision, which only the account knows"}.String()

// jobDefinitionRevision is the ARN SubmitJob is authorized against for a
// job definition ARN (known in part): with its revision, since "a policy
// that references only the job definition name without a revision number
// or wildcard (for example, job-definition/my-job-def) does not match
// SubmitJob requests, because the request ARN includes the revision"
// (https://docs.aws.amazon.com/batch/latest/userguide/iam-example-restrict-job-submission.html);
// one named without its revision (or chosen at run time) gets the
// revision not known, which job-definition/NAME:* allows.
func jobDefinitionRevision(definition string) string {
	a, ok := arn.Parse(definition)
	if !ok || strings.Contains(partial.Display(a.Resource), ":") {
		return definition
	}
	return definition + ":" + batchRevisionHole
}

// BatchSubmitJob is the integration batch:submitJob, which the
// component's Batch jobs call with .sync.
func BatchSubmitJob() *Integration { return batchSubmitJob }

// SubmitJob is a batch:submitJob call as the component writes it: the
// job's name, its queue and its job definition (each a name or an ARN;
// the definition with or without its revision).
type SubmitJob struct {
	JobName, JobQueue, JobDefinition string
}

// Parameters is the Task state's Parameters of the call.
func (s SubmitJob) Parameters() map[string]any {
	return map[string]any{"JobName": s.JobName, "JobQueue": s.JobQueue, "JobDefinition": s.JobDefinition}
}

// JobDefinitionARN returns the ARN of a Batch job definition's revision
// (revision 0: of no revision, the form SubmitJob takes for the latest).
func (a Account) JobDefinitionARN(name string, revision int) string {
	if revision == 0 {
		return a.ARN("batch", "job-definition/"+name)
	}
	return a.ARN("batch", "job-definition/"+name+":"+strconv.Itoa(revision))
}

// JobQueueARN returns the ARN of a Batch job queue.
func (a Account) JobQueueARN(name string) string { return a.ARN("batch", "job-queue/"+name) }
