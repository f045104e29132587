package integrations

import (
	"strings"

	"batchpipeline/internal/partial"
)

// athenaIAMPage is the policy of a state that runs an Athena query: for
// StartQueryExecution, athena:startQueryExecution and getDataCatalog
// (.sync adds stopQueryExecution and getQueryExecution) on
// workgroup/WORKGROUP and datacatalog/*; S3 actions on arn:aws:s3:::*;
// nineteen Glue Data Catalog actions on the catalog, its databases, tables
// and functions; lakeformation:GetDataAccess on "*"; for
// Stop/GetQueryExecution the one action on workgroup/*; for
// GetQueryResults athena:getQueryResults on workgroup/* and s3:GetObject
// on arn:aws:s3:::* (docs/research/integrations-passrole.md, section 8).
// No role is passed and no managed rule is created: .sync polls.
const athenaIAMPage = "https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html"

// athenaResultsPage says that whoever runs a query needs access to the
// query result location in S3, and that a workgroup that overrides
// client-side settings puts the results in its own location instead.
const athenaResultsPage = "https://docs.aws.amazon.com/athena/latest/ug/workgroups-troubleshooting.html"

// athenaDataWhy is why the data a query reads is not judged.
const athenaDataWhy = "Athena reads the query's tables with the state machine's role: Glue Data Catalog actions " +
	"on the databases and tables the SQL names, S3 reads of their locations and Lake Formation's " +
	"lakeformation:GetDataAccess (" + athenaIAMPage + "); the pack does not parse the query or read the catalog"

// athenaWorkGroupWhy is why the workgroup of a query named by its id is
// not known.
const athenaWorkGroupWhy = "the query execution runs in the workgroup it was started in, which the state does not name"

// athenaManagedWhy is why the requests on the result location may not be
// made at all.
const athenaManagedWhy = "the workgroup may enforce its own result location (EnforceWorkGroupConfiguration) or " +
	"keep results in Athena's managed storage, which the pack does not read"

// The optimized Athena integrations
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-athena.html):
// startQueryExecution request-response and .sync; stopQueryExecution,
// getQueryExecution and getQueryResults request-response only; "The Wait
// for a Callback with Task Token integration pattern is not supported".
//
// Peers: serverless-step-functions (athena.js) grants the current page's
// lists on "*"-like resources; the CDK's AthenaStartQueryExecution scopes
// S3 to the output location and Glue to the query's database ("default"
// when absent); terraform-aws-modules has the 2023 page's four athena
// actions for .sync and grants athena:stopQueryExecution for
// getQueryExecution, which AWS's page does not. AWS's current .sync
// template also grants GetWorkGroup, BatchGetQueryExecution,
// GetQueryResults and ListQueryExecutions; no page says .sync calls them
// and the 2023 page did not grant them, so the model does not ask for
// them.
var (
	athenaStartQuery = &Integration{
		Service:     "athena",
		Action:      "startQueryExecution",
		Patterns:    []Pattern{RequestResponse, Sync},
		Page:        athenaIAMPage,
		IAMServices: []string{"athena", "s3", "sts"},
		Examples: []Example{
			{"in a workgroup, its results in S3", TaskState{Resource: "arn:aws:states:::athena:startQueryExecution", Parameters: map[string]any{
				"QueryString": "SELECT 1", "WorkGroup": "nightly",
				"ResultConfiguration": map[string]any{"OutputLocation": "s3://query-results/nightly/"}}}},
			{"primary workgroup, .sync", TaskState{Resource: "arn:aws:states:::athena:startQueryExecution.sync", Parameters: map[string]any{
				"QueryString": "SELECT 1", "QueryExecutionContext": map[string]any{"Catalog": "lake"}}}},
			{"chosen at run time", TaskState{Resource: "arn:aws:states:::athena:startQueryExecution.sync", Parameters: map[string]any{
				"QueryString.$": "$.sql", "WorkGroup.$": "$.wg",
				"ResultConfiguration": map[string]any{"OutputLocation.$": "$.out"}}}},
		},
		requests: athenaStartRequests,
		unjudged: func(Call) string { return athenaDataWhy },
	}
	athenaStopQuery = athenaByID("stopQueryExecution", "athena:StopQueryExecution", "Step Functions stops the query with athena:StopQueryExecution")
	athenaGetQuery  = athenaByID("getQueryExecution", "athena:GetQueryExecution", "Step Functions reads the query's state with athena:GetQueryExecution")
	athenaGetResult = athenaByID("getQueryResults", "athena:GetQueryResults", "Step Functions reads the query's results with athena:GetQueryResults")
)

// athenaWorkGroupARN is the ARN of an Athena workgroup.
func (a Account) athenaWorkGroupARN(name string) string { return a.ARN("athena", "workgroup/"+name) }

// athenaStartRequests is what a StartQueryExecution call needs: the
// action on its workgroup ("primary" when it names none), for .sync the
// get and stop actions on it, athena:GetDataCatalog on the catalog it
// names (unsure: AWS's template grants it on datacatalog/* without
// saying when Athena checks it), and access to the result location it
// names (unsure: the workgroup may put the results elsewhere).
func athenaStartRequests(c Call, env Env) []Request {
	acct := env.Account()
	wg := "primary" // StartQueryExecution's default (Athena API reference, WorkGroup)
	if c.Param("WorkGroup").Set {
		wg = c.part("WorkGroup", "WORKGROUP", partial.Name)
	}
	group := acct.athenaWorkGroupARN(wg)
	reqs := []Request{callRequest("athena:StartQueryExecution", group, "Step Functions starts the query with athena:StartQueryExecution in its workgroup",
		athenaIAMPage, "AthenaQueries")}
	if c.Pattern == Sync {
		reqs = append(reqs,
			callRequest("athena:GetQueryExecution", group, "Step Functions follows the query with athena:GetQueryExecution until it ends", athenaIAMPage, "AthenaQueries"),
			callRequest("athena:StopQueryExecution", group, "Step Functions stops the query with athena:StopQueryExecution when the execution is stopped", athenaIAMPage, "AthenaQueries"))
	}
	catalog := "AwsDataCatalog" // the default catalog (Athena API reference, QueryExecutionContext)
	if c.Param("QueryExecutionContext", "Catalog").Set {
		catalog = c.part("QueryExecutionContext.Catalog", "CATALOG", partial.Name)
	}
	cat := callRequest("athena:GetDataCatalog", acct.ARN("athena", "datacatalog/"+catalog),
		"Athena looks up the query's data catalog with athena:GetDataCatalog", athenaIAMPage, "AthenaCatalogs")
	cat.Unsure = "AWS's template grants it on datacatalog/* for every query, but no page says when Athena checks it"
	reqs = append(reqs, cat)
	return append(reqs, athenaOutputRequests(c, acct)...)
}

// athenaOutputRequests is what writing the results to the location the
// call names needs: s3:GetBucketLocation on the bucket and s3:PutObject
// under the prefix, both unsure (athenaManagedWhy); none when the call
// names no location (the workgroup's is used).
func athenaOutputRequests(c Call, acct Account) []Request {
	v := c.Param("ResultConfiguration", "OutputLocation")
	if !v.Set {
		return nil
	}
	bucket, prefix := partial.Hole{Label: "BUCKET", Class: partial.Name, Why: c.notKnown("result location")}.String(), ""
	if loc, ok := v.Static(); ok {
		if rest, found := strings.CutPrefix(loc, "s3://"); found {
			bucket, prefix, _ = strings.Cut(rest, "/")
		}
	}
	key := partial.Hole{Label: "KEY", Class: partial.Any, Why: "Athena names each result object after the query execution's id"}.String()
	on := func(action, resource, why string) Request {
		r := callRequest(action, resource, why, athenaResultsPage, "AthenaResults")
		r.Unsure = athenaManagedWhy
		r.ResourcePolicy = "the bucket's policy"
		if partial.Known(acct.BucketARN(bucket)) && action == "s3:PutObject" {
			r.Grant.Resource = acct.BucketARN(bucket) + "/" + prefix + "*"
		}
		return r
	}
	return []Request{
		on("s3:GetBucketLocation", acct.BucketARN(bucket), "Athena finds the result bucket's region with s3:GetBucketLocation"),
		on("s3:PutObject", acct.BucketARN(bucket)+"/"+prefix+key, "Athena writes the query's results with s3:PutObject"),
	}
}

// athenaByID is an Athena integration on a query named by its
// QueryExecutionId, request-response only: action on the query's
// workgroup, which the state does not name; getQueryResults also reads
// the results from S3 (unsure, athenaManagedWhy).
func athenaByID(api, action, why string) *Integration {
	resource := "arn:aws:states:::athena:" + api
	return &Integration{
		Service:     "athena",
		Action:      api,
		Patterns:    []Pattern{RequestResponse},
		Page:        athenaIAMPage,
		IAMServices: []string{"athena", "s3", "sts"},
		Examples: []Example{
			{"a query", TaskState{Resource: resource, Parameters: map[string]any{"QueryExecutionId.$": "$.QueryExecution.QueryExecutionId"}}},
		},
		requests: func(c Call, env Env) []Request {
			acct := env.Account()
			group := acct.athenaWorkGroupARN(partial.Hole{Label: "WORKGROUP", Class: partial.Name, Why: athenaWorkGroupWhy}.String())
			reqs := []Request{callRequest(action, group, why, athenaIAMPage, "AthenaQueries")}
			if action != "athena:GetQueryResults" {
				return reqs
			}
			get := callRequest("s3:GetObject", acct.BucketARN(partial.Hole{Label: "BUCKET", Class: partial.Name, Why: "the query's result location is not named by the state"}.String())+"/"+
				partial.Hole{Label: "KEY", Class: partial.Any, Why: "Athena names each result object after the query execution's id"}.String(),
				"Athena reads the results from the result location with s3:GetObject", athenaResultsPage, "AthenaResults")
			get.Unsure = athenaManagedWhy
			get.ResourcePolicy = "the bucket's policy"
			return append(reqs, get)
		},
	}
}
