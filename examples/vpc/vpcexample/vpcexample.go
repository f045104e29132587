// Package vpcexample is a Pulumi program that composes the pipeline with
// the rest of a program: it builds a VPC (two public subnets, an internet
// gateway, a security group), or reads one from another stack through a
// StackReference, and passes the ids, Outputs, to components.Pipeline as
// its network. The pipeline's
// definition and every IAM document stay known at the first preview, so
// the policy pack judges them as it judges the plain-config stack; the
// ECS tasks read the network from the execution input, which the schedule
// sends (components.NetworkArgs).
//
// Everything else comes from the stack's batchpipeline config, read as the
// product's own program reads it (program.Load).
package vpcexample

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/components"
	"batchpipeline/program"
)

// Network is the VPC the example builds for the pipeline's tasks.
type Network struct {
	// SubnetIDs are the ids of the public subnets.
	SubnetIDs pulumi.StringArray
	// SecurityGroupID is the tasks' security group (egress only).
	SecurityGroupID pulumi.StringOutput
}

// cidrs are the VPC's and its subnets' address ranges.
const vpcCIDR = "10.42.0.0/16"

var subnetCIDRs = []string{"10.42.0.0/24", "10.42.1.0/24"}

// NewNetwork creates the VPC, its internet gateway and public route, two
// public subnets and an egress-only security group, named after prefix.
// The subnets are public so that tasks with a public IP reach ECR and
// CloudWatch Logs without a NAT gateway; a production VPC would more
// often use private subnets with a NAT gateway or VPC endpoints, and set
// the subnets' availabilityZone to spread them.
func NewNetwork(ctx *pulumi.Context, prefix string) (*Network, error) {
	vpc, err := ec2.NewVpc(ctx, prefix, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(vpcCIDR),
		EnableDnsHostnames: pulumi.Bool(true),
		EnableDnsSupport:   pulumi.Bool(true),
		Tags:               pulumi.StringMap{"Name": pulumi.String(prefix)},
	})
	if err != nil {
		return nil, fmt.Errorf("vpc: %w", err)
	}
	gateway, err := ec2.NewInternetGateway(ctx, prefix, &ec2.InternetGatewayArgs{VpcId: vpc.ID()}, pulumi.Parent(vpc))
	if err != nil {
		return nil, fmt.Errorf("internet gateway: %w", err)
	}
	routes, err := ec2.NewRouteTable(ctx, prefix+"-public", &ec2.RouteTableArgs{
		VpcId: vpc.ID(),
		Routes: ec2.RouteTableRouteArray{ec2.RouteTableRouteArgs{
			CidrBlock: pulumi.String("0.0.0.0/0"),
			GatewayId: gateway.ID(),
		}},
	}, pulumi.Parent(vpc))
	if err != nil {
		return nil, fmt.Errorf("route table: %w", err)
	}
	n := &Network{}
	for i, cidr := range subnetCIDRs {
		name := fmt.Sprintf("%s-public-%d", prefix, i+1)
		subnet, err := ec2.NewSubnet(ctx, name, &ec2.SubnetArgs{
			VpcId:     vpc.ID(),
			CidrBlock: pulumi.String(cidr),
			Tags:      pulumi.StringMap{"Name": pulumi.String(name)},
		}, pulumi.Parent(vpc))
		if err != nil {
			return nil, fmt.Errorf("subnet %s: %w", name, err)
		}
		if _, err := ec2.NewRouteTableAssociation(ctx, name, &ec2.RouteTableAssociationArgs{
			SubnetId:     subnet.ID(),
			RouteTableId: routes.ID(),
		}, pulumi.Parent(subnet)); err != nil {
			return nil, fmt.Errorf("route table association %s: %w", name, err)
		}
		n.SubnetIDs = append(n.SubnetIDs, subnet.ID().ToStringOutput())
	}
	sg, err := ec2.NewSecurityGroup(ctx, prefix+"-tasks", &ec2.SecurityGroupArgs{
		VpcId:       vpc.ID(),
		Description: pulumi.String("Pipeline tasks: outbound only"),
		Egress: ec2.SecurityGroupEgressArray{ec2.SecurityGroupEgressArgs{
			Protocol:   pulumi.String("-1"),
			FromPort:   pulumi.Int(0),
			ToPort:     pulumi.Int(0),
			CidrBlocks: pulumi.StringArray{pulumi.String("0.0.0.0/0")},
		}},
	}, pulumi.Parent(vpc))
	if err != nil {
		return nil, fmt.Errorf("security group: %w", err)
	}
	n.SecurityGroupID = sg.ID().ToStringOutput()
	return n, nil
}

// Options say where the program takes the network from.
type Options struct {
	// NetworkStack, when set, is the fully qualified name of a stack
	// (organization/PROJECT/STACK) whose outputs subnetIds and
	// securityGroupIds place the tasks, read through a StackReference, as
	// when another team owns the VPC; otherwise the program builds the VPC
	// (NewNetwork).
	NetworkStack string
}

// NetworkStackConfigKey is the config key Run reads Options.NetworkStack
// from.
const NetworkStackConfigKey = "vpcexample:networkStack"

// Run is the program with its Options from the stack's config
// (NetworkStackConfigKey).
func Run(ctx *pulumi.Context) error {
	stack, _ := ctx.GetConfig(NetworkStackConfigKey)
	return Program(Options{NetworkStack: stack})(ctx)
}

// Program returns the program: the stack's pipeline config, with its
// network replaced by the VPC's, built here or read from another stack.
func Program(opts Options) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		args, err := program.Load(func(key string) (string, bool) {
			return ctx.GetConfig(program.Namespace + ":" + key)
		})
		if err != nil {
			return err
		}
		if opts.NetworkStack != "" {
			ref, err := pulumi.NewStackReference(ctx, opts.NetworkStack, nil)
			if err != nil {
				return fmt.Errorf("network stack %s: %w", opts.NetworkStack, err)
			}
			args.Network = components.NetworkArgs{
				SubnetIDsInput:        ref.GetOutput(pulumi.String("subnetIds")).AsStringArrayOutput(),
				SecurityGroupIDsInput: ref.GetOutput(pulumi.String("securityGroupIds")).AsStringArrayOutput(),
				AssignPublicIPInput:   pulumi.Bool(true),
			}
		} else {
			network, err := NewNetwork(ctx, args.Name)
			if err != nil {
				return err
			}
			args.Network = components.NetworkArgs{
				SubnetIDsInput:        network.SubnetIDs,
				SecurityGroupIDsInput: pulumi.StringArray{network.SecurityGroupID},
				// A literal: the public subnets need it to pull images.
				AssignPublicIPInput: pulumi.Bool(true),
			}
			ctx.Export("subnetIds", network.SubnetIDs)
			ctx.Export("securityGroupId", network.SecurityGroupID)
		}
		p, err := components.NewPipeline(ctx, args.Name, &args)
		if err != nil {
			return fmt.Errorf("%w (fix it in the stack's config)", err)
		}
		ctx.Export("stateMachineArn", p.StateMachineARN)
		ctx.Export("rerunCommand", p.RerunCommand)
		ctx.Export("definition", p.DefinitionJSON)
		return nil
	}
}

// NetworkStack is the program of a stack that only owns the network
// (NewNetwork, named after prefix) and exports what Options.NetworkStack
// reads: subnetIds and securityGroupIds.
func NetworkStack(prefix string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		network, err := NewNetwork(ctx, prefix)
		if err != nil {
			return err
		}
		ctx.Export("subnetIds", network.SubnetIDs)
		ctx.Export("securityGroupIds", pulumi.StringArray{network.SecurityGroupID})
		return nil
	}
}
