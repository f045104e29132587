package integrations

import (
	"strings"

	"batchpipeline/internal/arn"
)

// ResourceParts is a parsed Task state Resource of an optimized or AWS SDK
// integration: arn:aws:states:::ecs:runTask.sync is {Service: "ecs",
// Action: "runTask", Pattern: "sync"}.
type ResourceParts struct {
	Service string
	Action  string
	Pattern Pattern
}

// TaskResource returns the Resource of a Task state calling an optimized
// integration: TaskResource("aws", "ecs", "runTask", "sync") is
// "arn:aws:states:::ecs:runTask.sync". An empty partition means "aws" and
// an empty pattern means request-response (no suffix).
func TaskResource(partition, service, action, pattern string) string {
	r := Account{Partition: partition}.GlobalARN("states", service+":"+action)
	if pattern != "" {
		r += "." + pattern
	}
	return r
}

// Resource returns the Task state Resource of the parts in a partition.
func (p ResourceParts) Resource(partition string) string {
	return TaskResource(partition, p.Service, p.Action, string(p.Pattern))
}

// ParseTaskResource parses a Task state Resource of an optimized or AWS
// SDK integration in any partition
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html).
// It reports false for anything else (a Lambda function or activity ARN, a
// malformed string, an unknown pattern). It never panics.
//
// For AWS SDK integrations (arn:aws:states:::aws-sdk:s3:getObject) the
// Service is "aws-sdk:s3".
func ParseTaskResource(resource string) (ResourceParts, bool) {
	a, ok := arn.Parse(resource)
	if !ok || a.Service != "states" || a.Region != "" || a.AccountID != "" {
		return ResourceParts{}, false
	}
	call, pattern, dotted := strings.Cut(a.Resource, ".")
	if dotted && pattern == "" {
		return ResourceParts{}, false
	}
	switch Pattern(pattern) {
	case RequestResponse, Sync, Sync2, WaitForTaskToken:
	default:
		return ResourceParts{}, false
	}
	i := strings.LastIndex(call, ":")
	if i <= 0 || i == len(call)-1 {
		return ResourceParts{}, false
	}
	service, action := call[:i], call[i+1:]
	if strings.HasPrefix(service, ":") || strings.HasSuffix(service, ":") || strings.Contains(service, "::") {
		return ResourceParts{}, false
	}
	return ResourceParts{Service: service, Action: action, Pattern: Pattern(pattern)}, true
}
