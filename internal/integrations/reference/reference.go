package reference

import (
	"embed"
	"slices"
	"strings"
)

// dataFS holds data/, written by generate.sh: services/<prefix>.json (one
// service of the reference each), global-keys.json, sdk-services.json,
// SOURCE.json (the versions they come from) and the licenses.
//
//go:embed data
var dataFS embed.FS

// embedded is the catalog of dataFS, which the package's functions read.
var embedded = newCatalog(dataFS)

// ActionInfo is one action of the service authorization reference.
type ActionInfo struct {
	// Service is the service prefix, e.g. "ecs".
	Service string
	// Name is the action's name as AWS spells it, e.g. "RunTask".
	Name string
	// ResourceTypes are the resource types the action authorizes against,
	// in the reference's order. It is empty when the action supports no
	// resource-level permissions: a statement granting it must then have
	// Resource "*".
	ResourceTypes []ResourceType
	// ConditionKeys are the action-level condition keys: those the
	// reference lists for the action independently of a resource type.
	ConditionKeys []string
}

// ResourceType is a resource type as one action takes it.
type ResourceType struct {
	// Name is the resource type's name, e.g. "task-definition".
	Name string
	// Required reports whether the reference marks the type required
	// (the asterisk in AWS's tables): a request for the action always
	// names a resource of this type. Where all of an action's types are
	// optional, as for ecs:TagResource or events:PutRule, a request names
	// a resource of one of them.
	Required bool
	// ARNFormats are the ARN formats of the type, with ${...} placeholders,
	// e.g. "arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}".
	ARNFormats []string
	// ConditionKeys are the condition keys of the resource type itself
	// (the reference's resource types table), usable with any action
	// that takes the type.
	ConditionKeys []string
	// ActionConditionKeys are the condition keys the reference lists for
	// this resource type in the action's own row; often empty.
	ActionConditionKeys []string
}

// Action looks up an action by "service:ActionName", e.g. "ecs:RunTask".
// Both parts are compared case-insensitively, as IAM compares action
// names. It reports false for an unknown service or action, or a name
// without a colon.
func Action(name string) (ActionInfo, bool) {
	return embedded.action(name)
}

// ResourceTypeNamed returns a resource type of a service by its name in
// the reference ("function alias"), whichever actions take it. The
// service is a prefix as Services lists it ("lambda").
func ResourceTypeNamed(service, name string) (ResourceType, bool) {
	return embedded.resourceTypeNamed(service, name)
}

// Matches reports whether an ARN or IAM pattern matches one of the
// type's ARN formats, as ResourceTypeOf defines matching.
func (rt ResourceType) Matches(arnOrPattern string) bool {
	return rt.matches(compileGlob(arnOrPattern), true)
}

// Services returns the service prefixes of the vendored data, sorted:
// every service of AWS's service authorization reference at the pinned
// version. It lists the embedded files without decoding them.
func Services() []string {
	return embedded.serviceNames()
}

// ConditionKeyType returns the type the reference gives a condition key
// ("String", "ARN", "Bool", "Numeric", "Date", "ArrayOfString",
// "ArrayOfARN", "ArrayOfBool"), e.g. "ARN" for "iam:AssociatedResourceArn".
// Keys are compared case-insensitively, and a key with a variable part in
// the reference ("kms:EncryptionContext:${EncryptionContextKey}") matches
// any concrete value of it.
//
// A global (aws:) key is looked up in data/global-keys.json: the only ones
// known are those the services' tables list, aws:RequestTag/${TagKey},
// aws:ResourceTag/${TagKey} and aws:TagKeys. Any other key is looked up in
// the table of the service its prefix (the part before the first ':')
// names, so "ecs:cluster" in ecs's. Keys whose prefix is no service, such
// as the identity providers' keys sts lists (saml:aud,
// token.actions.githubusercontent.com:sub), are not known.
func ConditionKeyType(key string) (string, bool) {
	return embedded.conditionKeyType(key)
}

// SDKServicePrefix returns the IAM service prefix of an AWS SDK service
// name as Step Functions' AWS SDK integrations spell it in
// "arn:aws:states:::aws-sdk:SERVICE:apiAction": "states" for "sfn",
// "logs" for "cloudwatchlogs", "events" for "eventbridge". The name is
// compared exactly (these names are lower case); ok is false for a name
// the data does not know, which a caller should treat as an unknown
// service, not guess.
//
// The data, data/sdk-services.json, comes from the npm package
// aws-cdk-lib (custom-resources/lib/helpers-internal/sdk-v3-metadata.json,
// the IAM prefix of each AWS SDK for JavaScript v3 client), at the version
// pinned in generate.sh: each client name X (of @aws-sdk/client-X) gives
// the name X without a trailing "-service" and without hyphens, which is
// the name Step Functions uses (docs/research/aws-sdk-integrations.md,
// section 1.2). The corrections of sdk-overrides.json apply, each with its
// evidence; every prefix is a service of Services.
func SDKServicePrefix(sdkName string) (prefix string, ok bool) {
	return embedded.sdkServicePrefix(sdkName)
}

// ResourceTypeOf returns the resource type of the action that an ARN or
// an IAM Resource pattern denotes.
//
// An ARN matches an ARN format when it can be obtained by replacing each
// ${...} placeholder of the format with a non-empty value: ${Partition},
// ${Region} and ${Account} (and any other placeholder before the resource
// part) by a value without ':'; a placeholder in the resource part (after
// the fifth ':') by a value without ':' or '/', except that the last
// placeholder of each ':'-separated segment of the resource part may also
// contain '/' (IAM names with paths, role/${RoleNameWithPath}; log group
// names, /aws/ecs/x; secret and parameter names). Literal text must match
// exactly, case-sensitively, so a format with "::" only matches an empty
// region (IAM ARNs).
//
// A pattern may hold IAM wildcards: '*' stands for any run of characters,
// including ':' and '/' and the empty run, and '?' for any one character.
// A pattern matches a format when some ARN matched by the pattern also
// matches the format, as defined above; this is decided exactly (by
// intersecting the two as automata), not by sampling. A concrete ARN is
// the pattern without wildcards. Policy variables (${aws:username}) are not
// expanded: they are compared as literal text, which, holding a ':',
// rarely matches a format.
// Thus, for ecs:RunTask, "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly:*"
// and "*" match task-definition, while "...:task-definition/nightly"
// (no revision) does not, since no ARN it matches has a revision.
//
// When the input matches several of the action's types (as "*" matches
// them all), the result is the first type, in the reference's order, that
// it matches without letting a placeholder contain '/'; if there is none,
// the first type it matches at all. So, for events:PutRule,
// ".../rule/NAME" gives rule-on-default-event-bus and ".../rule/BUS/NAME"
// rule-on-custom-event-bus, while ".../rule/*", which covers both, gives
// rule-on-custom-event-bus, listed first. ResourceTypesOf returns every
// match.
//
// An action with no resource types accepts only "*" (or any run of '*'
// alone): ResourceTypeOf then returns the zero ResourceType and true.
func (a ActionInfo) ResourceTypeOf(arnOrPattern string) (ResourceType, bool) {
	if len(a.ResourceTypes) == 0 {
		return ResourceType{}, isStars(arnOrPattern)
	}
	glob := compileGlob(arnOrPattern)
	first := -1
	for i, rt := range a.ResourceTypes {
		if !rt.matches(glob, true) {
			continue
		}
		if rt.matches(glob, false) {
			return rt.clone(), true
		}
		if first < 0 {
			first = i
		}
	}
	if first < 0 {
		return ResourceType{}, false
	}
	return a.ResourceTypes[first].clone(), true
}

// ResourceTypesOf returns every resource type of the action that an ARN
// or an IAM Resource pattern matches, as ResourceTypeOf defines matching,
// in the reference's order; nil when none does, and always nil for an
// action with no resource types.
func (a ActionInfo) ResourceTypesOf(arnOrPattern string) []ResourceType {
	glob := compileGlob(arnOrPattern)
	var out []ResourceType
	for _, rt := range a.ResourceTypes {
		if rt.matches(glob, true) {
			out = append(out, rt.clone())
		}
	}
	return out
}

// ConditionKeyApplies reports whether a condition key can be present in a
// request for the action: a global key (any key starting "aws:"), an
// action-level key, or a key of one of the action's resource types (its
// own or listed in the action's row). Keys are compared
// case-insensitively. A key with a variable part in the reference
// ("aws:ResourceTag/${TagKey}", "ecs:ResourceTag/${TagKey}",
// "kms:EncryptionContext:${EncryptionContextKey}") matches any non-empty
// concrete value of it; so does a key ending in "/tag-key" or "/<key>",
// spellings the reference uses for some services
// ("secretsmanager:ResourceTag/tag-key", "s3:ExistingObjectTag/<key>").
//
// It does not consider the few non-aws: keys AWS documents as global
// (ec2:SourceInstanceArn, lambda:SourceFunctionArn, ...).
func (a ActionInfo) ConditionKeyApplies(key string) bool {
	if len(key) >= 4 && strings.EqualFold(key[:4], "aws:") {
		return true
	}
	lists := [][]string{a.ConditionKeys}
	for _, rt := range a.ResourceTypes {
		lists = append(lists, rt.ConditionKeys, rt.ActionConditionKeys)
	}
	for _, list := range lists {
		for _, ref := range list {
			if keyMatches(compileKey(ref), key) {
				return true
			}
		}
	}
	return false
}

// matches reports whether the glob matches one of the type's formats.
func (rt ResourceType) matches(glob []globElem, lenient bool) bool {
	for _, f := range rt.ARNFormats {
		elems, err := compileARNFormat(f, lenient)
		if err == nil && intersects(elems, glob) {
			return true
		}
	}
	return false
}

func (a ActionInfo) clone() ActionInfo {
	a.ConditionKeys = slices.Clone(a.ConditionKeys)
	rts := make([]ResourceType, len(a.ResourceTypes))
	for i, rt := range a.ResourceTypes {
		rts[i] = rt.clone()
	}
	a.ResourceTypes = rts
	return a
}

func (rt ResourceType) clone() ResourceType {
	rt.ARNFormats = slices.Clone(rt.ARNFormats)
	rt.ConditionKeys = slices.Clone(rt.ConditionKeys)
	rt.ActionConditionKeys = slices.Clone(rt.ActionConditionKeys)
	return rt
}

func isStars(s string) bool {
	return s != "" && strings.Trim(s, "*") == ""
}

// The shape of data/services/<prefix>.json (see internal/gen).
type (
	fileService struct {
		Service       string                      `json:"service"`
		Actions       map[string]fileAction       `json:"actions"`
		ResourceTypes map[string]fileResourceType `json:"resourceTypes"`
		ConditionKeys map[string]string           `json:"conditionKeys"`
	}
	fileAction struct {
		ResourceTypes []fileActionResourceType `json:"resourceTypes"`
		ConditionKeys []string                 `json:"conditionKeys"`
	}
	fileActionResourceType struct {
		Name          string   `json:"name"`
		Required      bool     `json:"required"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	fileResourceType struct {
		ARNFormats    []string `json:"arnFormats"`
		ConditionKeys []string `json:"conditionKeys"`
	}
)
