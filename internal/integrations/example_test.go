package integrations_test

import (
	"fmt"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

func ExampleECSRunTaskStatements() {
	a := integrations.Account{Partition: "aws", Region: "ap-northeast-1", ID: "123456789012"}
	stmts := integrations.ECSRunTaskStatements(a, "nightly", a.RoleARN("/", "nightly-exec"), a.RoleARN("/", "nightly-task"))
	doc, err := iam.Document{Version: iam.Version, Statement: stmts}.JSON()
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
	//       "Sid": "ECSRunTaskNightly",
	//       "Effect": "Allow",
	//       "Action": [
	//         "ecs:RunTask"
	//       ],
	//       "Resource": [
	//         "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly:*"
	//       ]
	//     },
	//     {
	//       "Sid": "ECSStopAndDescribeTasks",
	//       "Effect": "Allow",
	//       "Action": [
	//         "ecs:StopTask",
	//         "ecs:DescribeTasks"
	//       ],
	//       "Resource": [
	//         "*"
	//       ]
	//     },
	//     {
	//       "Sid": "ECSTaskEventsRule",
	//       "Effect": "Allow",
	//       "Action": [
	//         "events:PutTargets",
	//         "events:PutRule",
	//         "events:DescribeRule"
	//       ],
	//       "Resource": [
	//         "arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule"
	//       ]
	//     },
	//     {
	//       "Sid": "ECSPassTaskRolesNightly",
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
	//     }
	//   ]
	// }
}

func ExampleParseTaskResource() {
	in, ok := integrations.ParseTaskResource("arn:aws-cn:states:::ecs:runTask.sync")
	fmt.Println(in.Service, in.Action, in.Pattern, ok)
	// Output: ecs runTask sync true
}
