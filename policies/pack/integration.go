package pack

import (
	"strings"

	"batchpipeline/internal/integrations"
)

// isECSRunTask reports whether a Task state runs an ECS task (any
// integration pattern: each one calls ecs:RunTask with the role).
func isECSRunTask(in integrations.Integration) bool {
	return in.Service == integrations.ServiceECS && in.Action == integrations.ActionRunTask
}

// isCodeBuildStartBuild reports whether a Task state starts a CodeBuild
// build.
func isCodeBuildStartBuild(in integrations.Integration) bool {
	return in.Service == integrations.ServiceCodeBuild && in.Action == integrations.ActionStartBuild
}

// runTaskCluster returns the ARN of the cluster an ecs:runTask state
// starts its task on, when it is certain, for the ecs:cluster condition key
// of the ecs:RunTask request: the Cluster parameter when it is an ECS
// cluster ARN, or a cluster name when the state machine's own ARN (so the
// account and region Step Functions calls ECS in) is known. It returns ""
// otherwise: a Cluster chosen at run time, none given (ECS then uses the
// account's default cluster, and the pack does not assert what the request
// carries), or a name whose account and region would be guesses at a
// first preview. A condition on ecs:cluster is then left undecided.
func runTaskCluster(m *machine, t task) string {
	ref, dynamic, present := t.param("Cluster")
	if dynamic || !present || ref == "" || wildcard(ref) {
		return ""
	}
	if strings.HasPrefix(ref, "arn:") {
		a, ok := parseARN(ref)
		name, isCluster := strings.CutPrefix(a.Resource, "cluster/")
		if !ok || a.Service != "ecs" || !isCluster || !validClusterName(name) ||
			a.Region == "" || !isAccountID(a.Account) || wildcard(a.Partition) {
			return ""
		}
		return ref
	}
	if !validClusterName(ref) {
		return ""
	}
	a, ok := parseARN(m.arn)
	if !ok || a.Region == "" || wildcard(a.Region) || !isAccountID(a.Account) || wildcard(a.Partition) {
		return ""
	}
	return integrations.Account{Partition: a.Partition, Region: a.Region, ID: a.Account}.ClusterARN(ref)
}

// validClusterName reports whether s can be an ECS cluster name (letters,
// digits, hyphens and underscores, up to 255).
func validClusterName(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}
