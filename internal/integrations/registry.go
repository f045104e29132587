package integrations

import (
	"fmt"
	"slices"
	"strings"
)

// registry lists every integration of the model. Adding one is a file of
// this package that defines its *Integration (with its ARN builders and
// Examples), and one line here.
func registry() []*Integration {
	return []*Integration{
		ecsRunTask,
		ecsRunTaskSDK,
		codeBuildStartBuild,
		codeBuildStartBuildBatch,
		lambdaInvoke,
		statesStartExecution,
		snsPublish,
		sqsSendMessage,
		eventsPutEvents,
		dynamoGetItem,
		dynamoPutItem,
		dynamoUpdateItem,
		dynamoDeleteItem,
		sageMakerTraining,
		sageMakerProcessing,
		sageMakerTransform,
		sageMakerTuning,
		sageMakerLabeling,
		sageMakerCreateModel,
		sageMakerCreateEndpointConfig,
		sageMakerCreateEndpoint,
		sageMakerUpdateEndpoint,
		batchSubmitJob,
		glueStartJobRun,
		athenaStartQuery,
		athenaStopQuery,
		athenaGetQuery,
		athenaGetResult,
		emrServerlessStartJobRun,
		emrServerlessCreateApplication,
		emrServerlessStartApplication,
		emrServerlessStopApplication,
		emrServerlessDeleteApplication,
		emrServerlessCancelJobRun,
		emrCreateCluster,
		emrAddStep,
		emrTerminateCluster,
		emrCancelStep,
		emrTerminationProtection,
		bedrockCustomization,
		bedrockInvokeModel,
		httpInvoke,
		apiGatewayInvoke,
		eksCreateCluster,
		eksCreateNodegroup,
		eksRunJob,
		eksCall,
		activityTask,
		awsSDK,
		distributedMap,
	}
}

// Integrations returns every integration of the model.
func Integrations() []*Integration { return registry() }

// IAMServices returns the service prefixes of every IAM action the model
// asks for, sorted: those of the registry's integrations and those of
// the callers outside Step Functions (EventBridge and Scheduler targets,
// the services that assume roles). reference/generate.sh vendors AWS's
// service authorization reference for exactly these.
func IAMServices() []string {
	out := slices.Clone(callerIAMServices)
	for _, in := range registry() {
		out = append(out, in.IAMServices...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ImpliedRequests returns what a definition unknown at this preview
// certainly needs of a resource of the stack (by Env Key) it is built
// from, through each integration that can run it.
func ImpliedRequests(env Env, key string) []Request {
	var out []Request
	for _, in := range registry() {
		if in.implied != nil {
			out = append(out, in.implied(env, key)...)
		}
	}
	return out
}

// lookup finds the integration and pattern a Task state Resource calls;
// when there is none, why says why in a few words.
func lookup(resource string) (in *Integration, pattern Pattern, why string) {
	p, ok := ParseTaskResource(resource)
	if !ok {
		for _, in := range registry() {
			if in.legacy == nil {
				continue
			}
			if pattern, ok := in.legacy(resource); ok {
				return in, pattern, ""
			}
		}
		if resource == "" {
			return nil, "", "it has no Resource"
		}
		return nil, "", "its Resource is no integration, Lambda function or activity the run-time model knows"
	}
	var supported []Pattern
	for _, in := range registry() {
		if in.Service == p.Service && in.Action == p.Action {
			if in.supports(p.Pattern) {
				return in, p.Pattern, ""
			}
			supported = in.Patterns
		}
	}
	if supported != nil {
		return nil, "", fmt.Sprintf("the run-time model knows %s:%s only with the patterns %s", p.Service, p.Action, patternNames(supported))
	}
	for _, in := range registry() {
		if in.accepts == nil {
			continue
		}
		why := in.accepts(p)
		switch {
		case why == "" && in.supports(p.Pattern):
			return in, p.Pattern, ""
		case why == "":
			return nil, "", fmt.Sprintf("the run-time model knows %s only with the patterns %s", in.Name(), patternNames(in.Patterns))
		case strings.HasPrefix(p.Service, "aws-sdk:"):
			return nil, "", why
		}
	}
	return nil, "", "the run-time model does not cover this integration yet"
}

// patternNames lists patterns as a Resource ends with them.
func patternNames(ps []Pattern) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = "request-response"
		if p != RequestResponse {
			names[i] = "." + string(p)
		}
	}
	return strings.Join(names, ", ")
}
