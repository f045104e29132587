package integrations

import "strings"

// Integration is a parsed optimized-integration Task resource:
// arn:aws:states:::ecs:runTask.sync is {Service: "ecs", Action: "runTask",
// Pattern: "sync"}.
type Integration struct {
	Service string
	Action  string
	Pattern string
}

// ECSRunTaskSync is the ecs:runTask.sync integration.
func ECSRunTaskSync() Integration {
	return Integration{Service: ServiceECS, Action: ActionRunTask, Pattern: PatternSync}
}

// CodeBuildStartBuildSync is the codebuild:startBuild.sync integration.
func CodeBuildStartBuildSync() Integration {
	return Integration{Service: ServiceCodeBuild, Action: ActionStartBuild, Pattern: PatternSync}
}

// Resource returns the Task state Resource of the integration in a
// partition.
func (i Integration) Resource(partition string) string {
	return TaskResource(partition, i.Service, i.Action, i.Pattern)
}

// TaskResource returns the Resource of a Task state calling an optimized
// integration: TaskResource("aws", "ecs", "runTask", "sync") is
// "arn:aws:states:::ecs:runTask.sync". An empty partition means "aws" and
// an empty pattern means request-response (no suffix).
func TaskResource(partition, service, action, pattern string) string {
	if partition == "" {
		partition = "aws"
	}
	r := "arn:" + partition + ":states:::" + service + ":" + action
	if pattern != "" {
		r += "." + pattern
	}
	return r
}

// ParseTaskResource parses a Task state Resource of an optimized or AWS
// SDK integration in any partition. It reports false for anything else
// (a Lambda function or activity ARN, a malformed string, an unknown
// pattern). It never panics.
//
// For AWS SDK integrations (arn:aws:states:::aws-sdk:s3:getObject) the
// Service is "aws-sdk:s3".
func ParseTaskResource(resource string) (Integration, bool) {
	parts := strings.SplitN(resource, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "states" || parts[3] != "" || parts[4] != "" {
		return Integration{}, false
	}
	rest := parts[5]
	call, pattern, dotted := strings.Cut(rest, ".")
	if dotted && pattern == "" {
		return Integration{}, false
	}
	switch pattern {
	case PatternRequestResponse, PatternSync, PatternSync2, PatternWaitForTaskToken:
	default:
		return Integration{}, false
	}
	i := strings.LastIndex(call, ":")
	if i <= 0 || i == len(call)-1 {
		return Integration{}, false
	}
	service, action := call[:i], call[i+1:]
	if strings.HasPrefix(service, ":") || strings.HasSuffix(service, ":") || strings.Contains(service, "::") {
		return Integration{}, false
	}
	return Integration{Service: service, Action: action, Pattern: pattern}, true
}
