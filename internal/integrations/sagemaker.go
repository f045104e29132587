package integrations

import (
	"strings"

	"batchpipeline/internal/partial"
)

// sageMakerIAMPage is the policy of a state that runs a SageMaker job:
// for CreateTrainingJob, the create action on training-job/NAME*;
// sagemaker:ListTags and sagemaker:AddTags on "*"; iam:PassRole on the
// job's role towards sagemaker.amazonaws.com; for .sync the describe and
// stop actions and the managed rule
// (docs/research/integrations-passrole.md, section 1).
const sageMakerIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html"

// SageMakerService is the service principal SageMaker jobs run as.
const SageMakerService = "sagemaker.amazonaws.com"

// The optimized SageMaker job integrations, request-response and .sync
// ("The Wait for a Callback with Task Token integration pattern is not
// supported", https://docs.aws.amazon.com/step-functions/latest/dg/connect-sagemaker.html).
//
// Peers: the CDK's SageMakerCreateTrainingJob passes the role with the
// condition and grants ListTags and the rule, but not AddTags in the
// versions before PR #32536 (aws/aws-cdk#26012, #32294: ".sync" jobs
// failed with "not authorized to perform: sagemaker:AddTags"); its
// transform task passes a role the API never receives;
// serverless-step-functions grants only createTransformJob.sync;
// terraform-aws-modules follows AWS's 2023 page (no AddTags). None of the
// three has a tuning or labeling job task; AWS prints no template for
// them, so their describe, stop, tag and rule requests follow the
// training job's, the rule and tag unsure.
var (
	sageMakerTraining = sageMakerJob("createTrainingJob", sageMakerKind{
		create: "sagemaker:CreateTrainingJob", describe: "sagemaker:DescribeTrainingJob", stop: "sagemaker:StopTrainingJob",
		resource: "training-job", name: "TrainingJobName", role: "RoleArn",
		rule: "StepFunctionsGetEventsForSageMakerTrainingJobsRule"})
	sageMakerProcessing = sageMakerJob("createProcessingJob", sageMakerKind{
		create: "sagemaker:CreateProcessingJob", describe: "sagemaker:DescribeProcessingJob", stop: "sagemaker:StopProcessingJob",
		resource: "processing-job", name: "ProcessingJobName", role: "RoleArn",
		rule: "StepFunctionsGetEventsForSageMakerProcessingJobsRule", ruleUndocumented: true})
	sageMakerTransform = sageMakerJob("createTransformJob", sageMakerKind{
		create: "sagemaker:CreateTransformJob", describe: "sagemaker:DescribeTransformJob", stop: "sagemaker:StopTransformJob",
		resource: "transform-job", name: "TransformJobName",
		rule: "StepFunctionsGetEventsForSageMakerTransformJobsRule"})
	// The tuning job's rule is named only in AWS-authored sample policies
	// (the Data Science SDK's setup), the labeling job's nowhere: both
	// unsure, as is the tag of jobs no report shows Step Functions tags.
	sageMakerTuning = sageMakerJob("createHyperParameterTuningJob", sageMakerKind{
		create: "sagemaker:CreateHyperParameterTuningJob", describe: "sagemaker:DescribeHyperParameterTuningJob",
		stop: "sagemaker:StopHyperParameterTuningJob", resource: "hyper-parameter-tuning-job", name: "HyperParameterTuningJobName",
		role: "TrainingJobDefinition.RoleArn", eachRole: "TrainingJobDefinitions",
		rule: "StepFunctionsGetEventsForSageMakerTuningJobsRule", ruleUndocumented: true, tagsUndocumented: true})
	sageMakerLabeling = sageMakerJob("createLabelingJob", sageMakerKind{
		create: "sagemaker:CreateLabelingJob", describe: "sagemaker:DescribeLabelingJob", stop: "sagemaker:StopLabelingJob",
		resource: "labeling-job", name: "LabelingJobName", role: "RoleArn",
		rule: "StepFunctionsGetEventsForSageMakerLabelingJobsRule", ruleUndocumented: true, tagsUndocumented: true})
)

// sageMakerKind is what differs between SageMaker job integrations.
type sageMakerKind struct {
	create, describe, stop string
	// resource is the job's resource type, name the parameter naming it,
	// role the parameter (a dotted path) of the role the job runs as
	// ("" for none: a transform job takes its model's), eachRole an array
	// parameter whose entries each name one under RoleArn (a tuning job's
	// TrainingJobDefinitions).
	resource, name, role, eachRole string
	// rule is the managed rule of .sync; ruleUndocumented is set when
	// AWS's pages do not name it (Step Functions' page documents training
	// and transform only; the processing rule's name is the one
	// third-party code uses), so its requests are unsure.
	rule             string
	ruleUndocumented bool
	// tagsUndocumented is set when no report shows Step Functions tagging
	// the jobs of this kind it follows: sagemaker:AddTags is then unsure
	// for .sync too.
	tagsUndocumented bool
}

// sageMakerJob is the integration sagemaker:action.
func sageMakerJob(action string, k sageMakerKind) *Integration {
	resource := "arn:aws:states:::sagemaker:" + action
	params := map[string]any{k.name: "nightly-model"}
	dynamic := map[string]any{k.name + ".$": "$.name"}
	if k.role != "" {
		first, rest, nested := strings.Cut(k.role, ".")
		if nested {
			params[first] = map[string]any{rest: "arn:aws:iam::123456789012:role/sagemaker-exec"}
			dynamic[first] = map[string]any{rest + ".$": "$.role"}
		} else {
			params[k.role] = "arn:aws:iam::123456789012:role/sagemaker-exec"
			dynamic[k.role+".$"] = "$.role"
		}
	}
	if k.eachRole != "" {
		params[k.eachRole] = []any{map[string]any{"RoleArn": "arn:aws:iam::123456789012:role/sagemaker-tuning"}}
	}
	return &Integration{
		Service:     "sagemaker",
		Action:      action,
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        sageMakerIAMPage,
		IAMServices: []string{"sagemaker", "iam", "events", "sts"},
		Examples: []Example{
			{"named, its role", TaskState{Resource: resource, Parameters: params}},
			{"named, .sync", TaskState{Resource: resource + ".sync", Parameters: params}},
			{"chosen at run time", TaskState{Resource: resource, Parameters: dynamic}},
		},
		requests: func(c Call, env Env) []Request { return sageMakerRequests(c, env, k) },
	}
}

// sageMakerRequests is what a SageMaker job call needs
// (sageMakerIAMPage): the create action on the job, iam:PassRole of its
// role towards SageMaker, sagemaker:AddTags on the job for .sync (Step
// Functions tags the jobs it follows, MANAGED_BY_AWS; aws/aws-cdk PR
// #27264; unsure otherwise), and for .sync the describe and stop actions
// and the managed rule. AWS's template also grants sagemaker:ListTags on
// "*", which no page says Step Functions calls: not asked for.
func sageMakerRequests(c Call, env Env, k sageMakerKind) []Request {
	acct := env.Account()
	name := c.part(k.name, "JOB_NAME", partial.Name)
	if partial.Known(name) {
		name = strings.ToLower(name) // SageMaker's ARNs hold names in lower case
	}
	job := acct.ARN("sagemaker", k.resource+"/"+name)
	why := func(action string) string { return "Step Functions calls " + action + " on the job" }
	reqs := []Request{callRequest(k.create, job, "Step Functions creates the job with "+k.create, sageMakerIAMPage, "SageMakerJobs")}
	pass := func(role Role, via string) {
		reqs = append(reqs, PassRoleTo(role, via, SageMakerService, "SageMakerPassRoles",
			"SageMaker checks that the caller may pass the role the job runs as (iam:PassRole towards "+SageMakerService+")",
			sageMakerIAMPage))
	}
	if k.role != "" {
		if role, ok := c.roleParam(env, strings.Split(k.role, ".")...); ok {
			pass(role, k.role)
		}
	}
	if k.eachRole != "" {
		defs, _ := c.Each(k.eachRole)
		for _, d := range defs {
			if role, ok := d.roleParam(env, "RoleArn"); ok {
				pass(role, k.eachRole+"[].RoleArn")
			}
		}
	}
	tags := callRequest("sagemaker:AddTags", job, "Step Functions tags the jobs it follows (MANAGED_BY_AWS = STARTED_BY_STEP_FUNCTIONS) with sagemaker:AddTags",
		sageMakerIAMPage, "SageMakerJobs")
	switch {
	case c.Pattern != Sync:
		tags.Unsure = "AWS's page grants it for every pattern, but the failures reported are of .sync jobs"
	case k.tagsUndocumented:
		tags.Unsure = "the failures reported are of training and transform jobs; no page says Step Functions tags this kind of job"
	}
	reqs = append(reqs, tags)
	if c.Pattern != Sync {
		return reqs
	}
	reqs = append(reqs,
		callRequest(k.describe, job, why(k.describe)+" until it ends", sageMakerIAMPage, "SageMakerJobs"),
		callRequest(k.stop, job, why(k.stop)+" when the execution is stopped", sageMakerIAMPage, "SageMakerJobs"))
	n := len(reqs)
	reqs = appendEventsRule(reqs, c, acct, k.rule, sageMakerIAMPage)
	if k.ruleUndocumented {
		for i := n; i < len(reqs); i++ {
			reqs[i].Unsure = "AWS's pages do not name the managed rule of this job's .sync"
		}
	}
	return reqs
}
