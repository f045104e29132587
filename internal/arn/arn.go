// Package arn is the one place that reads and writes Amazon Resource
// Names: parsing, building, partitions and their DNS suffixes, IAM paths
// and role names, account IDs, IAM resource patterns. It imports nothing
// of the project; every other package that needs an ARN's parts asks it.
//
// An ARN is arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html);
// the resource part keeps its own colons. A value known in part (package
// partial) parses like a known one: its holes hold no colon.
package arn

import "strings"

// ARN is a parsed Amazon Resource Name.
type ARN struct {
	Partition, Service, Region, AccountID, Resource string
}

// Parse splits s into its six parts. It reports false for anything that
// is not an ARN: fewer than six parts, no "arn" prefix, an empty
// partition or service.
func Parse(s string) (ARN, bool) {
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
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":" + a.Resource
}

// Account returns where the ARN's resource lives.
func (a ARN) Account() Account {
	return Account{Partition: a.Partition, Region: a.Region, ID: a.AccountID}
}

// Is reports whether s is an ARN (Parse accepts it).
func Is(s string) bool {
	_, ok := Parse(s)
	return ok
}

// HasPrefix reports whether s starts as an ARN does ("arn:"): a value
// meant as an ARN, well formed or not, rather than a name.
func HasPrefix(s string) bool { return strings.HasPrefix(s, "arn:") }

// Account locates resources: the partition ("aws", "aws-cn",
// "aws-us-gov"), the region ("" for a global service such as IAM) and the
// 12-digit account ID. An empty Partition means "aws".
type Account struct {
	Partition string
	Region    string
	ID        string
}

// WithPartition returns a with its partition set: "aws" when unset.
func (a Account) WithPartition() Account {
	if a.Partition == "" {
		a.Partition = "aws"
	}
	return a
}

// Regional returns the ARN of a resource of a regional service in the
// account: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE.
func (a Account) Regional(service, resource string) string {
	a = a.WithPartition()
	return ARN{Partition: a.Partition, Service: service, Region: a.Region, AccountID: a.ID, Resource: resource}.String()
}

// Global returns the ARN of a resource of a global service (IAM), which
// has no region.
func (a Account) Global(service, resource string) string {
	a = a.WithPartition()
	return ARN{Partition: a.Partition, Service: service, AccountID: a.ID, Resource: resource}.String()
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

// IsPattern reports whether p is "*" or an ARN pattern as IAM's Resource
// element takes it
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
// "arn:", a partition, a lower-case service, and six colon-separated
// parts, or fewer when the last one holds a "*" that stands for the rest.
// "ARN:aws:iam::1:role/x", "arn:aws:IAM::1:role/x", "arn::iam::1:role/x"
// and a role name are not.
func IsPattern(p string) bool {
	if p == "*" {
		return true
	}
	parts := strings.SplitN(p, ":", 6)
	if parts[0] != "arn" || len(parts) < 3 || parts[1] == "" {
		return false
	}
	if len(parts) < 6 && !strings.Contains(parts[len(parts)-1], "*") {
		return false
	}
	return strings.ToLower(parts[2]) == parts[2]
}

// Parts splits an ARN or ARN pattern into its six parts, the last keeping
// its colons, as ArnLike compares them; false when it has fewer.
func Parts(s string) ([6]string, bool) {
	var parts [6]string
	rest := s
	for i := range 5 {
		var ok bool
		parts[i], rest, ok = strings.Cut(rest, ":")
		if !ok {
			return parts, false
		}
	}
	parts[5] = rest
	return parts, true
}
