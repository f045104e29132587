package integrations

import (
	"reflect"
	"strings"
	"testing"

	"batchpipeline/internal/asl"
	"batchpipeline/internal/partial"
)

// machineEnv is nightlyEnv inside the state machine "nightly".
type machineEnv struct{ fakeEnv }

func (machineEnv) StateMachineARN() string { return testAccount.StateMachineARN("nightly") }

// TestDistributedMapRequests: what a Distributed Map needs of its state
// machine's role, per docs/research/distributed-map.md, section 7, from
// AWS's pages (iam-policies-eg-dist-map.html, input-output-itemreader.html,
// input-output-resultwriter.html): StartExecution on the state machine
// itself; DescribeExecution of the children (unsure: which ARN AWS checks
// is not documented); s3:ListBucket with s3:prefix for a listing, and
// s3:GetObject on the listed objects when they are loaded; s3:GetObject
// (s3:GetObjectVersion with VersionId) on a file; s3:PutObject on the
// results, and the multipart actions (unsure). Expected values are
// literals; a "?" marks an unsure request.
func TestDistributedMapRequests(t *testing.T) {
	const self = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:nightly"
	children := []string{"states:StartExecution " + self,
		"states:DescribeExecution? arn:aws:states:ap-northeast-1:123456789012:execution:nightly/LABEL:ID"}
	tests := []struct {
		name    string
		state   string
		jsonata bool
		want    []string
	}{
		{"items from the input", `{}`, false, children},
		{"a listing", `{"ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
			"Parameters": {"Bucket": "inputs", "Prefix": "nightly/"}}}`, false, append(children,
			"s3:ListBucket arn:aws:s3:::inputs s3:prefix=nightly/",
			"s3:GetObject? arn:aws:s3:::inputs/nightly/KEY")},
		{"a flattened listing", `{"ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
			"ReaderConfig": {"Transformation": "LOAD_AND_FLATTEN"}, "Parameters": {"Bucket": "inputs"}}}`, false, append(children,
			"s3:ListBucket arn:aws:s3:::inputs",
			"s3:GetObject arn:aws:s3:::inputs/KEY")},
		{"a CSV file, JSONata", `{"ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
			"ReaderConfig": {"InputType": "CSV"}, "Arguments": {"Bucket": "inputs", "Key": "items.csv"}}}`, true, append(children,
			"s3:GetObject arn:aws:s3:::inputs/items.csv")},
		{"a version of a file", `{"ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
			"ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "inputs", "Key": "items.json", "VersionId": "v1"}}}`, false,
			append(children, "s3:GetObjectVersion arn:aws:s3:::inputs/items.json")},
		{"an S3 inventory", `{"ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
			"ReaderConfig": {"InputType": "MANIFEST"}, "Parameters": {"Bucket": "inv", "Key": "x/manifest.json"}}}`, false, append(children,
			"s3:GetObject arn:aws:s3:::inv/x/manifest.json",
			"s3:GetObject? arn:aws:s3:::inv/DATA_KEY")},
		{"a bucket chosen at run time", `{"ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
			"ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket.$": "$.b", "Key": "items.json"}}}`, false, append(children,
			"s3:GetObject arn:aws:s3:::BUCKET/items.json")},
		{"results written", `{"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
			"Parameters": {"Bucket": "outputs", "Prefix": "results"}}}`, false, append(children,
			"s3:PutObject arn:aws:s3:::outputs/results/KEY",
			"s3:GetObject? arn:aws:s3:::outputs/results/KEY",
			"s3:ListMultipartUploadParts? arn:aws:s3:::outputs/results/KEY",
			"s3:AbortMultipartUpload? arn:aws:s3:::outputs/results/KEY")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ql := ""
			if tt.jsonata {
				ql = `"QueryLanguage": "JSONata", `
			}
			fields := strings.TrimSuffix(strings.TrimPrefix(tt.state, "{"), "}")
			if fields != "" {
				fields = ", " + fields
			}
			def, err := asl.Parse([]byte(`{` + ql + `"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
				"ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "Item",
				"States": {"Item": {"Type": "Pass", "End": true}}}` + fields + `}}}`))
			if err != nil {
				t.Fatal(err)
			}
			tasks, uncovered := Survey(def)
			if len(tasks) != 1 || len(uncovered) != 0 {
				t.Fatalf("Survey: %+v, %+v; want the Map read, nothing else", tasks, uncovered)
			}
			var got []string
			for _, r := range tasks[0].Call.Requests(machineEnv{nightlyEnv()}) {
				s := r.Action
				if r.Unsure != "" {
					s += "?"
				}
				s += " " + partial.Display(r.Resource)
				for k, v := range r.Context {
					s += " " + k + "=" + v
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("requests\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
