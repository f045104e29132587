package arn

import "strings"

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

// RoleOf returns the name and path of an IAM role ARN:
// arn:aws:iam::123456789012:role/team/job has name "job" and path "/team/".
func RoleOf(s string) (name, path string, ok bool) {
	a, ok := Parse(s)
	if !ok || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") {
		return "", "", false
	}
	rest := strings.TrimPrefix(a.Resource, "role")
	i := strings.LastIndex(rest, "/")
	return rest[i+1:], rest[:i+1], rest[i+1:] != ""
}

// IsRoleARN reports whether s is the ARN of one IAM role:
// arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME with a partition of
// lower-case letters, digits and hyphens, a 12-digit account, a role name
// IAM allows (IsRoleName) and no IAM wildcard anywhere, so that a
// statement naming it names exactly that role.
func IsRoleARN(s string) bool {
	a, ok := Parse(s)
	name, _, isRole := RoleOf(s)
	return ok && isRole && a.Region == "" && IsAccountID(a.AccountID) && IsPartition(a.Partition) &&
		IsRoleName(name) && !strings.ContainsAny(s, "*?")
}

// IsRoleName reports whether s can be an IAM role's name: 1 to 64
// letters, digits and +=,.@_- (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
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

// PolicyOf returns the path and name of an IAM managed policy ARN,
// arn:aws:iam::ACCOUNT:policy/PATH/NAME, as one string "/PATH/NAME", and
// whether it is an AWS managed policy (account "aws").
func PolicyOf(s string) (pathName string, awsManaged, ok bool) {
	a, ok := Parse(s)
	if !ok || a.Service != "iam" {
		return "", false, false
	}
	rest, ok := strings.CutPrefix(a.Resource, "policy/")
	if !ok || rest == "" {
		return "", false, false
	}
	return "/" + rest, a.AccountID == "aws", true
}
