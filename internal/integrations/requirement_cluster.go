package integrations

// ConditionECSCluster is the condition key that carries, in an ecs:RunTask
// request, the ARN of the cluster the task is started on
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html).
const ConditionECSCluster = "ecs:cluster"

// RequiredECSOnCluster is RequiredECS for a Task state whose cluster is
// known: the ecs:RunTask check carries ecs:cluster = clusterARN in its
// Context, so that a statement limited to a cluster
// ({"ArnEquals": {"ecs:cluster": "arn:aws:ecs:...:cluster/batch"}}) is
// decided instead of left uncertain. An empty clusterARN means the cluster
// is not known (a Cluster chosen at run time, or none given, where ECS
// picks the account's default cluster): it returns RequiredECS unchanged.
//
// The other checks keep their context: ecs:StopTask and ecs:DescribeTasks
// act on the task, whose cluster key is not asserted here.
func RequiredECSOnCluster(a Account, clusterARN, taskDefinitionARN string, passRoles ...string) []Requirement {
	reqs := RequiredECS(a, taskDefinitionARN, passRoles...)
	if clusterARN == "" {
		return reqs
	}
	for i := range reqs {
		if reqs[i].Action != actionRunTask {
			continue
		}
		ctx := make(map[string]string, len(reqs[i].Context)+1)
		for k, v := range reqs[i].Context {
			ctx[k] = v
		}
		ctx[ConditionECSCluster] = clusterARN
		reqs[i].Context = ctx
	}
	return reqs
}
