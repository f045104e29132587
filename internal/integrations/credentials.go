package integrations

import (
	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

// credentialsPage documents a Task state's Credentials field.
const credentialsPage = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html"

// assumeCredentials is the sts:AssumeRole of the role of a Task state's
// Credentials by the state machine's role: Step Functions assumes it,
// then makes the state's calls with it (credentialsPage). The role's
// trust policy must let the state machine's role assume it; the state
// machine's identity policy must allow it too, except in the same
// account when the trust names the role itself
// (docs/research/credentials-trust.md). Its Grant is the identity
// statement; RoleTrustStatement is the trust's.
func assumeCredentials(c Call, env Env) Request {
	// A role of any account of the partition: Credentials exist to reach
	// other accounts.
	const why = "the state chooses the role of its Credentials at run time"
	anywhere := Account{Partition: env.Account().Partition, ID: partial.Hole{Label: "ACCOUNT_ID", Class: partial.AccountID, Why: why}.String()}
	role := Role{Set: true, ARN: anywhere.RoleARN("/", partial.Hole{Label: "ROLE", Class: partial.Any, Why: why}.String())}
	if ref, ok := c.Credentials.Static(); ok {
		role = env.Role(ref)
	}
	r := Request{
		Kind:     AssumeRoleRequest,
		By:       CallerRole,
		Action:   "sts:AssumeRole",
		Resource: role.ARN,
		Target:   role.Key,
		Role:     role,
		Via:      "Credentials.RoleArn",
		Why:      "Step Functions assumes the role of the state's Credentials with the state machine's role before it makes the state's calls",
		Page:     credentialsPage,
		// AWS's pages do not name the error (docs/research/credentials-trust.md, section 3).
		Fails: "The deploy does not check it: the state fails each time it runs, before it makes its calls",
		Grant: Grant{Sid: "AssumeTaskCredentials"},
	}
	if partial.Known(role.ARN) {
		r.Grant.Resource = role.ARN
	}
	return r
}

// RoleTrustStatement is the statement of a Credentials role's trust
// policy that lets the state machine's role callerARN assume it, as AWS's
// cross-account tutorial shows it without its sts:ExternalId condition
// (https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-access-cross-acct-resources.html).
func RoleTrustStatement(callerARN string) iam.Statement {
	return iam.Statement{
		Effect:    iam.Allow,
		Principal: &iam.Principal{ByType: map[string]iam.Strings{"AWS": {callerARN}}},
		Action:    iam.Strings{"sts:AssumeRole"},
	}
}
