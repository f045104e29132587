package stackmodel

import (
	"fmt"
	"strings"
	"sync"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/internal/partial"
)

// The resources with a resource-based policy the model reads, and the
// resources that set those policies (pulumi-aws 6.83.4;
// docs/research/resource-policies.md, section 3).
const (
	TypeFunction       = "aws:lambda/function:Function"
	TypePermission     = "aws:lambda/permission:Permission"
	TypeTopic          = "aws:sns/topic:Topic"
	TypeTopicPolicy    = "aws:sns/topicPolicy:TopicPolicy"
	TypeQueue          = "aws:sqs/queue:Queue"
	TypeQueuePolicy    = "aws:sqs/queuePolicy:QueuePolicy"
	TypeEventBus       = "aws:cloudwatch/eventBus:EventBus"
	TypeEventBusPolicy = "aws:cloudwatch/eventBusPolicy:EventBusPolicy"
	TypeTable          = "aws:dynamodb/table:Table"
	TypeTablePolicy    = "aws:dynamodb/resourcePolicy:ResourcePolicy"
)

// ResourcePolicy is what the stack shows of the resource-based policy of
// a resource a request acts on.
type ResourcePolicy struct {
	// Label names the resource: `Function "report"`.
	Label string
	// Docs are the documents of its policy: a topic's or queue's policy
	// and the TopicPolicy or QueuePolicy resources that set it, an event
	// bus's EventBusPolicy resources, one statement per Lambda
	// Permission. A document not known at this preview is DocUnknown.
	Docs []*Document
}

// policyKind is a kind of resource with a resource-based policy: where
// its name is in its ARN, and how the stack sets its policy.
type policyKind struct {
	service, typ string
	// nameOf returns the resource's name from an ARN of it (for a Lambda
	// function, a qualified one too).
	nameOf func(a arn.ARN) (string, bool)
	// docs returns the documents of the policy of target, a resource of
	// the stack, whose ARN (unqualified, known in part) is base.
	docs func(s *Stack, target *Resource, name, base string) []*Document
}

var policyKinds = []policyKind{
	{service: "lambda", typ: TypeFunction, nameOf: func(a arn.ARN) (string, bool) {
		rest, ok := strings.CutPrefix(a.Resource, "function:")
		name, _, _ := strings.Cut(rest, ":")
		return name, ok && name != ""
	}, docs: (*Stack).functionPolicy},
	{service: "sns", typ: TypeTopic, nameOf: func(a arn.ARN) (string, bool) {
		return a.Resource, a.Resource != "" && !strings.ContainsAny(a.Resource, ":/")
	}, docs: func(s *Stack, t *Resource, _, base string) []*Document {
		return s.policyDocs(t, "policy", TypeTopicPolicy, "arn", func(v string) bool { return v == base })
	}},
	{service: "sqs", typ: TypeQueue, nameOf: func(a arn.ARN) (string, bool) {
		return a.Resource, a.Resource != "" && !strings.ContainsAny(a.Resource, ":/")
	}, docs: func(s *Stack, t *Resource, _, base string) []*Document {
		url, _ := ReadString(t.Properties, "url")
		return s.policyDocs(t, "policy", TypeQueuePolicy, "queueUrl", func(v string) bool {
			return v == url || integrations.QueueARNOfURL(v) == base
		})
	}},
	{service: "dynamodb", typ: TypeTable, nameOf: func(a arn.ARN) (string, bool) {
		name, ok := strings.CutPrefix(a.Resource, "table/")
		return name, ok && name != "" && !strings.Contains(name, "/")
	}, docs: func(s *Stack, t *Resource, _, base string) []*Document {
		return s.policyDocs(t, "", TypeTablePolicy, "resourceArn", func(v string) bool { return v == base })
	}},
	{service: "events", typ: TypeEventBus, nameOf: func(a arn.ARN) (string, bool) {
		name, ok := strings.CutPrefix(a.Resource, "event-bus/")
		return name, ok && name != ""
	}, docs: func(s *Stack, t *Resource, name, base string) []*Document {
		return s.policyDocs(t, "", TypeEventBusPolicy, "eventBusName", func(v string) bool { return v == name || v == base })
	}},
}

// resourcePolicies indexes, on first use, the resources of the kinds of
// policyKinds and those that set their policies, by type.
type resourcePolicies struct {
	once   sync.Once
	byType map[string][]*Resource
}

// ofType returns the resources of type typ, indexing on first use.
func (s *Stack) ofType(typ string) []*Resource {
	s.resPolicies.once.Do(func() {
		s.resPolicies.byType = map[string][]*Resource{}
		for _, r := range s.Resources {
			switch r.Type {
			case TypeFunction, TypePermission, TypeTopic, TypeTopicPolicy, TypeQueue, TypeQueuePolicy, TypeEventBus, TypeEventBusPolicy,
				TypeTable, TypeTablePolicy:
				s.resPolicies.byType[r.Type] = append(s.resPolicies.byType[r.Type], r)
			}
		}
	})
	return s.resPolicies.byType[typ]
}

// ResourcePolicyOf returns the resource-based policy of the resource of
// the stack that resourceARN (known in part) names: a Lambda function
// (qualified or not), an SNS topic, an SQS queue, a DynamoDB table or an
// EventBridge event bus. It reports false when it names none the model can tell: a resource
// outside the stack, one whose name is not known yet, one of several of
// that name.
func (s *Stack) ResourcePolicyOf(resourceARN string) (ResourcePolicy, bool) {
	a, ok := arn.Parse(resourceARN)
	if !ok {
		return ResourcePolicy{}, false
	}
	for _, k := range policyKinds {
		if a.Service != k.service {
			continue
		}
		name, ok := k.nameOf(a)
		if !ok || !partial.Known(name) {
			return ResourcePolicy{}, false
		}
		var found *Resource
		for _, r := range s.ofType(k.typ) {
			n, kn := ReadString(r.Properties, "name")
			if kn != Known || n != name {
				continue
			}
			if got, kn := ReadString(r.Properties, "arn"); kn == Known && partial.Known(resourceARN) && !sameBase(got, resourceARN, k) {
				continue
			}
			if found != nil {
				return ResourcePolicy{}, false // several of that name
			}
			found = r
		}
		if found == nil {
			return ResourcePolicy{}, false
		}
		base := a
		if k.service == "lambda" {
			base.Resource = "function:" + name
		}
		return ResourcePolicy{Label: fmt.Sprintf("%s %q", shortType(found.Type), found.Name),
			Docs: k.docs(s, found, name, base.String())}, true
	}
	return ResourcePolicy{}, false
}

// sameBase reports whether two ARNs of a kind name one resource (a Lambda
// function's whatever their qualifiers).
func sameBase(x, y string, k policyKind) bool {
	ax, okX := arn.Parse(x)
	ay, okY := arn.Parse(y)
	if !okX || !okY {
		return false
	}
	nx, _ := k.nameOf(ax)
	ny, _ := k.nameOf(ay)
	return ax.Partition == ay.Partition && ax.Region == ay.Region && ax.AccountID == ay.AccountID && nx == ny
}

// policyDocs returns the policy the target carries itself (its property
// own, "" for none) and those the resources of type setter set on it:
// those whose property key names it (names says whether a value does) or
// is built from it.
func (s *Stack) policyDocs(target *Resource, own, setter, key string, names func(v string) bool) []*Document {
	var out []*Document
	if own != "" {
		if v, ok := target.Properties.GetOk(own); ok && !v.IsNull() && (!v.IsString() || v.AsString() != "") {
			out = append(out, readDocument(target, target.Properties, own, own, fmt.Sprintf("the policy of %s %q", shortType(target.Type), target.Name)))
		}
	}
	for _, r := range s.ofType(setter) {
		if s.setsPolicyOf(r, key, target, names) {
			out = append(out, readDocument(r, r.Properties, "policy", "policy", fmt.Sprintf("%s %q", shortType(r.Type), r.Name)))
		}
	}
	return out
}

// setsPolicyOf reports whether the property key of r names target: a
// value names does, or one built from target.
func (s *Stack) setsPolicyOf(r *Resource, key string, target *Resource, names func(v string) bool) bool {
	v, present := r.Properties.GetOk(key)
	ref, kn := stringValue(v, present)
	switch kn {
	case Known, Secret:
		return names(ref)
	case Unknown:
		return r.Deps(key, v).has(target.URN)
	}
	// An EventBusPolicy without eventBusName sets the default bus's.
	return key == "eventBusName" && !present && names("default")
}

// functionPolicy is the policy of a Lambda function: one statement per
// Permission of the stack that names it, as Lambda's AddPermission writes
// it (docs/research/resource-policies.md, section 4): Principal an
// account ID as its root, a role ARN or a service; the function's ARN,
// qualified by Qualifier; SourceArn, SourceAccount and PrincipalOrgID as
// conditions.
func (s *Stack) functionPolicy(fn *Resource, name, base string) []*Document {
	var out []*Document
	arnKnown, _ := ReadString(fn.Properties, "arn")
	for _, r := range s.ofType(TypePermission) {
		if !s.setsPolicyOf(r, "function", fn, func(v string) bool {
			if v == name || v == arnKnown || v == base {
				return true
			}
			a, ok := arn.Parse(v)
			if ok && a.Service == "lambda" {
				n, _, _ := strings.Cut(strings.TrimPrefix(a.Resource, "function:"), ":")
				return n == name
			}
			// A partial ARN: ACCOUNT:function:NAME.
			_, rest, ok := strings.Cut(v, ":function:")
			return ok && rest == name
		}) {
			continue
		}
		out = append(out, permissionDocument(r, base))
	}
	return out
}

// permissionDocument is the statement a Lambda Permission adds to the
// function policy, or an unknown document when a part of it is not known
// at this preview.
func permissionDocument(r *Resource, base string) *Document {
	d := newSource(fmt.Sprintf("Permission %q", r.Name), r.URN, DocKnown)
	get := func(key string) (string, bool) {
		v, kn := ReadString(r.Properties, key)
		if kn == Unknown {
			d.content.kind = DocUnknown
			d.content.deps = append(d.content.deps, r.Deps(key, r.Properties.Get(key))...)
		}
		return v, kn.Usable()
	}
	principal, _ := get("principal")
	action, _ := get("action")
	// The function is the one the request acts on: its ARN's parts not
	// known yet stand for any value.
	resource := partial.Wildcard(base)
	if q, ok := get("qualifier"); ok && q != "" {
		resource += ":" + q
	}
	partition := ""
	if a, ok := arn.Parse(base); ok {
		partition = a.Partition
	}
	st := iam.Statement{Effect: iam.Allow, Action: iam.Strings{action}, Resource: iam.Strings{resource},
		Principal: lambdaPrincipal(principal, partition)}
	cond := map[string]map[string]iam.Strings{}
	if v, ok := get("sourceArn"); ok && v != "" {
		cond["ArnLike"] = map[string]iam.Strings{"AWS:SourceArn": {v}}
	}
	if v, ok := get("sourceAccount"); ok && v != "" {
		cond["StringEquals"] = map[string]iam.Strings{"AWS:SourceAccount": {v}}
	}
	if v, ok := get("principalOrgId"); ok && v != "" {
		if cond["StringEquals"] == nil {
			cond["StringEquals"] = map[string]iam.Strings{}
		}
		cond["StringEquals"]["aws:PrincipalOrgID"] = iam.Strings{v}
	}
	if len(cond) > 0 {
		st.Condition = cond
	}
	if d.content.kind == DocKnown {
		d.content.doc = iam.Document{Version: "2012-10-17", Statement: []iam.Statement{st}}
	}
	return d
}

// lambdaPrincipal is the Principal AddPermission writes for a principal:
// "*"; an account ID as {"AWS": "arn:PARTITION:iam::ID:root"}; an ARN as
// {"AWS": ARN}; anything else (a service) as {"Service": ...}.
func lambdaPrincipal(p, partition string) *iam.Principal {
	switch {
	case p == "*":
		return &iam.Principal{Wildcard: true}
	case arn.IsAccountID(p):
		root := integrations.Account{Partition: partition, ID: p}.GlobalARN("iam", "root")
		return &iam.Principal{ByType: map[string]iam.Strings{"AWS": {root}}}
	case arn.HasPrefix(p):
		return &iam.Principal{ByType: map[string]iam.Strings{"AWS": {p}}}
	}
	return &iam.Principal{ByType: map[string]iam.Strings{"Service": {p}}}
}
