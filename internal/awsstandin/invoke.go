package awsstandin

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Function tokens the stand-in answers.
const (
	tokenCallerIdentity = "aws:index/getCallerIdentity:getCallerIdentity"
	tokenRegion         = "aws:index/getRegion:getRegion"
	tokenPartition      = "aws:index/getPartition:getPartition"
	tokenPolicyDocument = "aws:iam/getPolicyDocument:getPolicyDocument"
)

// Invoke answers the data sources a program needs to build ARNs and policy
// documents; any other function fails with Unimplemented, naming it.
func (p *provider) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	args, err := unmarshal(req.GetArgs(), "invoke arguments")
	if err != nil {
		return nil, err
	}
	e := p.env()
	var ret resource.PropertyMap
	switch req.GetTok() {
	case tokenCallerIdentity:
		ret = stringMap(
			"accountId", e.Account,
			"arn", e.globalARN("iam", "user/offline-standin"),
			"id", e.Account,
			"userId", "AIDA"+digest(e.Account)[:17],
		)
	case tokenRegion:
		region := stringProp(args, "name")
		if region == "" {
			region = e.Region
		}
		ret = stringMap(
			"name", region,
			"id", region,
			"endpoint", "ec2."+region+".amazonaws.com",
			"description", region,
		)
	case tokenPartition:
		ret = stringMap(
			"partition", e.Partition,
			"id", e.Partition,
			"dnsSuffix", "amazonaws.com",
			"reverseDnsPrefix", "com.amazonaws",
		)
	case tokenPolicyDocument:
		if args.ContainsUnknowns() {
			ret = resource.PropertyMap{}
			for _, key := range []resource.PropertyKey{"json", "minifiedJson", "id"} {
				ret[key] = resource.MakeComputed(resource.NewStringProperty(""))
			}
			break
		}
		doc, err := renderPolicyDocument(args.Mappable())
		if err != nil {
			return &pulumirpc.InvokeResponse{Failures: []*pulumirpc.CheckFailure{{Reason: err.Error()}}}, nil
		}
		ret = args.Copy()
		ret["json"] = resource.NewStringProperty(doc.Pretty)
		ret["minifiedJson"] = resource.NewStringProperty(doc.Minified)
		ret["id"] = resource.NewStringProperty(fmt.Sprint(hashCode(doc.Minified)))
	default:
		return nil, status.Errorf(codes.Unimplemented,
			"the offline AWS stand-in does not implement function %s", req.GetTok())
	}
	out, err := marshal(ret, "invoke result")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: out}, nil
}
