// Package iam models AWS IAM policy documents: the pipeline component builds
// its role policies from these types, and the policy pack parses documents
// back into them and evaluates them as AWS does (explicit deny, NotAction,
// NotResource, wildcards, conditions).
package iam

// Version is the current IAM policy language version.
const Version = "2012-10-17"

// Effects of a statement.
const (
	Allow = "Allow"
	Deny  = "Deny"
)

// Document is an IAM policy document (identity policy, trust policy or
// permissions boundary).
type Document struct {
	Version   string      `json:"Version,omitempty"`
	ID        string      `json:"Id,omitempty"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a policy document.
type Statement struct {
	Sid          string     `json:"Sid,omitempty"`
	Effect       string     `json:"Effect"`
	Principal    *Principal `json:"Principal,omitempty"`
	NotPrincipal *Principal `json:"NotPrincipal,omitempty"`
	Action       Strings    `json:"Action,omitempty"`
	NotAction    Strings    `json:"NotAction,omitempty"`
	Resource     Strings    `json:"Resource,omitempty"`
	NotResource  Strings    `json:"NotResource,omitempty"`
	// Condition maps an operator (StringEquals, ForAnyValue:StringLike, ...)
	// to condition keys and their values.
	Condition map[string]map[string]Strings `json:"Condition,omitempty"`
}

// Principal is the Principal element of a trust policy. Wildcard is set for
// the bare "*" principal; otherwise the map holds AWS, Service, Federated
// and CanonicalUser entries.
type Principal struct {
	Wildcard bool
	ByType   map[string]Strings
}

// Strings is a list of strings that IAM also accepts as a single string
// (Action, Resource, condition values).
type Strings []string
