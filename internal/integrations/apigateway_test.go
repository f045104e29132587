package integrations

import (
	"reflect"
	"testing"

	"batchpipeline/internal/asl"
)

// TestAPIGatewayRequests: with AuthType IAM_ROLE the state machine's role
// signs the call and needs execute-api:Invoke on the method's ARN,
// arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH (the
// reference's execute-api-general format, filled from ApiEndpoint,
// Stage, Method, Path); with NO_AUTH, the default, nothing
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-api-gateway.html);
// with RESOURCE_POLICY the API's own policy decides, which Survey names.
// Expected values are literals.
func TestAPIGatewayRequests(t *testing.T) {
	params := func(auth string) map[string]any {
		p := map[string]any{"ApiEndpoint": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com", "Method": "GET", "Stage": "prod", "Path": "/pets"}
		if auth != "" {
			p["AuthType"] = auth
		}
		return p
	}
	for auth, want := range map[string][]string{
		"IAM_ROLE":        {"execute-api:Invoke arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/pets"},
		"":                nil,
		"NO_AUTH":         nil,
		"RESOURCE_POLICY": nil,
	} {
		if got := describeRequests(call(t, "arn:aws:states:::apigateway:invoke", params(auth)).Requests(nightlyEnv())); !reflect.DeepEqual(got, want) {
			t.Errorf("AuthType %q: %q, want %q", auth, got, want)
		}
	}
	def, err := asl.Parse([]byte(`{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::apigateway:invoke",
		"Parameters": {"ApiEndpoint": "a.execute-api.eu-west-1.amazonaws.com", "Method": "GET", "AuthType": "RESOURCE_POLICY"}, "End": true}}}`))
	if err != nil {
		t.Fatal(err)
	}
	tasks, uncovered := Survey(def)
	if len(tasks) != 1 || len(uncovered) != 1 || uncovered[0].Why !=
		"with AuthType RESOURCE_POLICY the API's resource policy must allow states.amazonaws.com, which the pack does not read" {
		t.Errorf("Survey: %+v %+v", tasks, uncovered)
	}
}
