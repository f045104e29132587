package integrations

import (
	"reflect"
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

// TestPutEventsRequests: events:PutEvents on the bus of each entry, the
// default bus when an entry names none, as AWS's policy for the
// integration grants it
// (https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html;
// its dynamic template, arn:aws:events:*:*:event-bus/*, allows a bus
// chosen at run time). Expected values are literals.
func TestPutEventsRequests(t *testing.T) {
	entry := func(bus any) map[string]any {
		e := map[string]any{"Source": "nightly", "DetailType": "done", "Detail": map[string]any{}}
		switch b := bus.(type) {
		case string:
			e["EventBusName"] = b
		case bool:
			e["EventBusName.$"] = "$.bus"
		}
		return e
	}
	tests := []struct {
		name    string
		entries any
		want    []string
	}{
		{"no bus named", []any{entry(nil)}, []string{"arn:aws:events:ap-northeast-1:123456789012:event-bus/default"}},
		{"two entries on one bus", []any{entry("orders"), entry("orders")}, []string{"arn:aws:events:ap-northeast-1:123456789012:event-bus/orders"}},
		{"a bus by ARN", []any{entry(nil), entry("arn:aws:events:eu-west-1:210987654321:event-bus/central")}, []string{
			"arn:aws:events:ap-northeast-1:123456789012:event-bus/default", "arn:aws:events:eu-west-1:210987654321:event-bus/central"}},
		{"a bus chosen at run time", []any{entry(true)}, []string{"arn:aws:events:REGION:ACCOUNT_ID:event-bus/BUS"}},
	}
	dynamicTemplate := iam.Document{Statement: []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"events:PutEvents"},
		Resource: iam.Strings{"arn:aws:events:*:*:event-bus/*"}}}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqs := call(t, "arn:aws:states:::events:putEvents", map[string]any{"Entries": tt.entries}).Requests(nightlyEnv())
			var got []string
			for _, r := range reqs {
				got = append(got, partial.Display(r.Resource))
				if res := iam.Evaluate(request(r), []iam.Document{dynamicTemplate}, nil); res.Decision != iam.Allowed || len(res.Uncertain) > 0 {
					t.Errorf("AWS's dynamic template does not allow %s", partial.Display(r.Resource))
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("buses %q, want %q", got, tt.want)
			}
		})
	}
	dynamic := call(t, "arn:aws:states:::events:putEvents", map[string]any{"Entries.$": "$.e"}).Requests(nightlyEnv())
	if len(dynamic) != 1 || partial.Display(dynamic[0].Resource) != "arn:aws:events:REGION:ACCOUNT_ID:event-bus/BUS" {
		t.Errorf("entries chosen at run time: %+v", dynamic)
	}
}
