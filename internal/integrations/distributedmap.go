package integrations

import (
	"slices"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/asl"
	"batchpipeline/internal/partial"
)

// Pages of the Distributed Map state (docs/research/distributed-map.md
// gathers the quotes).
const (
	// distributedMapIAMPage: the state machine's role starts the child
	// executions ("invoke the StartExecution API action for the
	// Distributed Map state") on the state machine itself, and reads and
	// writes what its ItemReader and ResultWriter name.
	distributedMapIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html"
	itemReaderPage        = "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html"
	resultWriterPage      = "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html"
)

// S3 ARNs.
const s3ObjectsWhy = "the objects are named when the Map Run reads or writes them"

// BucketARN returns the ARN of an S3 bucket: arn:PARTITION:s3:::NAME.
func (a Account) BucketARN(name string) string {
	return Account{Partition: a.Partition}.GlobalARN("s3", name)
}

// distributedMap is a Map state whose ItemProcessor runs in DISTRIBUTED
// mode: it is no Task state, but it calls AWS with the state machine's
// role (distributedMapIAMPage), so Survey reads it through this
// Integration, as the Resource distributedMapResource. Its child
// executions run the ItemProcessor's states with the same role; those are
// Task states of the definition, read as any other.
//
// Peers: the CDK's DistributedMap put DescribeExecution and StopExecution
// on stateMachine:NAME:*, which matches no execution, and granted no
// self-StartExecution before its native class (aws/aws-cdk #28820,
// #35390, PR #34760); serverless-step-functions grants self-start (since
// #543), ResultWriter's PutObject only (not the three other actions AWS's
// page lists) and an EventBridge rule the Map does not use;
// terraform-aws-modules has no template for it.
var distributedMap = &Integration{
	Service:     "states",
	Action:      "distributedMap",
	Patterns:    []Pattern{RequestResponse},
	Page:        distributedMapIAMPage,
	IAMServices: []string{"states", "s3", "sts"},
	Examples: []Example{
		{"listing objects, results written", TaskState{Resource: distributedMapResource, Parameters: map[string]any{
			"ItemReader": map[string]any{"Resource": "arn:aws:states:::s3:listObjectsV2",
				"Parameters": map[string]any{"Bucket": "inputs", "Prefix": "nightly/"}},
			"ResultWriter": map[string]any{"Resource": "arn:aws:states:::s3:putObject",
				"Parameters": map[string]any{"Bucket": "outputs", "Prefix": "results"}},
		}}},
		{"a CSV file, flattened listing", TaskState{Resource: distributedMapResource, Parameters: map[string]any{
			"ItemReader": map[string]any{"Resource": "arn:aws:states:::s3:getObject",
				"ReaderConfig": map[string]any{"InputType": "CSV"},
				"Parameters":   map[string]any{"Bucket": "inputs", "Key": "items.csv"}},
		}}},
		{"a bucket chosen at run time", TaskState{Resource: distributedMapResource, Parameters: map[string]any{
			"ItemReader": map[string]any{"Resource": "arn:aws:states:::s3:getObject",
				"ReaderConfig": map[string]any{"InputType": "JSON"},
				"Parameters":   map[string]any{"Bucket.$": "$.bucket", "Key.$": "$.key"}},
		}}},
		{"items from the input", TaskState{Resource: distributedMapResource}},
	},
	requests: distributedMapRequests,
	legacy: func(resource string) (Pattern, bool) {
		return RequestResponse, resource == distributedMapResource
	},
}

// distributedMapResource is what Survey gives a Distributed Map as its
// Resource, for the model to read it (through legacy): it is no ARN, so
// no Task state that AWS accepts has it.
const distributedMapResource = "Map (DISTRIBUTED)"

// distributedMapState returns the Task state the model reads a
// Distributed Map as: its ItemReader and ResultWriter as parameters.
func distributedMapState(s *asl.State, jsonata bool) TaskState {
	params := map[string]any{}
	if s.ItemReader != nil {
		params["ItemReader"] = s.ItemReader
	}
	if s.ResultWriter != nil {
		params["ResultWriter"] = s.ResultWriter
	}
	return TaskState{Resource: distributedMapResource, JSONata: jsonata, Parameters: params}
}

// isDistributedMap reports whether a state is a Map in DISTRIBUTED mode.
func isDistributedMap(s *asl.State) bool {
	return s != nil && s.Type == asl.TypeMap && s.ItemProcessor != nil && s.ItemProcessor.ProcessorConfig["Mode"] == "DISTRIBUTED"
}

// StateMachineResolver is the Env of a call made inside a state machine
// the Env knows: a Distributed Map starts executions of its own.
type StateMachineResolver interface {
	// StateMachineARN is the ARN of the state machine, known in part.
	StateMachineARN() string
}

// distributedMapRequests is what a Distributed Map needs of the state
// machine's role (docs/research/distributed-map.md, section 7): starting
// the child executions on the state machine's own ARN; following them
// (states:DescribeExecution, which AWS's page grants on
// execution:NAME:*, though which ARN it checks for a child is not
// documented: unsure); what its ItemReader reads and its ResultWriter
// writes.
func distributedMapRequests(c Call, env Env) []Request {
	acct := env.Account()
	self := acct.StateMachineARN(partial.Hole{Label: "NAME", Class: partial.Name,
		Why: "the state machine's name is not known here"}.String())
	if r, ok := env.(StateMachineResolver); ok {
		self = r.StateMachineARN()
	}
	reqs := []Request{{
		Kind:     CallRequest,
		Action:   "states:StartExecution",
		Resource: self,
		Why:      "the Distributed Map runs each batch of items as a child execution of its own state machine, started with states:StartExecution",
		Page:     distributedMapIAMPage,
		Fails:    "The Map state fails at each run",
		Grant:    Grant{Sid: "StartMapRuns"},
	}}
	if partial.Known(self) {
		reqs[0].Grant.Resource = self
	}
	if a, ok := arn.Parse(self); ok {
		if name, isMachine := StateMachineFromARN(self); isMachine {
			owner := AccountOf(a)
			const why = "the Map Run names its child executions when it starts them"
			label := partial.Hole{Label: "LABEL", Class: partial.Name, Why: why}.String()
			id := partial.Hole{Label: "ID", Class: partial.Name, Why: why}.String()
			// A child execution's ARN is execution:NAME/LABEL:ID (the
			// reference's "labelled execution"); AWS's page grants
			// execution:NAME:*, which matches no such ARN. The least
			// grant here is execution:NAME/*, which does.
			r := Request{
				Kind:     CallRequest,
				Action:   "states:DescribeExecution",
				Resource: owner.ExecutionARN(name+"/"+label, id),
				Why:      "the Distributed Map follows its child executions with states:DescribeExecution",
				Page:     distributedMapIAMPage,
				Unsure: "AWS's page grants it on execution:NAME:*, but which ARN AWS checks for a child execution " +
					"(execution:NAME/LABEL:ID) is not documented",
				Grant: Grant{Sid: "FollowMapRuns"},
			}
			if partial.Known(self) {
				r.Grant.Resource = owner.ARN("states", "execution:"+name+"/*")
			}
			reqs = append(reqs, r)
		}
	}
	reqs = append(reqs, itemReaderRequests(c, acct)...)
	return append(reqs, resultWriterRequests(c, acct)...)
}

// mapParams names the parameters of an ItemReader or ResultWriter:
// Parameters, or Arguments under JSONata.
func mapParams(c Call) string {
	if c.params.jsonata {
		return "Arguments"
	}
	return "Parameters"
}

// bucketOf reads the Bucket of an ItemReader or ResultWriter: the bucket's
// name, known in part when chosen at run time. S3 buckets have no region
// or account in their ARNs.
func bucketOf(c Call, field string) string {
	switch v := c.Param(field, mapParams(c), "Bucket"); {
	case v.Dynamic || !v.Set:
		return partial.Hole{Label: "BUCKET", Class: partial.Name, Why: "the state chooses its bucket at run time"}.String()
	default:
		if b, ok := v.Static(); ok {
			return b
		}
		return partial.Hole{Label: "BUCKET", Class: partial.Name, Why: "Bucket is not a string"}.String()
	}
}

// keyPart reads a string parameter (Key, Prefix) of an ItemReader or
// ResultWriter: its value, a hole when chosen at run time, "" when absent.
func keyPart(c Call, field, param string) string {
	switch v := c.Param(field, mapParams(c), param); {
	case !v.Set:
		return ""
	case v.Dynamic:
		return partial.Hole{Label: strings.ToUpper(param), Class: partial.Any, Why: "the state chooses its " + strings.ToLower(param) + " at run time"}.String()
	default:
		s, _ := v.Static()
		return s
	}
}

// itemReaderRequests is what an ItemReader reads with the state machine's
// role (itemReaderPage; docs/research/distributed-map.md, section 2):
// s3:ListBucket on the bucket (with s3:prefix) for a listing, and
// s3:GetObject on the listed objects when they are loaded
// (LOAD_AND_FLATTEN); s3:GetObject on the file (JSON, JSONL, CSV,
// PARQUET) or the manifest it reads, s3:GetObjectVersion with VersionId;
// for an S3 inventory, the data files its manifest lists (unsure: AWS
// shows them under the manifest's prefix). A bucket's policy may allow
// what the role's policies do not (ResourcePolicy).
func itemReaderRequests(c Call, acct Account) []Request {
	const field = "ItemReader"
	resource, _ := c.Param(field, "Resource").Static()
	if resource == "" {
		return nil // items from the state's input
	}
	bucket := bucketOf(c, field)
	bucketARN := acct.BucketARN(bucket)
	object := func(key string) string { return bucketARN + "/" + key }
	on := func(action, res, why string) Request {
		r := Request{
			Kind:           CallRequest,
			Action:         action,
			Resource:       res,
			Why:            why,
			Page:           itemReaderPage,
			Fails:          "The Map state fails with States.ItemReaderFailed",
			ResourcePolicy: "the bucket's policy",
			Grant:          Grant{Sid: "ReadMapItems"},
		}
		if partial.Known(res) {
			r.Grant.Resource = res
		}
		return r
	}
	p, _ := ParseTaskResource(resource)
	config := func(key string) string { v, _ := c.Param(field, "ReaderConfig", key).Static(); return v }
	switch p.Action {
	case "listObjectsV2":
		prefix := keyPart(c, field, "Prefix")
		list := on("s3:ListBucket", bucketARN, "the ItemReader lists the objects of the bucket with s3:ListBucket")
		if prefix != "" {
			list.Context = map[string]string{"s3:prefix": prefix}
		}
		reqs := []Request{list}
		get := on("s3:GetObject", object(prefix+partial.Hole{Label: "KEY", Class: partial.Any, Why: s3ObjectsWhy}.String()),
			"the ItemReader loads each listed object with s3:GetObject")
		if partial.Known(bucket) && partial.Known(prefix) {
			get.Grant.Resource = object(prefix + "*")
		}
		if config("Transformation") != "LOAD_AND_FLATTEN" {
			get.Unsure = "AWS's page lists it for a listing, which reads no object unless its items are loaded (LOAD_AND_FLATTEN)"
		}
		return append(reqs, get)
	case "getObject":
		key := keyPart(c, field, "Key")
		if key == "" {
			key = partial.Hole{Label: "KEY", Class: partial.Any, Why: "the ItemReader names no Key"}.String()
		}
		action := "s3:GetObject"
		if c.Param(field, mapParams(c), "VersionId").Set {
			action = "s3:GetObjectVersion"
		}
		reqs := []Request{on(action, object(key), "the ItemReader reads "+key+" with "+action)}
		if config("InputType") == "MANIFEST" || config("ManifestType") == "S3_INVENTORY" {
			data := on("s3:GetObject", object(partial.Hole{Label: "DATA_KEY", Class: partial.Any, Why: "the manifest names them"}.String()),
				"the ItemReader reads the data files the manifest lists with s3:GetObject")
			data.Unsure = "the data files are named by the manifest, known only at run time"
			reqs = append(reqs, data)
		}
		return reqs
	}
	return nil
}

// resultWriterRequests is what a ResultWriter writes with the state
// machine's role (resultWriterPage; docs/research/distributed-map.md,
// section 3): s3:PutObject on BUCKET/PREFIX/*, and s3:GetObject,
// s3:ListMultipartUploadParts and s3:AbortMultipartUpload, which AWS's
// page lists for the multipart upload of large results (unsure: they are
// not certain to be called). A WriterConfig alone writes nothing to S3.
func resultWriterRequests(c Call, acct Account) []Request {
	const field = "ResultWriter"
	if resource, _ := c.Param(field, "Resource").Static(); resource == "" {
		return nil
	}
	bucket := bucketOf(c, field)
	prefix := keyPart(c, field, "Prefix")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	objects := acct.BucketARN(bucket) + "/" + prefix
	var reqs []Request
	for _, a := range []struct{ action, unsure string }{
		{"s3:PutObject", ""},
		{"s3:GetObject", "AWS's page lists it for the multipart upload of large results"},
		{"s3:ListMultipartUploadParts", "AWS's page lists it for the multipart upload of large results"},
		{"s3:AbortMultipartUpload", "AWS's page lists it for the multipart upload of large results"},
	} {
		r := Request{
			Kind:           CallRequest,
			Action:         a.action,
			Resource:       objects + partial.Hole{Label: "KEY", Class: partial.Any, Why: s3ObjectsWhy}.String(),
			Why:            "the ResultWriter writes the Map Run's results with " + a.action,
			Page:           resultWriterPage,
			Fails:          "The Map state fails with States.ResultWriterFailed",
			Unsure:         a.unsure,
			ResourcePolicy: "the bucket's policy",
			Grant:          Grant{Sid: "WriteMapResults"},
		}
		if partial.Known(objects) {
			r.Grant.Resource = objects + "*"
		}
		reqs = append(reqs, r)
	}
	return reqs
}

// unknownMapIO says why the model cannot judge a Distributed Map's
// ItemReader or ResultWriter, "" when it can (or there is none).
func unknownMapIO(c Call, field string) string {
	v := c.Param(field, "Resource")
	if !v.Set {
		return ""
	}
	resource, ok := v.Static()
	p, parsed := ParseTaskResource(resource)
	known := map[string][]string{"ItemReader": {"listObjectsV2", "getObject"}, "ResultWriter": {"putObject"}}[field]
	if ok && parsed && p.Service == "s3" && slices.Contains(known, p.Action) && p.Pattern == RequestResponse {
		return ""
	}
	return "the run-time model does not know this " + field
}
