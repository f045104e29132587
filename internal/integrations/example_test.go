package integrations_test

import (
	"fmt"

	"batchpipeline/internal/asl"
	"batchpipeline/internal/integrations"
)

// exampleEnv is the Env of the example: one task definition with its two
// roles, tagged.
type exampleEnv struct{ a integrations.Account }

func (e exampleEnv) Account() integrations.Account { return e.a }

func (e exampleEnv) TaskDefinitions(ref string) []integrations.TaskDefinition {
	if ref != "nightly" {
		return nil
	}
	return []integrations.TaskDefinition{{
		Family: "nightly", Tagged: integrations.Yes,
		ExecutionRole: integrations.Role{Set: true, ARN: e.a.RoleARN("/", "nightly-exec")},
		TaskRole:      integrations.Role{Set: true, ARN: e.a.RoleARN("/", "nightly-task")},
	}}
}

func (e exampleEnv) Role(ref string) integrations.Role { return integrations.Role{Set: true, ARN: ref} }

// The state machine role's policy follows from the definition: each Task
// state's needs, granted by their least statements.
func ExampleGrants() {
	a := integrations.Account{Partition: "aws", Region: "ap-northeast-1", ID: "123456789012"}
	def := &asl.StateMachine{StartAt: "Run", States: map[string]*asl.State{"Run": {
		Type:     asl.TypeTask,
		Resource: integrations.ECSRunTask().Resource(a.Partition, integrations.Sync),
		Parameters: integrations.RunTask{
			Cluster: a.ClusterARN("batch"), TaskDefinition: "nightly", LaunchType: "FARGATE",
			Subnets: []string{"subnet-0abc"}, PropagateTags: true,
		}.Parameters(),
		End: true,
	}}}
	var needs []integrations.Request
	for _, t := range integrations.Tasks(def) {
		needs = append(needs, t.Call.Requests(exampleEnv{a})...)
	}
	doc, err := integrations.Policy(integrations.Grants(needs)...).JSON()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc)
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "ECSRunTask",
	//       "Effect": "Allow",
	//       "Action": [
	//         "ecs:RunTask"
	//       ],
	//       "Resource": [
	//         "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly:*"
	//       ],
	//       "Condition": {
	//         "ArnEquals": {
	//           "ecs:cluster": [
	//             "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch"
	//           ]
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "ECSPassTaskRoles",
	//       "Effect": "Allow",
	//       "Action": [
	//         "iam:PassRole"
	//       ],
	//       "Resource": [
	//         "arn:aws:iam::123456789012:role/nightly-exec",
	//         "arn:aws:iam::123456789012:role/nightly-task"
	//       ],
	//       "Condition": {
	//         "StringEquals": {
	//           "iam:PassedToService": [
	//             "ecs-tasks.amazonaws.com"
	//           ]
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "ECSTagTasksOnCreate",
	//       "Effect": "Allow",
	//       "Action": [
	//         "ecs:TagResource"
	//       ],
	//       "Resource": [
	//         "arn:aws:ecs:ap-northeast-1:123456789012:task/batch/*"
	//       ],
	//       "Condition": {
	//         "StringEquals": {
	//           "ecs:CreateAction": [
	//             "RunTask"
	//           ]
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "ECSFollowTasks",
	//       "Effect": "Allow",
	//       "Action": [
	//         "ecs:StopTask",
	//         "ecs:DescribeTasks"
	//       ],
	//       "Resource": [
	//         "arn:aws:ecs:ap-northeast-1:123456789012:task/batch/*"
	//       ]
	//     },
	//     {
	//       "Sid": "ManagedEventsRules",
	//       "Effect": "Allow",
	//       "Action": [
	//         "events:PutTargets",
	//         "events:PutRule",
	//         "events:DescribeRule"
	//       ],
	//       "Resource": [
	//         "arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule"
	//       ]
	//     }
	//   ]
	// }
}

func ExampleParseTaskResource() {
	p, ok := integrations.ParseTaskResource("arn:aws-cn:states:::ecs:runTask.sync")
	fmt.Println(p.Service, p.Action, p.Pattern, ok)
	// Output: ecs runTask sync true
}
