package pulumimock

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// synthesize returns the ID and outputs a real provider would give a custom
// resource: its inputs, plus the name (the logical name when none was
// given, as auto-naming does not run under mocks), arn and id, in the
// format of the resource's service.
func synthesize(e env, typ, logical string, inputs resource.PropertyMap) (string, resource.PropertyMap) {
	out := inputs.Copy()
	name := stringInput(inputs, "name")
	if name == "" {
		name = logical
	}
	arnOf := func(service, res string) string {
		return fmt.Sprintf("arn:%s:%s:%s:%s:%s", e.partition, service, e.region, e.account, res)
	}
	id := name
	var arn string

	switch typ {
	case "aws:iam/role:Role":
		arn = fmt.Sprintf("arn:%s:iam::%s:role%s%s", e.partition, e.account, pathOr(inputs, "/"), name)
		h := fnv.New64a()
		_, _ = h.Write([]byte(arn))
		out["uniqueId"] = resource.NewProperty(fmt.Sprintf("AROA%016X", h.Sum64()))
	case "aws:iam/policy:Policy":
		arn = fmt.Sprintf("arn:%s:iam::%s:policy%s%s", e.partition, e.account, pathOr(inputs, "/"), name)
		id = arn
	case "aws:iam/rolePolicy:RolePolicy":
		id = stringInput(inputs, "role") + ":" + name
	case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
		id = stringInput(inputs, "role") + "-" + logical
	case "aws:ecs/cluster:Cluster":
		arn = arnOf("ecs", "cluster/"+name)
		id = arn
	case "aws:ecs/taskDefinition:TaskDefinition":
		family := stringInput(inputs, "family")
		if family == "" {
			family = logical
		}
		out["family"] = resource.NewProperty(family)
		out["revision"] = resource.NewProperty(1.0)
		arn = arnOf("ecs", "task-definition/"+family+":1")
		out["arnWithoutRevision"] = resource.NewProperty(arnOf("ecs", "task-definition/"+family))
		id = family
	case "aws:codebuild/project:Project":
		arn = arnOf("codebuild", "project/"+name)
		id = arn
	case "aws:cloudwatch/logGroup:LogGroup":
		arn = arnOf("logs", "log-group:"+name)
	case "aws:sfn/stateMachine:StateMachine":
		arn = arnOf("states", "stateMachine:"+name)
		id = arn
		out["status"] = resource.NewProperty("ACTIVE")
	case "aws:scheduler/schedule:Schedule":
		group := stringInput(inputs, "groupName")
		if group == "" {
			group = "default"
		}
		arn = arnOf("scheduler", "schedule/"+group+"/"+name)
		id = group + "/" + name
	case "aws:sqs/queue:Queue":
		arn = arnOf("sqs", name)
		id = fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", e.region, e.account, name)
		out["url"] = resource.NewProperty(id)
	case "aws:sns/topic:Topic":
		arn = arnOf("sns", name)
		id = arn
	case "aws:sns/topicSubscription:TopicSubscription":
		arn = stringInput(inputs, "topic") + ":" + logical
		id = arn
	case "aws:cloudwatch/eventRule:EventRule":
		bus := stringInput(inputs, "eventBusName")
		if bus == "" || bus == "default" {
			arn = arnOf("events", "rule/"+name)
		} else {
			arn = arnOf("events", "rule/"+bus+"/"+name)
		}
	default:
		arn = arnOf(serviceOf(typ), logical)
	}

	if arn != "" {
		out["arn"] = resource.NewProperty(arn)
	}
	if _, ok := out["name"]; !ok {
		out["name"] = resource.NewProperty(name)
	}
	out["id"] = resource.NewProperty(id)
	return id, out
}

// stringInput returns a string input, or "" when absent, unknown or not a
// string.
func stringInput(inputs resource.PropertyMap, key resource.PropertyKey) string {
	v, ok := inputs[key]
	if !ok {
		return ""
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

func pathOr(inputs resource.PropertyMap, def string) string {
	if p := stringInput(inputs, "path"); p != "" {
		return p
	}
	return def
}

// serviceOf returns the module of a type token ("aws:ec2/vpc:Vpc" -> "ec2").
func serviceOf(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return "unknown"
	}
	mod, _, _ := strings.Cut(parts[1], "/")
	return mod
}
