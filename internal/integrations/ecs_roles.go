package integrations

import "strings"

// Pages on the roles ECS assumes for a task (docs/research/ecs-callers.md,
// section 8).
const (
	taskRolePage      = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html"
	executionRolePage = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html"
)

// Container is what a container definition says about its use of the
// task's execution role.
type Container struct {
	// Image is the container's image.
	Image string
	// LogDriver is logConfiguration.logDriver, "" when none.
	LogDriver string
	// Secrets is set when the container reads secrets (secrets, or
	// logConfiguration.secretOptions); RepositoryCredentials when it pulls
	// from a private registry with them.
	Secrets, RepositoryCredentials bool
}

// ExecutionRoleUse says why ECS needs the task's execution role for the
// container, "" when none of the uses executionRolePage lists applies:
// pulling a private Amazon ECR image, sending logs with the awslogs
// driver, authenticating to a private registry, reading secrets. ECS
// assumes the role for them at launch; whether it does when none applies
// is not documented.
func (c Container) ExecutionRoleUse() string {
	switch {
	case strings.Contains(c.Image, ".dkr.ecr."):
		return "it pulls the private Amazon ECR image " + c.Image
	case c.LogDriver == "awslogs":
		return "it sends its logs with the awslogs driver"
	case c.Secrets:
		return "it reads secrets"
	case c.RepositoryCredentials:
		return "it pulls from a private registry with repositoryCredentials"
	}
	return ""
}
