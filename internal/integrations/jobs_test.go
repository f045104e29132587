package integrations

import (
	"reflect"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

// describeRequests writes requests as "ACTION[?] RESOURCE [to SERVICE]",
// "?" marking an unsure one.
func describeRequests(reqs []Request) []string {
	var out []string
	for _, r := range reqs {
		s := r.Action
		if r.Unsure != "" {
			s += "?"
		}
		s += " " + partial.Display(r.Resource)
		if v := r.Context["iam:PassedToService"]; v != "" {
			s += " to " + partial.Display(v)
		}
		out = append(out, s)
	}
	return out
}

// TestJobRequests: the job integrations as AWS's pages list their
// policies (docs/research/integrations-passrole.md quotes each): Batch
// (batch-iam.html; the queue and definition per AWS Batch's guide; the
// new job per the reference, unsure), Glue (glue-iam.html, on job/NAME per
// the reference), EMR Serverless (emr-serverless-iam.html: StartJobRun on
// the application, iam:PassRole towards emr-serverless.amazonaws.com,
// GetJobRun/CancelJobRun on its job runs, the rule), Bedrock
// (connect-bedrock.html: the create action on the base and the custom
// model, iam:PassRole, Get/Stop for .sync, no rule), EKS (eks-iam.html:
// CreateCluster on "*", the cluster role and the node role passed towards
// eks.amazonaws.com, .sync polls). Expected values are literals.
func TestJobRequests(t *testing.T) {
	const (
		acct   = "ap-northeast-1:123456789012"
		events = "arn:aws:events:" + acct + ":rule/"
	)
	rule := func(name string) []string {
		return []string{"events:PutTargets " + events + name, "events:PutRule " + events + name, "events:DescribeRule " + events + name}
	}
	tests := []struct {
		name     string
		resource string
		params   map[string]any
		want     []string
	}{
		{"Batch, .sync", "arn:aws:states:::batch:submitJob.sync", map[string]any{"JobName": "n", "JobQueue": "jobs", "JobDefinition": "report:3"},
			append([]string{
				"batch:SubmitJob arn:aws:batch:" + acct + ":job-queue/jobs",
				"batch:SubmitJob arn:aws:batch:" + acct + ":job-definition/report:3",
				"batch:SubmitJob? arn:aws:batch:" + acct + ":job/JOB_ID",
				"batch:DescribeJobs *",
				"batch:TerminateJob arn:aws:batch:" + acct + ":job/JOB_ID",
			}, rule("StepFunctionsGetEventsForBatchJobsRule")...)},
		{"Batch, tagged", "arn:aws:states:::batch:submitJob", map[string]any{"JobName": "n",
			"JobQueue": "arn:aws:batch:eu-west-1:210987654321:job-queue/central", "JobDefinition": "report", "Tags": map[string]any{"t": "x"}},
			[]string{
				"batch:SubmitJob arn:aws:batch:eu-west-1:210987654321:job-queue/central",
				"batch:SubmitJob arn:aws:batch:" + acct + ":job-definition/report:REVISION",
				"batch:SubmitJob? arn:aws:batch:" + acct + ":job/JOB_ID",
				"batch:TagResource? arn:aws:batch:" + acct + ":job/JOB_ID",
			}},
		{"Glue, .sync", "arn:aws:states:::glue:startJobRun.sync", map[string]any{"JobName": "etl"}, []string{
			"glue:StartJobRun arn:aws:glue:" + acct + ":job/etl", "glue:GetJobRun arn:aws:glue:" + acct + ":job/etl",
			"glue:GetJobRuns arn:aws:glue:" + acct + ":job/etl", "glue:BatchStopJobRun arn:aws:glue:" + acct + ":job/etl"}},
		{"EMR Serverless, .sync", "arn:aws:states:::emr-serverless:startJobRun.sync", map[string]any{"ApplicationId": "00f1",
			"ExecutionRoleArn": "arn:aws:iam::123456789012:role/emr"}, append([]string{
			"emr-serverless:StartJobRun arn:aws:emr-serverless:" + acct + ":/applications/00f1",
			"iam:PassRole arn:aws:iam::123456789012:role/emr to emr-serverless.amazonaws.com",
			"emr-serverless:GetJobRun arn:aws:emr-serverless:" + acct + ":/applications/00f1/jobruns/JOB_RUN_ID",
			"emr-serverless:CancelJobRun arn:aws:emr-serverless:" + acct + ":/applications/00f1/jobruns/JOB_RUN_ID",
		}, rule("StepFunctionsGetEventsForEMRServerlessJobRule")...)},
		{"Bedrock, .sync", "arn:aws:states:::bedrock:createModelCustomizationJob.sync", map[string]any{
			"BaseModelIdentifier": "amazon.titan-text-express-v1", "CustomModelName": "tuned", "RoleArn": "arn:aws:iam::123456789012:role/b"},
			[]string{
				"bedrock:CreateModelCustomizationJob arn:aws:bedrock:ap-northeast-1::foundation-model/amazon.titan-text-express-v1",
				"bedrock:CreateModelCustomizationJob arn:aws:bedrock:" + acct + ":custom-model/tuned",
				"iam:PassRole arn:aws:iam::123456789012:role/b to bedrock.amazonaws.com",
				"bedrock:GetModelCustomizationJob arn:aws:bedrock:" + acct + ":model-customization-job/JOB_ID",
				"bedrock:StopModelCustomizationJob arn:aws:bedrock:" + acct + ":model-customization-job/JOB_ID",
			}},
		{"Bedrock model, S3 in and out", "arn:aws:states:::bedrock:invokeModel", map[string]any{"ModelId": "amazon.titan-text-express-v1",
			"Input": map[string]any{"S3Uri": "s3://prompts/in.json"}, "Output": map[string]any{"S3Uri": "s3://answers/out.json"}},
			[]string{
				"bedrock:InvokeModel arn:aws:bedrock:ap-northeast-1::foundation-model/amazon.titan-text-express-v1",
				"s3:GetObject arn:aws:s3:::prompts/in.json", "s3:PutObject arn:aws:s3:::answers/out.json",
			}},
		{"EKS cluster, .sync", "arn:aws:states:::eks:createCluster.sync", map[string]any{"Name": "c", "RoleArn": "arn:aws:iam::123456789012:role/eks"},
			[]string{
				"eks:CreateCluster *", "iam:PassRole arn:aws:iam::123456789012:role/eks to eks.amazonaws.com",
				"eks:DescribeCluster arn:aws:eks:" + acct + ":cluster/c", "eks:DeleteCluster arn:aws:eks:" + acct + ":cluster/c",
			}},
		{"EKS node group, .sync", "arn:aws:states:::eks:createNodegroup.sync", map[string]any{"ClusterName": "c", "NodegroupName": "w",
			"NodeRole": "arn:aws:iam::123456789012:role/nodes"}, []string{
			"eks:CreateNodegroup arn:aws:eks:" + acct + ":cluster/c", "ec2:DescribeSubnets? *",
			"iam:PassRole arn:aws:iam::123456789012:role/nodes to eks.amazonaws.com",
			"eks:DescribeNodegroup arn:aws:eks:" + acct + ":nodegroup/c/w/UUID", "eks:DeleteNodegroup arn:aws:eks:" + acct + ":nodegroup/c/w/UUID",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describeRequests(call(t, tt.resource, tt.params).Requests(nightlyEnv())); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("requests\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestBatchJobDefinitionRevision: SubmitJob is authorized against the job
// definition's revision ("A policy that references only the job
// definition name without a revision number or wildcard ... does not
// match SubmitJob requests",
// https://docs.aws.amazon.com/batch/latest/userguide/iam-example-restrict-job-submission.html):
// a grant on the bare name is denied, NAME:* and the revision itself
// allow it; a definition chosen at run time is allowed by job-definition/*
// anywhere and by no grant of one name for certain.
func TestBatchJobDefinitionRevision(t *testing.T) {
	const def = "arn:aws:batch:ap-northeast-1:123456789012:job-definition/"
	tests := []struct {
		name, definition, grant string
		want                    iam.Decision
		decided                 bool
	}{
		{"by name, a grant on the name", "report", def + "report", iam.ImplicitDeny, true},
		{"by name, a grant on every revision", "report", def + "report:*", iam.Allowed, true},
		{"by name, a grant on one revision", "report", def + "report:3", iam.ImplicitDeny, false},
		{"by revision, a grant on it", "report:3", def + "report:3", iam.Allowed, true},
		{"by ARN without revision, every revision", def + "report", def + "report:*", iam.Allowed, true},
		{"chosen at run time, every definition anywhere", "", "arn:aws:batch:*:*:job-definition/*", iam.Allowed, true},
		{"chosen at run time, one name's revisions", "", def + "report:*", iam.ImplicitDeny, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := map[string]any{"JobName": "n", "JobQueue": "jobs", "JobDefinition": tt.definition}
			if tt.definition == "" {
				params = map[string]any{"JobName": "n", "JobQueue": "jobs", "JobDefinition.$": "$.d"}
			}
			r := call(t, "arn:aws:states:::batch:submitJob", params).Requests(nightlyEnv())[1]
			doc := iam.Document{Statement: []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"batch:SubmitJob"}, Resource: iam.Strings{tt.grant}}}}
			got := iam.Evaluate(request(r), []iam.Document{doc}, nil)
			if decided := len(got.Uncertain) == 0; decided != tt.decided || (decided && got.Decision != tt.want) {
				t.Errorf("request on %s, grant on %s: %v (uncertain %v), want %v decided %v", partial.Display(r.Resource), tt.grant,
					got.Decision, got.Uncertain, tt.want, tt.decided)
			}
		})
	}
	named := call(t, "arn:aws:states:::batch:submitJob", map[string]any{"JobName": "n", "JobQueue": "jobs", "JobDefinition": "report"}).Requests(nightlyEnv())[1]
	if named.Grant.Resource != def+"report:*" {
		t.Errorf("least grant of a definition named without revision: %q, want %q", named.Grant.Resource, def+"report:*")
	}
}
