package integrations

import (
	"strings"
)

// ARN is a parsed Amazon Resource Name,
// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
type ARN struct {
	Partition, Service, Region, AccountID, Resource string
}

// ParseARN splits s into its six parts; the resource part keeps its own
// colons. It reports false for anything that is not an ARN: fewer than six
// parts, no "arn" prefix, an empty partition or service.
func ParseARN(s string) (ARN, bool) {
	// As strings.SplitN(s, ":", 6), without allocating.
	var parts [6]string
	rest := s
	for i := range 5 {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ARN{}, false
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	parts[5] = rest
	if parts[0] != "arn" || parts[1] == "" || parts[2] == "" {
		return ARN{}, false
	}
	return ARN{Partition: parts[1], Service: parts[2], Region: parts[3], AccountID: parts[4], Resource: parts[5]}, true
}

// String joins the parts again.
func (a ARN) String() string {
	return arn(a.Partition, a.Service, a.Region, a.AccountID, a.Resource)
}

// Account returns the partition, region and account of the ARN.
func (a ARN) Account() Account {
	return Account{Partition: a.Partition, Region: a.Region, ID: a.AccountID}
}

// IsAccountID reports whether s is a 12-digit AWS account ID.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// RoleFromARN returns the name and path of an IAM role ARN:
// arn:aws:iam::123456789012:role/team/job has name "job" and path "/team/".
func RoleFromARN(s string) (name, path string, ok bool) {
	a, ok := ParseARN(s)
	if !ok || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") {
		return "", "", false
	}
	rest := strings.TrimPrefix(a.Resource, "role")
	i := strings.LastIndex(rest, "/")
	return rest[i+1:], rest[:i+1], rest[i+1:] != ""
}

// IsRoleARN reports whether s is the ARN of one IAM role:
// arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME with a partition of lower-case
// letters, digits and hyphens, a 12-digit account, a role name IAM allows
// (IsRoleName) and no IAM wildcard anywhere, so that a statement naming it
// names exactly that role.
func IsRoleARN(s string) bool {
	a, ok := ParseARN(s)
	name, _, isRole := RoleFromARN(s)
	return ok && isRole && a.Region == "" && IsAccountID(a.AccountID) && isPartition(a.Partition) &&
		IsRoleName(name) && !strings.ContainsAny(s, "*?")
}

// isPartition reports whether s can be a partition: lower-case letters,
// digits and hyphens ("aws", "aws-cn", "aws-us-gov").
func isPartition(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// NormalizePath returns an IAM path with its leading and trailing slash;
// "" and "/" are the root path.
func NormalizePath(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// TaskDefinitionFromARN returns the family and revision ("" when the ARN
// names the family only) of a task definition ARN,
// arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION.
func TaskDefinitionFromARN(s string) (family, revision string, ok bool) {
	a, ok := ParseARN(s)
	if !ok || a.Service != "ecs" {
		return "", "", false
	}
	rest, ok := strings.CutPrefix(a.Resource, "task-definition/")
	if !ok || rest == "" {
		return "", "", false
	}
	family, revision, _ = strings.Cut(rest, ":")
	return family, revision, family != ""
}

// ClusterFromARN returns the name of an ECS cluster ARN,
// arn:aws:ecs:REGION:ACCOUNT:cluster/NAME.
func ClusterFromARN(s string) (string, bool) {
	a, ok := ParseARN(s)
	if !ok || a.Service != "ecs" {
		return "", false
	}
	name, ok := strings.CutPrefix(a.Resource, "cluster/")
	return name, ok && name != ""
}

// ProjectFromARN returns the name of a CodeBuild project ARN,
// arn:aws:codebuild:REGION:ACCOUNT:project/NAME.
func ProjectFromARN(s string) (string, bool) {
	a, ok := ParseARN(s)
	if !ok || a.Service != "codebuild" {
		return "", false
	}
	name, ok := strings.CutPrefix(a.Resource, "project/")
	return name, ok && name != ""
}

// StateMachineFromARN returns the name of a Step Functions state machine
// ARN, arn:aws:states:REGION:ACCOUNT:stateMachine:NAME.
func StateMachineFromARN(s string) (string, bool) {
	a, ok := ParseARN(s)
	if !ok || a.Service != "states" {
		return "", false
	}
	name, ok := strings.CutPrefix(a.Resource, "stateMachine:")
	return name, ok && name != "" && !strings.Contains(name, ":")
}

// PolicyFromARN returns the path and name of an IAM managed policy ARN,
// arn:aws:iam::ACCOUNT:policy/PATH/NAME, as one string "/PATH/NAME", and
// whether it is an AWS managed policy (account "aws").
func PolicyFromARN(s string) (pathName string, awsManaged, ok bool) {
	a, ok := ParseARN(s)
	if !ok || a.Service != "iam" {
		return "", false, false
	}
	rest, ok := strings.CutPrefix(a.Resource, "policy/")
	if !ok || rest == "" {
		return "", false, false
	}
	return "/" + rest, a.AccountID == "aws", true
}

// SecretReference returns the service ("secretsmanager" or "ssm") and
// the IAM resource ARN of a container secret's valueFrom: a Secrets
// Manager secret ARN loses the JSON key, version stage and version id ECS
// accepts after it
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html);
// an SSM parameter ARN is kept
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html).
func SecretReference(valueFrom string) (service, resource string, ok bool) {
	parts := strings.Split(valueFrom, ":")
	if len(parts) < 6 || parts[0] != "arn" || parts[1] == "" || parts[3] == "" || parts[4] == "" {
		return "", "", false
	}
	switch parts[2] {
	case "secretsmanager":
		if len(parts) < 7 || parts[5] != "secret" || parts[6] == "" {
			return "", "", false
		}
		return "secretsmanager", strings.Join(parts[:7], ":"), true
	case "ssm":
		if len(parts) != 6 || !strings.HasPrefix(parts[5], "parameter/") || len(parts[5]) == len("parameter/") {
			return "", "", false
		}
		return "ssm", valueFrom, true
	}
	return "", "", false
}

// FamilyMatch says which task definitions an IAM Resource pattern may
// match, by family.
type FamilyMatch struct {
	// All: a wildcard comes before the family, so any task definition.
	All bool
	// Family is the family, or with Prefix set the start of the families,
	// the pattern may match. A pattern that names no task definition
	// matches the family "", which none has.
	Family string
	Prefix bool
}

// TaskDefinitionFamilies tells which task definitions a Resource pattern
// may match (a pattern such as arn:aws:ecs:*:*:task-definition/nightly-*
// or .../nightly:*), so that a caller can find the candidates without
// evaluating every task definition. It is a superset: each candidate must
// still be evaluated.
func TaskDefinitionFamilies(pattern string) FamilyMatch {
	lit := pattern
	if i := strings.IndexAny(pattern, "*?"); i >= 0 {
		lit = pattern[:i]
	}
	const marker = ":task-definition/"
	i := strings.Index(lit, marker)
	if i < 0 {
		// Without a wildcard, a pattern that does not name a task
		// definition matches none; with one before the marker, any.
		return FamilyMatch{All: lit != pattern}
	}
	famPart := lit[i+len(marker):]
	if fam, _, cut := strings.Cut(famPart, ":"); cut || lit == pattern {
		return FamilyMatch{Family: fam}
	}
	// A wildcard inside the family: every family with that prefix.
	return FamilyMatch{Family: famPart, Prefix: true}
}

// IsRoleName reports whether s can be an IAM role's name: 1 to 64
// letters, digits and +=,.@_- (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
// A task definition's taskRoleArn takes "the short name or full Amazon
// Resource Name (ARN)" of its role
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html);
// ECS resolves a name in the task's account.
func IsRoleName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.ContainsRune("+=,.@_-", c):
		default:
			return false
		}
	}
	return true
}
