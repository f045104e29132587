package integrations

import (
	"strings"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

// TestInvokeRequests: the function a Lambda state invokes, from each form
// of FunctionName Lambda's Invoke API accepts ("my-function",
// "my-function:v1", "123456789012:function:my-function", a full ARN; "You
// can append a version number or alias to any of the formats",
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html), with its
// Qualifier, or from the legacy Resource. A version or alias is
// authorized against the qualified ARN
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html).
// The expected ARNs are literals.
func TestInvokeRequests(t *testing.T) {
	const invoke = "arn:aws:states:::lambda:invoke"
	tests := []struct {
		name     string
		resource string
		params   map[string]any
		want     string // the request's resource
		typ      string // its ResourceType
	}{
		{"a name", invoke, map[string]any{"FunctionName": "report"},
			"arn:aws:lambda:ap-northeast-1:123456789012:function:report", ""},
		{"a name with an alias", invoke, map[string]any{"FunctionName": "report:live"},
			"arn:aws:lambda:ap-northeast-1:123456789012:function:report:live", "function alias"},
		{"a Qualifier", invoke, map[string]any{"FunctionName": "report", "Qualifier": "7"},
			"arn:aws:lambda:ap-northeast-1:123456789012:function:report:7", "function version"},
		{"$LATEST", invoke, map[string]any{"FunctionName": "report", "Qualifier": "$LATEST"},
			"arn:aws:lambda:ap-northeast-1:123456789012:function:report:$LATEST", "function version"},
		{"a partial ARN", invoke, map[string]any{"FunctionName": "210987654321:function:report"},
			"arn:aws:lambda:ap-northeast-1:210987654321:function:report", ""},
		{"an ARN of another region", invoke, map[string]any{"FunctionName": "arn:aws:lambda:eu-west-1:210987654321:function:report:live"},
			"arn:aws:lambda:eu-west-1:210987654321:function:report:live", "function alias"},
		{"the legacy Resource", "arn:aws:lambda:eu-west-1:123456789012:function:report", nil,
			"arn:aws:lambda:eu-west-1:123456789012:function:report", ""},
		{"the legacy Resource, an alias", "arn:aws:lambda:eu-west-1:123456789012:function:report:live", nil,
			"arn:aws:lambda:eu-west-1:123456789012:function:report:live", "function alias"},
		{"chosen at run time", invoke, map[string]any{"FunctionName.$": "$.fn"},
			"arn:aws:lambda:REGION:ACCOUNT_ID:function:FUNCTION", ""},
		{"a Qualifier chosen at run time", invoke, map[string]any{"FunctionName": "report", "Qualifier.$": "$.q"},
			"arn:aws:lambda:ap-northeast-1:123456789012:function:report:QUALIFIER", "function alias"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqs := call(t, tt.resource, tt.params).Requests(nightlyEnv())
			if len(reqs) != 1 || reqs[0].Action != "lambda:InvokeFunction" {
				t.Fatalf("requests %+v, want one lambda:InvokeFunction", reqs)
			}
			r := reqs[0]
			if got := partial.Display(r.Resource); got != tt.want || r.ResourceType != tt.typ {
				t.Errorf("on %q (%q), want %q (%q)", got, r.ResourceType, tt.want, tt.typ)
			}
			if partial.Known(r.Resource) {
				// The least grant allows exactly that invocation.
				res := iam.Evaluate(request(r), []iam.Document{Policy(Grants(reqs)...)}, nil)
				if res.Decision != iam.Allowed || len(res.Uncertain) > 0 {
					t.Errorf("the grant %v does not allow it: %v", r.Grant, res.Decision)
				}
			}
		})
	}
}

// TestInvokeQualifiedNeedsTheQualifiedARN: a grant on the unqualified ARN
// "denies requests that reference a qualified ARN"; one on ARN:* "accepts
// any qualified ARN but denies requests that reference the unqualified
// ARN" (the Lambda permissions page, quoted in docs/research/lambda-invoke.md).
func TestInvokeQualifiedNeedsTheQualifiedARN(t *testing.T) {
	const fn = "arn:aws:lambda:ap-northeast-1:123456789012:function:report"
	grant := func(resource string) []iam.Document {
		return []iam.Document{Policy(iam.Statement{Effect: iam.Allow, Action: iam.Strings{"lambda:InvokeFunction"}, Resource: iam.Strings{resource}})}
	}
	for _, tt := range []struct {
		name, functionName, grant string
		want                      iam.Decision
	}{
		{"unqualified call, unqualified grant", "report", fn, iam.Allowed},
		{"alias, unqualified grant", "report:live", fn, iam.ImplicitDeny},
		{"alias, ARN:* grant", "report:live", fn + ":*", iam.Allowed},
		{"unqualified call, ARN:* grant", "report", fn + ":*", iam.ImplicitDeny},
	} {
		r := call(t, "arn:aws:states:::lambda:invoke", map[string]any{"FunctionName": tt.functionName}).Requests(nightlyEnv())[0]
		if got := iam.Evaluate(request(r), grant(tt.grant), nil).Decision; got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestInvokeProblems: a FunctionName that names one qualifier and a
// Qualifier that names another fail every run.
func TestInvokeProblems(t *testing.T) {
	bad := call(t, "arn:aws:states:::lambda:invoke", map[string]any{"FunctionName": "report:live", "Qualifier": "blue"})
	if got := strings.Join(bad.Problems(nightlyEnv()), "\n"); !strings.Contains(got, "The derived qualifier from the function name does not match the specified qualifier") {
		t.Errorf("problems %q", got)
	}
	same := call(t, "arn:aws:states:::lambda:invoke", map[string]any{"FunctionName": "report:live", "Qualifier": "live"})
	if got := same.Problems(nightlyEnv()); len(got) != 0 {
		t.Errorf("the same qualifier twice: problems %q", got)
	}
}

// TestFunctionNameForms: the FunctionName and Qualifier forms Lambda's
// Invoke accepts (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html:
// "Function name – my-function (name-only), my-function:v1 (with alias).
// Function ARN – arn:aws:lambda:us-west-2:123456789012:function:my-function.
// Partial ARN – 123456789012:function:my-function"), and which of them
// already name a version or alias. Expected values are literals.
func TestFunctionNameForms(t *testing.T) {
	for _, tt := range []struct {
		name             string
		valid, qualified bool
	}{
		{"my-function", true, false},
		{"my-function:v1", true, true},
		{"my.function_2", true, false},
		{"arn:aws:lambda:us-west-2:123456789012:function:my-function", true, false},
		{"arn:aws:lambda:us-west-2:123456789012:function:my-function:$LATEST", true, true},
		{"123456789012:function:my-function", true, false},
		{"", false, false},
		{"my function", false, false},
		{"arn:aws:s3:::bucket", false, false},
		{"a:b:c:d:e:f:g:h", false, false},
	} {
		if got := ValidFunctionName(tt.name); got != tt.valid {
			t.Errorf("ValidFunctionName(%q) = %v, want %v", tt.name, got, tt.valid)
		}
		if got := FunctionQualified(tt.name); got != tt.qualified {
			t.Errorf("FunctionQualified(%q) = %v, want %v", tt.name, got, tt.qualified)
		}
	}
	for q, want := range map[string]bool{"live": true, "$LATEST": true, "12": true, "": false, "a/b": false} {
		if got := ValidQualifier(q); got != want {
			t.Errorf("ValidQualifier(%q) = %v, want %v", q, got, want)
		}
	}
}
