package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/integrations"
)

// lookupAccount asks the AWS provider for the account, partition and region
// the stack deploys to. The invokes run in previews too, so every ARN built
// from the result is known at the first preview.
func lookupAccount(ctx *pulumi.Context, opts ...pulumi.InvokeOption) (integrations.Account, error) {
	id, err := aws.GetCallerIdentity(ctx, nil, opts...)
	if err != nil {
		return integrations.Account{}, fmt.Errorf("look up the AWS account (getCallerIdentity): %w", err)
	}
	part, err := aws.GetPartition(ctx, nil, opts...)
	if err != nil {
		return integrations.Account{}, fmt.Errorf("look up the AWS partition (getPartition): %w", err)
	}
	region, err := aws.GetRegion(ctx, nil, opts...)
	if err != nil {
		return integrations.Account{}, fmt.Errorf("look up the AWS region (getRegion): %w", err)
	}
	return integrations.Account{Partition: part.Partition, Region: region.Name, ID: id.AccountId}, nil
}
