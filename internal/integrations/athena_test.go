package integrations

import (
	"reflect"
	"testing"

	"batchpipeline/internal/partial"
)

// TestAthenaRequests: what each Athena call needs, against AWS's
// templates (https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html:
// athena:startQueryExecution on workgroup/WORKGROUP, .sync adding
// stopQueryExecution and getQueryExecution; getDataCatalog on
// datacatalog/*; Stop/Get/GetQueryResults on workgroup/*, GetQueryResults
// with s3:GetObject) and Athena's API defaults (WorkGroup "primary",
// Catalog "AwsDataCatalog"). Each line is action, resource (holes by
// label) and whether it is unsure; the expected values are literals.
func TestAthenaRequests(t *testing.T) {
	const (
		wg      = "arn:aws:athena:ap-northeast-1:123456789012:workgroup/"
		catalog = "arn:aws:athena:ap-northeast-1:123456789012:datacatalog/"
	)
	tests := []struct {
		name     string
		resource string
		params   map[string]any
		want     []string
	}{
		{"request-response, in a workgroup, results in S3", "arn:aws:states:::athena:startQueryExecution",
			map[string]any{"QueryString": "SELECT 1", "WorkGroup": "nightly",
				"ResultConfiguration": map[string]any{"OutputLocation": "s3://query-results/nightly/"}},
			[]string{
				"athena:StartQueryExecution " + wg + "nightly",
				"athena:GetDataCatalog " + catalog + "AwsDataCatalog unsure",
				"s3:GetBucketLocation arn:aws:s3:::query-results unsure",
				"s3:PutObject arn:aws:s3:::query-results/nightly/KEY unsure",
			}},
		{".sync, the primary workgroup, another catalog", "arn:aws:states:::athena:startQueryExecution.sync",
			map[string]any{"QueryString": "SELECT 1", "QueryExecutionContext": map[string]any{"Catalog": "lake", "Database": "sales"}},
			[]string{
				"athena:StartQueryExecution " + wg + "primary",
				"athena:GetQueryExecution " + wg + "primary",
				"athena:StopQueryExecution " + wg + "primary",
				"athena:GetDataCatalog " + catalog + "lake unsure",
			}},
		{"chosen at run time", "arn:aws:states:::athena:startQueryExecution",
			map[string]any{"QueryString.$": "$.sql", "WorkGroup.$": "$.wg", "ResultConfiguration": map[string]any{"OutputLocation.$": "$.out"}},
			[]string{
				"athena:StartQueryExecution " + wg + "WORKGROUP",
				"athena:GetDataCatalog " + catalog + "AwsDataCatalog unsure",
				"s3:GetBucketLocation arn:aws:s3:::BUCKET unsure",
				"s3:PutObject arn:aws:s3:::BUCKET/KEY unsure",
			}},
		{"a bucket without prefix", "arn:aws:states:::athena:startQueryExecution",
			map[string]any{"QueryString": "SELECT 1", "ResultConfiguration": map[string]any{"OutputLocation": "s3://query-results"}},
			[]string{
				"athena:StartQueryExecution " + wg + "primary",
				"athena:GetDataCatalog " + catalog + "AwsDataCatalog unsure",
				"s3:GetBucketLocation arn:aws:s3:::query-results unsure",
				"s3:PutObject arn:aws:s3:::query-results/KEY unsure",
			}},
		{"stop", "arn:aws:states:::athena:stopQueryExecution", map[string]any{"QueryExecutionId.$": "$.id"},
			[]string{"athena:StopQueryExecution " + wg + "WORKGROUP"}},
		{"get", "arn:aws:states:::athena:getQueryExecution", map[string]any{"QueryExecutionId.$": "$.id"},
			[]string{"athena:GetQueryExecution " + wg + "WORKGROUP"}},
		{"results", "arn:aws:states:::athena:getQueryResults", map[string]any{"QueryExecutionId.$": "$.id"},
			[]string{"athena:GetQueryResults " + wg + "WORKGROUP", "s3:GetObject arn:aws:s3:::BUCKET/KEY unsure"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range call(t, tt.resource, tt.params).Requests(nightlyEnv()) {
				line := r.Action + " " + partial.Display(r.Resource)
				if r.Unsure != "" {
					line += " unsure"
				}
				got = append(got, line)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("requests:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

// TestAthenaPatterns: Step Functions accepts .sync for
// startQueryExecution only, and no callback
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-athena.html).
func TestAthenaPatterns(t *testing.T) {
	for resource, want := range map[string]bool{
		"arn:aws:states:::athena:startQueryExecution":                  true,
		"arn:aws:states:::athena:startQueryExecution.sync":             true,
		"arn:aws:states:::athena:startQueryExecution.waitForTaskToken": false,
		"arn:aws:states:::athena:getQueryResults":                      true,
		"arn:aws:states:::athena:getQueryResults.sync":                 false,
		"arn:aws:states:::athena:stopQueryExecution.sync":              false,
	} {
		if _, ok := Read(TaskState{Resource: resource, Parameters: map[string]any{"QueryExecutionId": "x"}}); ok != want {
			t.Errorf("Read(%s) = %v, want %v", resource, ok, want)
		}
	}
}

// TestAthenaNamesWhatItCannotJudge: every query's data access is named as
// not judged, whatever its parameters.
func TestAthenaNamesWhatItCannotJudge(t *testing.T) {
	c := call(t, "arn:aws:states:::athena:startQueryExecution", map[string]any{"QueryString": "SELECT * FROM sales.orders"})
	if why := c.Unjudged(); why == "" {
		t.Fatal("an Athena query's data access is not named as unjudged")
	}
	if why := call(t, "arn:aws:states:::athena:getQueryExecution", map[string]any{"QueryExecutionId": "x"}).Unjudged(); why != "" {
		t.Errorf("getQueryExecution reads no data, yet %q", why)
	}
}
