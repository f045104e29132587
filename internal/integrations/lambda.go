package integrations

import (
	"regexp"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/partial"
)

// Pages of the Lambda integration (docs/research/lambda-invoke.md gathers
// the quotes).
const (
	// lambdaIAMPage is the state machine role's policy for it: the
	// template grants lambda:InvokeFunction on the unqualified function
	// ARNs only.
	lambdaIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html"
	// lambdaQualifiedPage says how Lambda authorizes an invocation of a
	// version or alias: "If you use a qualified function ARN ... the
	// permission applies only to that version or alias" and an
	// unqualified ARN in a policy "denies requests that reference a
	// qualified ARN" (the 2022 change that aws/aws-cdk#19273 reports).
	lambdaQualifiedPage = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html"
	// invokeAPIPage is Lambda's Invoke API: the forms of FunctionName and
	// Qualifier.
	invokeAPIPage = "https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html"
)

// lambdaInvoke is the optimized integration lambda:invoke
// (arn:aws:states:::lambda:invoke[.waitForTaskToken]), and the legacy form
// whose Resource is the function's ARN itself. Step Functions supports no
// .sync for Lambda; the legacy form is request-response only
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html).
//
// RetryErrors are the ones AWS's best practice retries
// (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html):
// Lambda.ServiceException, Lambda.AWSLambdaException and
// Lambda.SdkClientException are transient service errors,
// Lambda.ClientExecutionTimeoutException a call that timed out. A function
// that runs and fails (Lambda.Unknown, a FunctionError) is not retried.
var lambdaInvoke = &Integration{
	Service:  "lambda",
	Action:   "invoke",
	Patterns: []Pattern{RequestResponse, WaitForTaskToken},
	Page:     lambdaIAMPage,
	RetryErrors: []string{"Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException",
		"Lambda.AWSLambdaException", "Lambda.SdkClientException"},
	IAMServices: []string{"lambda", "sts"},
	Examples:    invokeExamples(),
	requests:    invokeRequests,
	problems:    invokeProblems,
	legacy: func(resource string) (Pattern, bool) {
		_, _, ok := FunctionFromARN(resource)
		return RequestResponse, ok
	},
}

// FunctionARN returns the ARN of a Lambda function, unqualified.
func (a Account) FunctionARN(name string) string { return a.ARN("lambda", "function:"+name) }

// FunctionFromARN returns the name and qualifier ("" for none) of a
// Lambda function ARN, arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].
func FunctionFromARN(s string) (name, qualifier string, ok bool) {
	a, ok := arn.Parse(s)
	if !ok || a.Service != "lambda" || a.Region == "" || a.AccountID == "" {
		return "", "", false
	}
	rest, ok := strings.CutPrefix(a.Resource, "function:")
	if !ok || rest == "" {
		return "", "", false
	}
	name, qualifier, _ = strings.Cut(rest, ":")
	return name, qualifier, name != "" && !strings.Contains(qualifier, ":")
}

// invokeExamples are Task states that take every branch of
// invokeRequests: FunctionName as a name, a name with an alias, a partial
// ARN, an ARN of another account, chosen at run time; Qualifier written
// and chosen at run time; the legacy Resource; Credentials; both
// patterns.
func invokeExamples() []Example {
	const (
		optimized = "arn:aws:states:::lambda:invoke"
		callback  = optimized + ".waitForTaskToken"
	)
	fn := func(resource string, params map[string]any) TaskState {
		return TaskState{Resource: resource, Parameters: params}
	}
	return []Example{
		{"a name", fn(optimized, map[string]any{"FunctionName": "report", "Payload.$": "$"})},
		{"a name with an alias, callback", fn(callback, map[string]any{"FunctionName": "report:live",
			"Payload": map[string]any{"token.$": "$$.Task.Token"}})},
		{"a partial ARN with a Qualifier", fn(optimized, map[string]any{"FunctionName": "123456789012:function:report", "Qualifier": "7"})},
		{"an ARN of another account, Credentials", TaskState{Resource: optimized,
			Parameters:  map[string]any{"FunctionName": "arn:aws:lambda:eu-west-1:210987654321:function:report:$LATEST"},
			Credentials: map[string]any{"RoleArn": "arn:aws:iam::210987654321:role/runner"}}},
		{"chosen at run time", fn(optimized, map[string]any{"FunctionName.$": "$.fn", "Qualifier.$": "$.q"})},
		{"the legacy Resource", fn("arn:aws:lambda:ap-northeast-1:123456789012:function:report:live", nil)},
	}
}

// function is the function a call invokes: its ARN and the qualifier of
// the version or alias it names, each known in part.
type function struct {
	arn, qualifier string
	// mismatch is set when FunctionName and Qualifier name two different
	// qualifiers: Lambda rejects the call.
	mismatch string
}

// functionOf reads what a call invokes (invokeAPIPage): FunctionName as a
// name, NAME:QUALIFIER, a partial ARN ACCOUNT:function:NAME[:QUALIFIER]
// or a full ARN, in the caller's account and region for what it leaves
// out; the Qualifier parameter; or, for the legacy form, the Resource.
func functionOf(c Call, acct Account) function {
	if name, q, ok := FunctionFromARN(c.Resource); ok {
		a, _ := arn.Parse(c.Resource)
		return function{arn: AccountOf(a).FunctionARN(name), qualifier: q}
	}
	why := c.notKnown("function")
	var f function
	switch v := c.Param("FunctionName"); {
	case v.Dynamic || !v.Set:
		if !v.Set {
			why = c.who() + " names no FunctionName"
		}
		// Any function of any account and region of the partition.
		f.arn = acct.Anywhere(why).FunctionARN(partial.Hole{Label: "FUNCTION", Class: partial.Any, Why: why}.String())
		return f
	default:
		ref, ok := v.Static()
		if !ok {
			f.arn = acct.FunctionARN(partial.Hole{Label: "FUNCTION", Class: partial.Any, Why: "FunctionName is not a string"}.String())
			return f
		}
		f = functionNamed(ref, acct)
	}
	switch q := c.Param("Qualifier"); {
	case q.Dynamic:
		f.qualifier = partial.Hole{Label: "QUALIFIER", Class: partial.Name, Why: c.notKnown("qualifier")}.String()
	case q.Set:
		s, _ := q.Static()
		if f.qualifier != "" && f.qualifier != s {
			f.mismatch = "FunctionName names the qualifier " + f.qualifier + " and Qualifier " + s
		}
		f.qualifier = s
	}
	return f
}

// functionNamed reads a FunctionName written in the definition.
func functionNamed(ref string, acct Account) function {
	if name, q, ok := FunctionFromARN(ref); ok {
		a, _ := arn.Parse(ref)
		return function{arn: AccountOf(a).FunctionARN(name), qualifier: q}
	}
	if account, rest, ok := strings.Cut(ref, ":function:"); ok && arn.IsAccountID(account) {
		acct.ID = account
		ref = rest
	}
	name, q, _ := strings.Cut(ref, ":")
	return function{arn: acct.FunctionARN(name), qualifier: q}
}

// invokeRequests is what a Lambda call needs: lambda:InvokeFunction on
// the function, authorized against its qualified ARN when a version or
// alias is invoked (lambdaQualifiedPage), as CDK and
// serverless-step-functions grant it (ARN and ARN:*). AWS's template
// (lambdaIAMPage) grants the unqualified ARN only, which does not allow
// its own Qualifier example: the page is behind Lambda's 2022 change.
//
// The service authorization reference lists only the function resource
// type for lambda:InvokeFunction; the qualified ARN is the format of its
// "function alias" and "function version" types (ResourceType says
// which), which Lambda documents as what it authorizes a qualified call
// against.
func invokeRequests(c Call, env Env) []Request {
	f := functionOf(c, env.Account())
	r := Request{
		Kind:     CallRequest,
		Action:   "lambda:InvokeFunction",
		Resource: f.arn,
		Why:      "Step Functions invokes the function with lambda:InvokeFunction",
		Page:     lambdaIAMPage,
		// A Permission naming the role lets it invoke in the function's
		// account (docs/research/resource-policies.md, section 8).
		ResourcePolicy: "the function's resource-based policy",
		Grant:          Grant{Sid: "InvokeFunctions"},
	}
	if f.qualifier != "" {
		r.Resource += ":" + f.qualifier
		r.Why = "Step Functions invokes a version or alias of the function, which Lambda authorizes against its qualified ARN"
		r.Page = lambdaQualifiedPage
		r.ResourceType = "function alias"
		if f.qualifier == "$LATEST" || isDigits(f.qualifier) {
			r.ResourceType = "function version"
		}
	}
	if partial.Known(r.Resource) {
		r.Grant.Resource = r.Resource
	}
	return []Request{r}
}

// invokeProblems: Lambda rejects a call whose FunctionName and Qualifier
// name different qualifiers ("The derived qualifier from the function
// name does not match the specified qualifier", InvalidParameterValueException).
func invokeProblems(c Call, env Env) []string {
	if f := functionOf(c, env.Account()); f.mismatch != "" {
		return []string{f.mismatch + ": every run fails with InvalidParameterValueException (\"The derived qualifier from the " +
			"function name does not match the specified qualifier\", " + invokeAPIPage + ")"}
	}
	return nil
}

// isDigits reports whether s is a non-empty run of decimal digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// LambdaInvoke is the integration lambda:invoke, which the component's
// Lambda jobs call.
func LambdaInvoke() *Integration { return lambdaInvoke }

// Invoke is a lambda:invoke call as the component writes it: a function by
// name or ARN, an optional alias or version (Qualifier) and the event it
// receives.
type Invoke struct {
	FunctionName, Qualifier string
	Payload                 map[string]any
}

// Parameters is the Task state's Parameters of the call.
func (i Invoke) Parameters() map[string]any {
	p := map[string]any{"FunctionName": i.FunctionName}
	if i.Qualifier != "" {
		p["Qualifier"] = i.Qualifier
	}
	if i.Payload != nil {
		p["Payload"] = i.Payload
	}
	return p
}

// functionNamePattern is what Invoke accepts as FunctionName: a name, a
// name with a qualifier, a partial ARN or an ARN (invokeAPIPage: "Pattern:
// (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?",
// length 1 to 170).
var functionNamePattern = regexp.MustCompile(`^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$`)

// qualifierPattern is what Invoke accepts as Qualifier (invokeAPIPage:
// "Pattern: (|[a-zA-Z0-9$_-]+)", length 1 to 128).
var qualifierPattern = regexp.MustCompile(`^[a-zA-Z0-9$_-]{1,128}$`)

// ValidFunctionName reports whether Lambda's Invoke accepts s as a
// FunctionName.
func ValidFunctionName(s string) bool { return len(s) <= 170 && functionNamePattern.MatchString(s) }

// ValidQualifier reports whether Lambda's Invoke accepts s as a
// Qualifier (an alias or a version).
func ValidQualifier(s string) bool { return qualifierPattern.MatchString(s) }

// FunctionQualified reports whether a FunctionName names a version or an
// alias itself (NAME:QUALIFIER, or an ARN with one).
func FunctionQualified(s string) bool {
	m := functionNamePattern.FindStringSubmatch(s)
	return m != nil && m[8] != ""
}
