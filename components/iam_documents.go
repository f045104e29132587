package components

import (
	"batchpipeline/internal/iam"
)

// trustPolicy lets an AWS service assume a role, only on behalf of this
// account (aws:SourceAccount) and, when sourceARN is set, only for that
// resource (aws:SourceArn): the confused-deputy guard AWS recommends.
func trustPolicy(service, account, sourceARN string) iam.Document {
	cond := map[string]map[string]iam.Strings{
		"StringEquals": {"aws:SourceAccount": {account}},
	}
	if sourceARN != "" {
		cond["ArnLike"] = map[string]iam.Strings{"aws:SourceArn": {sourceARN}}
	}
	return iam.Document{
		Version: iam.Version,
		Statement: []iam.Statement{{
			Effect:    iam.Allow,
			Principal: &iam.Principal{ByType: map[string]iam.Strings{"Service": {service}}},
			Action:    iam.Strings{"sts:AssumeRole"},
			Condition: cond,
		}},
	}
}

// policy wraps statements into a document.
func policy(statements ...iam.Statement) iam.Document {
	return iam.Document{Version: iam.Version, Statement: statements}
}
