package integrations

import (
	"batchpipeline/internal/partial"
)

// Pages of the EKS integrations.
const (
	// eksPage: the Kubernetes API calls (runJob, call) are authorized by
	// the cluster's Kubernetes RBAC for the state machine's role, not by
	// IAM ("EKS.401", Unauthorized, when the role is not mapped).
	eksPage = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-eks.html"
	// eksIAMPage: the cluster APIs' templates: eks:CreateCluster on "*",
	// DescribeCluster and DeleteCluster on cluster/*, iam:PassRole on the
	// cluster role towards eks.amazonaws.com; for CreateNodegroup
	// ec2:DescribeSubnets and eks:CreateNodegroup, DescribeNodegroup and
	// DeleteNodegroup on nodegroup/*, iam:GetRole and
	// iam:ListAttachedRolePolicies on role/*, iam:PassRole on the node
	// role towards eks.amazonaws.com ("the value is the receiving API's,
	// not the trustee's"; docs/research/integrations-passrole.md,
	// section 6). .sync polls: no rule.
	eksIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/eks-iam.html"
)

// EKSService is the service principal EKS clusters and node groups are
// passed roles as.
const EKSService = "eks.amazonaws.com"

// eksCreateCluster and eksCreateNodegroup are the optimized EKS cluster
// integrations, request-response and .sync; eksRunJob and eksCall call
// the cluster's Kubernetes API, which IAM does not authorize: the model
// reads them and says it cannot judge them.
//
// Peers: the CDK has no task for the cluster APIs, its EksCall grants
// nothing (citing the page); serverless-step-functions generates
// nothing; terraform-aws-modules follows AWS's templates for
// CreateCluster and CreateNodeGroup.
var (
	eksCreateCluster = &Integration{
		Service:     "eks",
		Action:      "createCluster",
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        eksIAMPage,
		IAMServices: []string{"eks", "iam", "sts"},
		Examples: []Example{
			{"named, .sync", TaskState{Resource: "arn:aws:states:::eks:createCluster.sync", Parameters: map[string]any{
				"Name": "nightly", "RoleArn": "arn:aws:iam::123456789012:role/eks-cluster"}}},
			{"chosen at run time", TaskState{Resource: "arn:aws:states:::eks:createCluster", Parameters: map[string]any{
				"Name.$": "$.name", "RoleArn.$": "$.role"}}},
		},
		requests: func(c Call, env Env) []Request {
			acct := env.Account()
			reqs := []Request{callRequest("eks:CreateCluster", "*", "Step Functions creates the cluster with eks:CreateCluster", eksIAMPage, "EKSClusters")}
			if role, ok := c.roleParam(env, "RoleArn"); ok {
				reqs = append(reqs, PassRoleTo(role, "RoleArn", EKSService, "EKSPassRoles",
					"EKS checks that the caller may pass the cluster's role (iam:PassRole towards "+EKSService+")", eksIAMPage))
			}
			if c.Pattern != Sync {
				return reqs
			}
			cluster := acct.ARN("eks", "cluster/"+c.part("Name", "CLUSTER", partial.Name))
			return append(reqs,
				callRequest("eks:DescribeCluster", cluster, "Step Functions follows the cluster's creation with eks:DescribeCluster", eksIAMPage, "EKSClusters"),
				callRequest("eks:DeleteCluster", cluster, "Step Functions deletes the cluster with eks:DeleteCluster when the execution is stopped", eksIAMPage, "EKSClusters"))
		},
	}
	eksCreateNodegroup = &Integration{
		Service:     "eks",
		Action:      "createNodegroup",
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        eksIAMPage,
		IAMServices: []string{"eks", "ec2", "iam", "sts"},
		Examples: []Example{
			{"named, .sync", TaskState{Resource: "arn:aws:states:::eks:createNodegroup.sync", Parameters: map[string]any{
				"ClusterName": "nightly", "NodegroupName": "workers", "NodeRole": "arn:aws:iam::123456789012:role/eks-nodes"}}},
			{"chosen at run time", TaskState{Resource: "arn:aws:states:::eks:createNodegroup", Parameters: map[string]any{
				"ClusterName.$": "$.cluster", "NodegroupName.$": "$.group", "NodeRole.$": "$.role"}}},
		},
		requests: func(c Call, env Env) []Request {
			acct := env.Account()
			clusterName := c.part("ClusterName", "CLUSTER", partial.Name)
			reqs := []Request{
				callRequest("eks:CreateNodegroup", acct.ARN("eks", "cluster/"+clusterName), "Step Functions creates the node group with eks:CreateNodegroup",
					eksIAMPage, "EKSNodegroups"),
				callRequest("ec2:DescribeSubnets", "*", "AWS's template grants ec2:DescribeSubnets for CreateNodegroup", eksIAMPage, "EKSNodegroups"),
			}
			reqs[1].Unsure = "AWS's template grants it, but no page says EKS checks it against the caller"
			if role, ok := c.roleParam(env, "NodeRole"); ok {
				reqs = append(reqs, PassRoleTo(role, "NodeRole", EKSService, "EKSPassRoles",
					"EKS checks that the caller may pass the node role (iam:PassRole towards "+EKSService+")", eksIAMPage))
			}
			if c.Pattern != Sync {
				return reqs
			}
			group := c.part("NodegroupName", "NODEGROUP", partial.Name)
			ng := acct.ARN("eks", "nodegroup/"+clusterName+"/"+group+"/"+partial.Hole{Label: "UUID", Class: partial.Name,
				Why: "EKS gives the node group its ID when it creates it"}.String())
			for _, a := range []struct{ action, why string }{
				{"eks:DescribeNodegroup", "Step Functions follows the node group's creation with eks:DescribeNodegroup"},
				{"eks:DeleteNodegroup", "Step Functions deletes the node group with eks:DeleteNodegroup when the execution is stopped"},
			} {
				r := callRequest(a.action, ng, a.why, eksIAMPage, "EKSNodegroups")
				if partial.Known(clusterName) && partial.Known(group) {
					r.Grant.Resource = acct.ARN("eks", "nodegroup/"+clusterName+"/"+group+"/*")
				}
				reqs = append(reqs, r)
			}
			return reqs
		},
	}
	eksRunJob = eksKubernetes("runJob", RequestResponse, Sync)
	eksCall   = eksKubernetes("call", RequestResponse)
)

// eksKubernetes is an EKS integration that calls the cluster's Kubernetes
// API: no IAM request the model knows; whether the state machine's role
// may is the cluster's RBAC (eksPage), which the pack does not read.
func eksKubernetes(action string, patterns ...Pattern) *Integration {
	var examples []Example
	for _, p := range patterns {
		examples = append(examples, Example{"a cluster " + string(p), TaskState{
			Resource: TaskResource("aws", "eks", action, string(p)), Parameters: map[string]any{"ClusterName": "nightly"}}})
	}
	return &Integration{
		Service:  "eks",
		Action:   action,
		Patterns: patterns,
		Page:     eksPage,
		Examples: examples,
		requests: func(Call, Env) []Request { return nil },
		unjudged: func(Call) string {
			return "the cluster's Kubernetes API authorizes the state machine's role through its RBAC (aws-auth or an access entry), " +
				"which the pack does not read"
		},
	}
}
