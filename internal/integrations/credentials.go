package integrations

import "batchpipeline/internal/iam"

// credentialsPage documents a Task state's Credentials field.
const credentialsPage = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html"

// assumeCredentialsNeed is the sts:AssumeRole the state machine's role
// needs on the role of a Task state's Credentials: Step Functions assumes
// it, then makes the state's calls with it (credentialsPage). The target
// role's trust policy must also let the state machine's role assume it;
// this model does not check trust policies.
func assumeCredentialsNeed(c Call, env Env) Need {
	role := Role{Set: true, Unknown: "the state chooses the role of its Credentials at run time"}
	if ref, ok := c.Credentials.Static(); ok {
		role = env.Role(ref)
	}
	n := Need{
		Kind:     AssumeRoleNeed,
		By:       MachineRole,
		Action:   "sts:AssumeRole",
		Resource: role.ARN,
		Target:   role.Key,
		Role:     role,
		Via:      "Credentials.RoleArn",
		Unknown:  role.Unknown,
		Why:      "Step Functions assumes the role of the state's Credentials with the state machine's role before it makes the state's calls",
		Page:     credentialsPage,
		Grant: iam.Statement{
			Sid:    "AssumeTaskCredentials",
			Effect: iam.Allow,
			Action: iam.Strings{"sts:AssumeRole"},
		},
	}
	if role.ARN != "" {
		n.Grant.Resource = iam.Strings{role.ARN}
	}
	return n
}
