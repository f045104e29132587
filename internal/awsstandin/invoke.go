package awsstandin

import (
	"context"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
)

// Function tokens the stand-in answers.
const (
	TokenCallerIdentity = "aws:index/getCallerIdentity:getCallerIdentity"
	TokenRegion         = "aws:index/getRegion:getRegion"
	TokenPartition      = "aws:index/getPartition:getPartition"
	TokenPolicyDocument = "aws:iam/getPolicyDocument:getPolicyDocument"
)

// Invoke answers the data sources a program needs to build ARNs and policy
// documents; any other function fails with Unimplemented, naming it.
func (p *provider) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	args, err := unmarshal(req.GetArgs(), "invoke arguments")
	if err != nil {
		return nil, err
	}
	ret, err := InvokeResult(p.env(), req.GetTok(), args)
	var failure *InvokeFailure
	switch {
	case errors.As(err, &failure):
		return &pulumirpc.InvokeResponse{Failures: []*pulumirpc.CheckFailure{{Reason: failure.Reason}}}, nil
	case errors.Is(err, ErrUnknownFunction):
		return nil, status.Errorf(codes.Unimplemented, "%v", err)
	case err != nil:
		return nil, err
	}
	out, err := marshal(ret, "invoke result")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: out}, nil
}

// ErrUnknownFunction is returned by InvokeResult for a function the
// stand-in does not implement.
var ErrUnknownFunction = errors.New("the offline AWS stand-in does not implement this function")

// InvokeFailure is a data source call that AWS would refuse (a policy
// document that does not render), reported to the program as a failure.
type InvokeFailure struct{ Reason string }

func (f *InvokeFailure) Error() string { return f.Reason }

// InvokeResult answers the functions getCallerIdentity, getRegion,
// getPartition and iam getPolicyDocument in e. The unit-test mocks
// (internal/pulumimock) use it too, so unit tests and `make preview` see the
// same account.
func InvokeResult(e integrations.Account, token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	switch token {
	case TokenCallerIdentity:
		return stringMap(
			"accountId", e.ID,
			"arn", e.GlobalARN("iam", "user/offline-standin"),
			"id", e.ID,
			"userId", "AIDA"+digest(e.ID)[:17],
		), nil
	case TokenRegion:
		region := stringProp(args, "name")
		if region == "" {
			region = stringProp(args, "region")
		}
		if region == "" {
			region = e.Region
		}
		return stringMap(
			"name", region,
			"region", region,
			"id", region,
			"endpoint", "ec2."+region+".amazonaws.com",
			"description", region,
		), nil
	case TokenPartition:
		e = e.WithPartition()
		return stringMap(
			"partition", e.Partition,
			"id", e.Partition,
			"dnsSuffix", arn.DNSSuffix(e.Partition),
			"reverseDnsPrefix", "com.amazonaws",
		), nil
	case TokenPolicyDocument:
		if args.ContainsUnknowns() {
			ret := resource.PropertyMap{}
			for _, key := range []resource.PropertyKey{"json", "minifiedJson", "id"} {
				ret[key] = resource.MakeComputed(resource.NewStringProperty(""))
			}
			return ret, nil
		}
		doc, err := renderPolicyDocument(args.Mappable())
		if err != nil {
			return nil, &InvokeFailure{Reason: err.Error()}
		}
		ret := args.Copy()
		ret["json"] = resource.NewStringProperty(doc.Pretty)
		ret["minifiedJson"] = resource.NewStringProperty(doc.Minified)
		ret["id"] = resource.NewStringProperty(fmt.Sprint(hashCode(doc.Minified)))
		return ret, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrUnknownFunction, token)
}
