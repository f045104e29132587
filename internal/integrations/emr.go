package integrations

import (
	"strings"

	"batchpipeline/internal/partial"
)

// Pages of the EMR integrations.
const (
	// emrIAMPage: createCluster: elasticmapreduce:RunJobFlow,
	// DescribeCluster and TerminateJobFlows on "*", iam:PassRole on the
	// roles (no iam:PassedToService condition); addStep: AddJobFlowSteps,
	// DescribeStep and CancelSteps on cluster/ID; cancelStep: CancelSteps;
	// setClusterTerminationProtection: SetTerminationProtection;
	// terminateCluster: TerminateJobFlows and DescribeCluster, each on
	// cluster/ID. The current page has no managed rule (the 2023 page
	// had StepFunctionsGetEventForEMR*Rule): "Step Functions has a
	// hard-coded 60 seconds job polling frequency"
	// (docs/research/integrations-passrole.md, section 5).
	emrIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html"
	// emrPassRolePage: "The iam:PassRole permission allows cluster
	// creation."
	emrPassRolePage = "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-roles-create-permissions.html"
	// emrRuntimeRolePage: a step's runtime role (ExecutionRoleArn) is
	// authorized by AddJobFlowSteps with the condition key
	// elasticmapreduce:ExecutionRoleArn.
	emrRuntimeRolePage = "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-steps-runtime-roles.html"
)

// The services EMR's roles are passed to. No EMR page names the
// iam:PassedToService values; these are the ones AWS's own managed policy
// AmazonEMRFullAccessPolicy_v2 grants PassRole with (StringLike
// "elasticmapreduce.amazonaws.com*", "ec2.amazonaws.com*",
// "application-autoscaling.amazonaws.com*";
// docs/research/integrations-passrole.md, section 5).
const (
	// EMRService receives the cluster's service role (ServiceRole).
	EMRService = "elasticmapreduce.amazonaws.com"
	// EC2Service receives the role of the cluster's instance profile
	// (JobFlowRole).
	EC2Service = "ec2.amazonaws.com"
	// AutoScalingService receives the cluster's automatic scaling role
	// (AutoScalingRole).
	AutoScalingService = "application-autoscaling.amazonaws.com"
)

// emrClusterWhy is why the id of a cluster being created is not known.
const emrClusterWhy = "EMR gives the cluster its id when it creates it"

// The optimized EMR integrations
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-emr.html,
// which says "Step Functions does not terminate an Amazon EMR cluster
// automatically if execution is stopped"): createCluster, addStep and
// terminateCluster request-response and .sync; cancelStep and
// setClusterTerminationProtection request-response. The model leaves
// modifyInstanceFleetByName and modifyInstanceGroupByName to the Survey
// (named, not judged).
//
// Peers: the CDK's EmrCreateCluster grants RunJobFlow, DescribeCluster,
// TerminateJobFlows and AddTags on "*", PassRole on the service and
// cluster roles without condition, iam:CreateServiceLinkedRole for
// AWSServiceRoleForEMRCleanup, and the 2023 rule; serverless-step-functions
// grants iam:PassRole on "*"; terraform-aws-modules follows the 2023 page.
// The model asks for what the current page's templates grant that the
// call certainly makes: TerminateJobFlows is not asked for createCluster,
// since Step Functions does not terminate the cluster when the execution
// stops.
var (
	emrCreateCluster = &Integration{
		Service:     "elasticmapreduce",
		Action:      "createCluster",
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        emrIAMPage,
		IAMServices: []string{"elasticmapreduce", "iam", "sts"},
		Examples: []Example{
			{"default roles, .sync", TaskState{Resource: "arn:aws:states:::elasticmapreduce:createCluster.sync", Parameters: map[string]any{
				"Name": "nightly", "ReleaseLabel": "emr-7.1.0", "ServiceRole": "EMR_DefaultRole_V2", "JobFlowRole": "EMR_EC2_DefaultRole",
				"AutoScalingRole": "arn:aws:iam::123456789012:role/EMR_AutoScaling_DefaultRole"}}},
			{"roles chosen at run time", TaskState{Resource: "arn:aws:states:::elasticmapreduce:createCluster", Parameters: map[string]any{
				"Name": "nightly", "ServiceRole.$": "$.service", "JobFlowRole.$": "$.profile"}}},
		},
		requests: emrCreateClusterRequests,
	}
	emrAddStep = &Integration{
		Service:     "elasticmapreduce",
		Action:      "addStep",
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        emrIAMPage,
		IAMServices: []string{"elasticmapreduce", "sts"},
		Examples: []Example{
			{"a step, .sync", TaskState{Resource: "arn:aws:states:::elasticmapreduce:addStep.sync", Parameters: map[string]any{
				"ClusterId": "j-1ABCDEFGHIJKL", "Step": map[string]any{"Name": "etl"}}}},
			{"a runtime role", TaskState{Resource: "arn:aws:states:::elasticmapreduce:addStep", Parameters: map[string]any{
				"ClusterId": "j-1ABCDEFGHIJKL", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/etl-runtime", "Step": map[string]any{"Name": "etl"}}}},
			{"a cluster chosen at run time", TaskState{Resource: "arn:aws:states:::elasticmapreduce:addStep.sync", Parameters: map[string]any{
				"ClusterId.$": "$.cluster", "Step": map[string]any{"Name": "etl"}}}},
		},
		requests: emrAddStepRequests,
	}
	emrTerminateCluster = emrOnCluster("terminateCluster", []Pattern{RequestResponse, Sync}, "elasticmapreduce:TerminateJobFlows",
		"Step Functions terminates the cluster with elasticmapreduce:TerminateJobFlows")
	emrCancelStep = emrOnCluster("cancelStep", []Pattern{RequestResponse}, "elasticmapreduce:CancelSteps",
		"Step Functions cancels the step with elasticmapreduce:CancelSteps")
	emrTerminationProtection = emrOnCluster("setClusterTerminationProtection", []Pattern{RequestResponse}, "elasticmapreduce:SetTerminationProtection",
		"Step Functions sets the cluster's termination protection with elasticmapreduce:SetTerminationProtection")
)

// emrClusterARN is the ARN of an EMR cluster.
func (a Account) emrClusterARN(id string) string { return a.ARN("elasticmapreduce", "cluster/"+id) }

// emrCreateClusterRequests is what createCluster needs: RunJobFlow on
// "*" (it has no resource type), iam:PassRole of each role it names
// towards the service that receives it (emrPassRolePage), and for .sync
// elasticmapreduce:DescribeCluster on the new cluster.
func emrCreateClusterRequests(c Call, env Env) []Request {
	reqs := []Request{callRequest("elasticmapreduce:RunJobFlow", "*", "Step Functions creates the cluster with elasticmapreduce:RunJobFlow", emrIAMPage, "EMRClusters")}
	for _, p := range []struct{ param, service, what string }{
		{"ServiceRole", EMRService, "the cluster's service role"},
		{"AutoScalingRole", AutoScalingService, "the cluster's automatic scaling role"},
	} {
		if role, ok := c.roleParam(env, p.param); ok {
			reqs = append(reqs, PassRoleTo(role, p.param, p.service, "EMRPassRoles",
				"EMR checks that the caller may pass "+p.what+" (iam:PassRole towards "+p.service+")", emrPassRolePage))
		}
	}
	if role, ok := emrInstanceProfileRole(c, env); ok {
		reqs = append(reqs, PassRoleTo(role, "JobFlowRole", EC2Service, "EMRPassRoles",
			"EMR launches the cluster's instances with the instance profile's role, which the caller must be allowed to pass (iam:PassRole towards "+
				EC2Service+")", emrPassRolePage))
	}
	if c.Pattern != Sync {
		return reqs
	}
	cluster := env.Account().emrClusterARN(partial.Hole{Label: "CLUSTER_ID", Class: partial.Name, Why: emrClusterWhy}.String())
	return append(reqs, callRequest("elasticmapreduce:DescribeCluster", cluster,
		"Step Functions follows the cluster with elasticmapreduce:DescribeCluster until it is WAITING", emrIAMPage, "EMRClusters"))
}

// InstanceProfileResolver is the Env of a stack that holds IAM instance
// profiles.
type InstanceProfileResolver interface {
	// InstanceProfileRole describes the role of the instance profile a
	// name or ARN names; false when the Env does not know the profile.
	InstanceProfileRole(ref string) (Role, bool)
}

// emrInstanceProfileRole is the role of the instance profile JobFlowRole
// names, which iam:PassRole is evaluated on (EC2 passes the profile's
// role: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html);
// a role not known when the Env does not know the profile.
func emrInstanceProfileRole(c Call, env Env) (Role, bool) {
	v := c.Param("JobFlowRole")
	if !v.Set {
		return Role{}, false
	}
	why := c.notKnown("instance profile")
	if ref, ok := v.Static(); ok {
		if r, ok := env.(InstanceProfileResolver); ok {
			if role, ok := r.InstanceProfileRole(ref); ok {
				return role, true
			}
		}
		why = "the role of the instance profile " + strings.TrimPrefix(ref, "instance-profile/") + " is not a resource of the stack"
	}
	return Role{Set: true, ARN: env.Account().RoleARN("/", partial.Hole{Label: "ROLE", Class: partial.Any, Why: why}.String())}, true
}

// emrAddStepRequests is what addStep needs: AddJobFlowSteps on the
// cluster, with elasticmapreduce:ExecutionRoleArn the step's runtime role
// when it names one (emrRuntimeRolePage: no iam:PassRole); for .sync
// DescribeStep to follow the step and CancelSteps (unsure: AWS's template
// grants it, no page says Step Functions cancels the step when the
// execution stops).
func emrAddStepRequests(c Call, env Env) []Request {
	cluster := env.Account().emrClusterARN(c.part("ClusterId", "CLUSTER_ID", partial.Name))
	add := callRequest("elasticmapreduce:AddJobFlowSteps", cluster, "Step Functions adds the step with elasticmapreduce:AddJobFlowSteps", emrIAMPage, "EMRSteps")
	if v := c.Param("ExecutionRoleArn"); v.Set {
		role := c.part("ExecutionRoleArn", "ROLE_ARN", partial.Any)
		add.Context = map[string]string{"elasticmapreduce:ExecutionRoleArn": role}
		add.Page = emrRuntimeRolePage
	}
	reqs := []Request{add}
	if c.Pattern != Sync {
		return reqs
	}
	cancel := callRequest("elasticmapreduce:CancelSteps", cluster, "Step Functions may cancel the step with elasticmapreduce:CancelSteps when the execution is stopped",
		emrIAMPage, "EMRSteps")
	cancel.Unsure = "AWS's template grants it, but no page says Step Functions cancels the step when the execution stops"
	return append(reqs,
		callRequest("elasticmapreduce:DescribeStep", cluster, "Step Functions follows the step with elasticmapreduce:DescribeStep until it ends", emrIAMPage, "EMRSteps"),
		cancel)
}

// emrOnCluster is an EMR integration that makes one call on the cluster
// ClusterId names; terminateCluster.sync also follows the cluster with
// DescribeCluster until it is terminated.
func emrOnCluster(api string, patterns []Pattern, action, why string) *Integration {
	resource := "arn:aws:states:::elasticmapreduce:" + api
	return &Integration{
		Service:     "elasticmapreduce",
		Action:      api,
		Patterns:    patterns,
		Page:        emrIAMPage,
		IAMServices: []string{"elasticmapreduce", "sts"},
		Examples:    emrOnClusterExamples(resource, patterns),
		requests: func(c Call, env Env) []Request {
			cluster := env.Account().emrClusterARN(c.part("ClusterId", "CLUSTER_ID", partial.Name))
			reqs := []Request{callRequest(action, cluster, why, emrIAMPage, "EMRClusters")}
			if c.Pattern == Sync {
				reqs = append(reqs, callRequest("elasticmapreduce:DescribeCluster", cluster,
					"Step Functions follows the cluster with elasticmapreduce:DescribeCluster until it is terminated", emrIAMPage, "EMRClusters"))
			}
			return reqs
		},
	}
}

// emrOnClusterExamples are an integration's examples on a named cluster
// and one chosen at run time, with each of its patterns.
func emrOnClusterExamples(resource string, patterns []Pattern) []Example {
	var out []Example
	for _, p := range patterns {
		r := resource
		if p != RequestResponse {
			r += "." + string(p)
		}
		out = append(out,
			Example{"a cluster " + string(p), TaskState{Resource: r, Parameters: map[string]any{"ClusterId": "j-1ABCDEFGHIJKL", "StepId": "s-1", "TerminationProtected": false}}},
			Example{"chosen at run time " + string(p), TaskState{Resource: r, Parameters: map[string]any{"ClusterId.$": "$.cluster", "StepId.$": "$.step"}}})
	}
	return out
}
