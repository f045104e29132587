package components

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/integrations"
)

// Limits of a Fargate task's awsvpc configuration
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html).
const (
	maxSubnets        = 16
	maxSecurityGroups = 5
)

// Names of the Input fields of NetworkArgs in messages: they have no
// config key.
const (
	subnetIDsInputField        = "SubnetIDsInput"
	securityGroupIDsInputField = "SecurityGroupIDsInput"
	assignPublicIPInputField   = "AssignPublicIPInput"
)

// withDefaults folds Inputs that are plain values (a pulumi.StringArray of
// pulumi.String, a pulumi.Bool) into the plain fields, when those are not
// set: the definition then holds them, as it holds config values. What
// stays in an Input field is not known before the deployment.
func (n NetworkArgs) withDefaults() NetworkArgs {
	if ids, ok := plainStrings(n.SubnetIDsInput); ok && len(n.SubnetIDs) == 0 {
		n.SubnetIDs, n.SubnetIDsInput = ids, nil
	}
	if ids, ok := plainStrings(n.SecurityGroupIDsInput); ok && len(n.SecurityGroupIDs) == 0 {
		n.SecurityGroupIDs, n.SecurityGroupIDsInput = ids, nil
	}
	if b, ok := n.AssignPublicIPInput.(pulumi.Bool); ok && !n.AssignPublicIP {
		n.AssignPublicIP, n.AssignPublicIPInput = bool(b), nil
	}
	return n
}

// plainStrings returns the values of an Input that is a literal array of
// literal strings.
func plainStrings(in pulumi.StringArrayInput) ([]string, bool) {
	arr, ok := in.(pulumi.StringArray)
	if !ok {
		return nil, false
	}
	out := make([]string, len(arr))
	for i, e := range arr {
		s, ok := e.(pulumi.String)
		if !ok {
			return nil, false
		}
		out[i] = string(s)
	}
	return out, true
}

// hasInputs reports whether a setting of n (with defaults) is an Input
// that is not a plain value: the tasks then read the network from the
// execution input.
func (n NetworkArgs) hasInputs() bool {
	return n.SubnetIDsInput != nil || n.SecurityGroupIDsInput != nil || n.AssignPublicIPInput != nil
}

// validate checks n (with defaults) under its config key; needed is set
// when a job runs on ECS. What an Input holds is checked as far as it is
// known now: the length of a literal array and its literal elements; the
// rest when the values are known (configuration).
func (n NetworkArgs) validate(key string, needed bool) error {
	var errs []error
	both := func(field, input string) {
		errs = append(errs, configErrorf(key+"."+field, "set either %s (a plain value) or %s (a pulumi Input), not both", field, input))
	}
	if len(n.SubnetIDs) > 0 && n.SubnetIDsInput != nil {
		both("subnetIds", subnetIDsInputField)
	}
	if len(n.SecurityGroupIDs) > 0 && n.SecurityGroupIDsInput != nil {
		both("securityGroupIds", securityGroupIDsInputField)
	}
	if n.AssignPublicIP && n.AssignPublicIPInput != nil {
		both("assignPublicIp", assignPublicIPInputField)
	}
	subnets, subnetsKnown := n.SubnetIDs, true
	if n.SubnetIDsInput != nil {
		subnets, subnetsKnown = literalElements(n.SubnetIDsInput)
	}
	groups, groupsKnown := n.SecurityGroupIDs, true
	if n.SecurityGroupIDsInput != nil {
		groups, groupsKnown = literalElements(n.SecurityGroupIDsInput)
	}
	if !subnetsKnown {
		subnets = nil
	}
	if !groupsKnown {
		groups = nil
	}
	errs = append(errs, networkIDErrors(key, subnets, groups, needed && subnetsKnown)...)
	return errors.Join(errs...)
}

// literalElements returns the elements of an Input that is a literal
// array (pulumi.StringArray), with "" for an element that is not a
// literal string, and whether its length is known now.
func literalElements(in pulumi.StringArrayInput) ([]string, bool) {
	arr, ok := in.(pulumi.StringArray)
	if !ok {
		return nil, false
	}
	out := make([]string, len(arr))
	for i, e := range arr {
		if s, ok := e.(pulumi.String); ok {
			out[i] = string(s)
		}
	}
	return out, true
}

// networkIDErrors checks the subnets and security groups of a network
// whose lists are known ("" stands for an element not known yet); needed
// is set when at least one subnet is required.
func networkIDErrors(key string, subnets, groups []string, needed bool) []error {
	var errs []error
	if needed && len(subnets) == 0 {
		errs = append(errs, configErrorf(key+".subnetIds", "ECS Fargate jobs need at least one subnet; list the subnet IDs the tasks run in (or pass them as %s)", subnetIDsInputField))
	}
	if len(subnets) > maxSubnets {
		errs = append(errs, configErrorf(key+".subnetIds", "%d subnets; a Fargate task takes at most %d", len(subnets), maxSubnets))
	}
	if len(groups) > maxSecurityGroups {
		errs = append(errs, configErrorf(key+".securityGroupIds", "%d security groups; a Fargate task takes at most %d", len(groups), maxSecurityGroups))
	}
	for i, s := range subnets {
		if s != "" && !strings.HasPrefix(s, "subnet-") {
			errs = append(errs, configErrorf(fmt.Sprintf("%s.subnetIds[%d]", key, i), "%q is not a subnet ID (subnet-...)", s))
		}
	}
	for i, s := range groups {
		if s != "" && !strings.HasPrefix(s, "sg-") {
			errs = append(errs, configErrorf(fmt.Sprintf("%s.securityGroupIds[%d]", key, i), "%q is not a security group ID (sg-...)", s))
		}
	}
	return errs
}

// configuration is the RunTask NetworkConfiguration of n (with defaults,
// validated), once its Inputs are known: what the schedule sends in the
// execution input (NetworkField) when the definition reads the network
// from it. The values are checked as the plain ones are; a bad value
// fails the output with the message naming the field (at a preview when
// it is known then, as a StackReference output is; at the deployment
// otherwise, before the schedule that sends it is created).
func (n NetworkArgs) configuration(key string) pulumi.MapOutput {
	subnets := n.SubnetIDsInput
	if subnets == nil {
		subnets = pulumi.ToStringArray(n.SubnetIDs)
	}
	groups := n.SecurityGroupIDsInput
	if groups == nil {
		groups = pulumi.ToStringArray(n.SecurityGroupIDs)
	}
	assign := n.AssignPublicIPInput
	if assign == nil {
		assign = pulumi.Bool(n.AssignPublicIP)
	}
	return pulumi.All(subnets, groups, assign).ApplyT(func(vs []any) (map[string]any, error) {
		subnets, _ := vs[0].([]string)
		groups, _ := vs[1].([]string)
		assign, _ := vs[2].(bool)
		if err := errors.Join(networkIDErrors(key, subnets, groups, true)...); err != nil {
			return nil, fmt.Errorf("network: invalid value: %w", err)
		}
		return integrations.RunTask{Subnets: subnets, SecurityGroups: groups, AssignPublicIP: assign}.NetworkConfiguration(), nil
	}).(pulumi.MapOutput)
}

// scheduleInput is the execution input the schedule sends: {} when the
// definition holds the network, {"network": ...} when it reads it from
// the input. It never names jobs: a scheduled run runs every job.
func scheduleInput(network pulumi.MapOutput, fromInput bool) pulumi.StringInput {
	if !fromInput {
		return pulumi.String("{}")
	}
	return network.ApplyT(func(cfg map[string]any) (string, error) {
		b, err := json.Marshal(map[string]any{NetworkField: cfg})
		if err != nil {
			return "", fmt.Errorf("schedule input: %w", err)
		}
		return string(b), nil
	}).(pulumi.StringOutput)
}
