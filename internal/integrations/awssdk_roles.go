package integrations

import (
	"maps"
	"slices"
	"strings"

	"batchpipeline/internal/partial"
)

// sdkPassedRole is a role an AWS SDK API hands to its service, as AWS
// documents it: the parameter that carries it (a dotted path, as Step
// Functions writes the API's parameters) and the iam:PassedToService
// value the service sets ("" when AWS's page says the role is passed but
// not towards which service: the value is then not known, which decides
// a grant with no condition or no PassRole at all, and leaves one
// conditioned on a service undecided).
type sdkPassedRole struct {
	path, service, page string
}

// sdkPassedRoles are the AWS SDK APIs (by SDK service and API name) that
// AWS documents as passing a role, each with the page that says so and,
// where AWS says it, towards which service: the AWS managed policy of
// the service that grants iam:PassRole with that iam:PassedToService. A role field of another
// API is passed unsure (sdkRolesPassed): AWS's service authorization
// reference does not say which APIs pass roles (its dependent actions are
// empty in the vendored data). Adding an API is a line here with its
// page.
var sdkPassedRoles = map[string][]sdkPassedRole{
	// AmazonEventBridgeSchedulerFullAccess: iam:PassRole on role/* with
	// StringLike iam:PassedToService scheduler.amazonaws.com.
	"scheduler:createSchedule": {{"Target.RoleArn", "scheduler.amazonaws.com", schedulerFullAccessPage}},
	"scheduler:updateSchedule": {{"Target.RoleArn", "scheduler.amazonaws.com", schedulerFullAccessPage}},
	// AWSStepFunctionsFullAccess: "in addition to this policy, a user MUST
	// have iam:PassRole permission on at least one IAM role that can be
	// assumed by the service"; the policy itself grants states:* only,
	// so the iam:PassedToService value is not documented.
	"sfn:createStateMachine": {{"RoleArn", "", stepFunctionsFullAccessPage}},
	"sfn:updateStateMachine": {{"RoleArn", "", stepFunctionsFullAccessPage}},
}

// Pages of sdkPassedRoles.
const (
	schedulerFullAccessPage     = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEventBridgeSchedulerFullAccess.html"
	stepFunctionsFullAccessPage = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSStepFunctionsFullAccess.html"
)

// sdkRolesPassed is the iam:PassRole of each role the parameters of an
// AWS SDK call name: those sdkPassedRoles documents for the API, towards
// its service; and any other field whose name ends in RoleArn
// (serverless-step-functions #606), unsure, with no iam:PassedToService
// in its context, since most APIs that take a role hand it to their
// service but AWS's data does not say which do, nor towards which
// service.
func sdkRolesPassed(c Call, env Env, sdk, api string) []Request {
	var out []Request
	known := sdkPassedRoles[sdk+":"+api]
	for _, k := range known {
		role, ok := c.roleParam(env, strings.Split(k.path, ".")...)
		if !ok {
			continue
		}
		if k.service != "" {
			out = append(out, PassRoleTo(role, k.path, k.service, "SDKPassRoles",
				"the "+sdk+" API "+api+" hands the role in "+k.path+" to "+k.service+", which checks that the caller may pass it", k.page))
			continue
		}
		r := PassRoleTo(role, k.path, partial.Hole{Label: "SERVICE", Class: partial.Any,
			Why: "AWS's page says the role is passed, not towards which service"}.String(), "SDKPassRoles",
			"the "+sdk+" API "+api+" hands the role in "+k.path+" to its service, which checks that the caller may pass it", k.page)
		r.Grant.Op, r.Grant.Key, r.Grant.Value = "", "", ""
		out = append(out, r)
	}
	var walk func(prefix []string, v any)
	walk = func(path []string, v any) {
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		for _, key := range slices.Sorted(maps.Keys(obj)) {
			field := strings.TrimSuffix(key, ".$")
			p := append(slices.Clip(path), field)
			dotted := strings.Join(p, ".")
			if slices.ContainsFunc(known, func(k sdkPassedRole) bool { return k.path == dotted }) {
				continue
			}
			if strings.HasSuffix(field, "RoleArn") {
				if role, ok := c.roleParam(env, p...); ok {
					r := PassRoleTo(role, dotted, "", "SDKPassRoles",
						"the "+sdk+" API "+api+" takes a role in "+dotted+", which the service checks the caller may pass (iam:PassRole)",
						"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html")
					r.Context, r.Grant.Op, r.Grant.Key, r.Grant.Value = nil, "", "", ""
					r.Unsure = "AWS's data does not say whether " + sdk + ":" + api + " passes the role, nor towards which service"
					out = append(out, r)
				}
				continue
			}
			walk(p, obj[key])
		}
	}
	if v := c.Param(); v.Set && !v.Dynamic {
		walk(nil, v.Raw)
	}
	return out
}
