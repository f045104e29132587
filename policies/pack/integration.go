package pack

import "batchpipeline/internal/integrations"

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
