package awsstandin

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"batchpipeline/internal/integrations"
)

// newResource is what a kind needs to invent the outputs of a created
// resource.
type newResource struct {
	URN      string
	Inputs   resource.PropertyMap
	Revision int // next revision of a task definition family; 0 in a preview
}

// str is the known string input key, or "".
func (r newResource) str(key resource.PropertyKey) string { return stringProp(r.Inputs, key) }

// iamPath is the path of an IAM role or policy ("/" when not given).
func (r newResource) iamPath() string {
	if p := r.str("path"); p != "" {
		return p
	}
	return "/"
}

// kind is what the stand-in knows of one AWS resource type.
type kind struct {
	// nameKey is the property autonamed by Check when absent ("" if none).
	nameKey resource.PropertyKey
	// forceNew lists the properties whose change replaces the resource.
	forceNew []resource.PropertyKey
	// updatable, when not nil, inverts forceNew: every property not listed
	// forces a replacement (task definitions are immutable).
	updatable []resource.PropertyKey
	// outputs invents the id and the computed outputs of a created
	// resource. In a preview every output not among the known inputs is
	// made unknown instead, so only its keys matter there.
	outputs func(e integrations.Account, r newResource) (id string, out resource.PropertyMap)
}

// replaces reports whether a change of key replaces the resource.
func (k kind) replaces(key resource.PropertyKey) bool {
	if k.updatable != nil {
		for _, u := range k.updatable {
			if u == key {
				return false
			}
		}
		return true
	}
	for _, f := range k.forceNew {
		if f == key {
			return true
		}
	}
	return false
}

// stringMap makes a PropertyMap of string values.
func stringMap(kv ...string) resource.PropertyMap {
	m := resource.PropertyMap{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[resource.PropertyKey(kv[i])] = resource.NewStringProperty(kv[i+1])
	}
	return m
}

// digest is a stable hex digest of parts, used for ids AWS would generate.
func digest(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:])
}

// ec2ID imitates the ids EC2 gives VPCs, subnets and security groups:
// the prefix, a dash and 17 hexadecimal digits.
func ec2ID(prefix, urn string) string {
	return prefix + "-" + digest(urn)[:17]
}

// uniqueID imitates the ids IAM gives roles and policies (AROA..., ANPA...).
func uniqueID(prefix, urn string) string {
	return prefix + strings.ToUpper(digest(urn)[:17])
}

var taskDefinitionUpdatable = []resource.PropertyKey{"tags", "tagsAll", "skipDestroy", "trackLatest"}

// kinds holds the resource types the stand-in gives realistic outputs; any
// other type gets fallbackKind. It is never modified.
var kinds = map[string]kind{
	"aws:iam/role:Role": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix", "path"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			name := r.str("name")
			return name, stringMap(
				"arn", e.RoleARN(r.iamPath(), name),
				"name", name,
				"uniqueId", uniqueID("AROA", r.URN),
			)
		},
	},
	"aws:iam/rolePolicy:RolePolicy": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix", "role"},
		outputs: func(_ integrations.Account, r newResource) (string, resource.PropertyMap) {
			return r.str("role") + ":" + r.str("name"), stringMap("name", r.str("name"))
		},
	},
	"aws:iam/policy:Policy": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix", "path"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			arn := e.GlobalARN("iam", "policy"+r.iamPath()+r.str("name"))
			return arn, stringMap("arn", arn, "policyId", uniqueID("ANPA", r.URN))
		},
	},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
		forceNew: []resource.PropertyKey{"role", "policyArn"},
		outputs: func(_ integrations.Account, r newResource) (string, resource.PropertyMap) {
			return r.str("role") + "-" + digest(r.URN)[:20], resource.PropertyMap{}
		},
	},
	"aws:ecs/cluster:Cluster": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			arn := e.ClusterARN(r.str("name"))
			return arn, stringMap("arn", arn)
		},
	},
	"aws:ecs/taskDefinition:TaskDefinition": {
		updatable: taskDefinitionUpdatable,
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			family := r.str("family")
			out := stringMap(
				"arn", e.TaskDefinitionARN(family, r.Revision),
				"arnWithoutRevision", e.ARN("ecs", "task-definition/"+family),
			)
			out["revision"] = resource.NewNumberProperty(float64(r.Revision))
			return family, out
		},
	},
	"aws:batch/jobDefinition:JobDefinition": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "type", "platformCapabilities"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			// A registration is revision 1 of the name: the stand-in keeps
			// no history of job definitions.
			arn := e.JobDefinitionARN(r.str("name"), 1)
			out := stringMap("arn", arn, "arnPrefix", e.JobDefinitionARN(r.str("name"), 0))
			out["revision"] = resource.NewNumberProperty(1)
			return arn, out
		},
	},
	"aws:sfn/stateMachine:StateMachine": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			arn := e.StateMachineARN(r.str("name"))
			return arn, stringMap("arn", arn, "status", "ACTIVE", "revisionId", "", "stateMachineVersionArn", "")
		},
	},
	"aws:lambda/function:Function": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "packageType"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			arn := e.FunctionARN(r.str("name"))
			return r.str("name"), stringMap("arn", arn, "qualifiedArn", arn+":$LATEST", "version", "$LATEST",
				"invokeArn", "arn:"+e.WithPartition().Partition+":apigateway:"+e.Region+":lambda:path/2015-03-31/functions/"+arn+"/invocations")
		},
	},
	"aws:codebuild/project:Project": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			arn := e.ProjectARN(r.str("name"))
			return arn, stringMap("arn", arn, "badgeUrl", "")
		},
	},
	"aws:scheduler/schedule:Schedule": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix", "groupName"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			group := r.str("groupName")
			if group == "" {
				group = "default"
			}
			return group + "/" + r.str("name"), stringMap(
				"arn", e.ARN("scheduler", "schedule/"+group+"/"+r.str("name")),
				"groupName", group,
			)
		},
	},
	"aws:scheduler/scheduleGroup:ScheduleGroup": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			return r.str("name"), stringMap("arn", e.ARN("scheduler", "schedule-group/"+r.str("name")), "state", "ACTIVE")
		},
	},
	"aws:sns/topic:Topic": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix", "fifoTopic"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			arn := e.TopicARN(r.str("name"))
			return arn, stringMap("arn", arn, "owner", e.ID)
		},
	},
	"aws:sns/topicSubscription:TopicSubscription": {
		forceNew: []resource.PropertyKey{"topic", "protocol", "endpoint"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			d := digest(r.URN)
			arn := r.str("topic") + ":" + d[:8] + "-" + d[8:12] + "-" + d[12:16] + "-" + d[16:20] + "-" + d[20:32]
			return arn, stringMap("arn", arn, "ownerId", e.ID)
		},
	},
	"aws:sns/topicPolicy:TopicPolicy": {
		forceNew: []resource.PropertyKey{"arn"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			return r.str("arn"), stringMap("owner", e.ID)
		},
	},
	"aws:sqs/queue:Queue": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix", "fifoQueue"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			url := fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", e.Region, e.ID, r.str("name"))
			return url, stringMap("arn", e.QueueARN(r.str("name")), "url", url)
		},
	},
	"aws:sqs/queuePolicy:QueuePolicy": {
		forceNew: []resource.PropertyKey{"queueUrl"},
		outputs: func(_ integrations.Account, r newResource) (string, resource.PropertyMap) {
			return r.str("queueUrl"), resource.PropertyMap{}
		},
	},
	"aws:cloudwatch/logGroup:LogGroup": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			return r.str("name"), stringMap("arn", e.LogGroupARN(r.str("name")))
		},
	},
	"aws:cloudwatch/eventRule:EventRule": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix", "eventBusName"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			name, bus := r.str("name"), r.str("eventBusName")
			if bus == "" || bus == "default" {
				return name, stringMap("arn", e.EventsRuleARN(name))
			}
			return bus + "/" + name, stringMap("arn", e.ARN("events", "rule/"+bus+"/"+name))
		},
	},
	"aws:cloudwatch/eventTarget:EventTarget": {
		forceNew: []resource.PropertyKey{"rule", "targetId", "eventBusName"},
		outputs: func(_ integrations.Account, r newResource) (string, resource.PropertyMap) {
			target := r.str("targetId")
			if target == "" {
				target = "terraform-" + digest(r.URN)[:26]
			}
			return r.str("rule") + "-" + target, stringMap("targetId", target)
		},
	},
	"aws:ec2/vpc:Vpc": {
		forceNew: []resource.PropertyKey{"cidrBlock", "instanceTenancy"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			id := ec2ID("vpc", r.URN)
			return id, stringMap("arn", e.ARN("ec2", "vpc/"+id), "ownerId", e.ID)
		},
	},
	"aws:ec2/subnet:Subnet": {
		forceNew: []resource.PropertyKey{"vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			id := ec2ID("subnet", r.URN)
			return id, stringMap("arn", e.ARN("ec2", "subnet/"+id), "ownerId", e.ID)
		},
	},
	"aws:ec2/securityGroup:SecurityGroup": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name", "namePrefix", "vpcId", "description"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			id := ec2ID("sg", r.URN)
			return id, stringMap("arn", e.ARN("ec2", "security-group/"+id), "ownerId", e.ID)
		},
	},
	"aws:cloudwatch/metricAlarm:MetricAlarm": {
		nameKey:  "name",
		forceNew: []resource.PropertyKey{"name"},
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			return r.str("name"), stringMap("arn", e.ARN("cloudwatch", "alarm:"+r.str("name")))
		},
	},
}

// fallbackKind is used for types the stand-in does not know: the id is the
// name input (or one derived from the URN) and the ARN is shaped after the
// type token, aws:<service>/<type>:<Type>.
func fallbackKind(token string) kind {
	service, typ := "unknown", "resource"
	if mod, rest, ok := strings.Cut(strings.TrimPrefix(token, "aws:"), "/"); ok {
		service = mod
		typ, _, _ = strings.Cut(rest, ":")
	}
	return kind{
		outputs: func(e integrations.Account, r newResource) (string, resource.PropertyMap) {
			id := r.str("name")
			if id == "" {
				id = digest(r.URN)[:20]
			}
			return id, stringMap("arn", e.ARN(service, typ+"/"+id))
		},
	}
}

// kindOf is the kind of a type token.
func kindOf(token string) kind {
	if k, ok := kinds[token]; ok {
		return k
	}
	return fallbackKind(token)
}
